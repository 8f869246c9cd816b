export type { ChainGraphOptions, OnnxScorer, Standardization } from './export/model-graphs.js';
export {
  chainGraph,
  classifierGraph,
  flowForwardGraph,
  flowInverseGraph,
  flowLogProbGraph,
} from './export/model-graphs.js';
export { loadFlow, saveFlow } from './flow-files.js';
export type { SerializeOnnxOptions } from './onnx/serialize.js';
export { serializeOnnxGraph } from './onnx/serialize.js';
export { writeOnnxModel } from './onnx/write.js';
export type {
  MissingPolicy,
  MissingPolicyOptions,
  MissingReport,
} from './preprocess/missing-values.js';
export { applyMissingPolicy } from './preprocess/missing-values.js';
export type { RowSplit, SplitOptions } from './preprocess/split.js';
export { splitRows } from './preprocess/split.js';
export type { StandardizerJSON } from './preprocess/standardizer.js';
export { Standardizer } from './preprocess/standardizer.js';
export { CsvWriter } from './table/csv-writer.js';
export type { DataLocation } from './table/data-error.js';
export { DataError } from './table/data-error.js';
export { formatFloat32, formatFloat64 } from './table/format-number.js';
export type { Matrix, MatrixData, MatrixDtype } from './table/matrix.js';
export { checkMatrix, createMatrix, tableToMatrix, takeRows } from './table/matrix.js';
export type { CsvReadOptions, ParseCsvOptions } from './table/parse-csv.js';
export { parseCsv } from './table/parse-csv.js';
export { readCsv } from './table/read-csv.js';
export { Table } from './table/table.js';
export type { ColumnData } from './table/write-csv.js';
export { writeCsv } from './table/write-csv.js';
export type { TableColumn } from './table/write-table.js';
export { writeTable } from './table/write-table.js';
export { writeFileAtomically } from './write-file-atomically.js';
