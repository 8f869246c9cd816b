import { CsvWriter } from './csv-writer.js';
import { checkMatrix, type Matrix } from './matrix.js';

/** Numeric columns, one array per column, all of the same length. */
export type ColumnData = ReadonlyArray<Float32Array | Float64Array | readonly number[]>;

/**
 * Writes a numeric CSV file with a header row, through a temporary file renamed into place.
 *
 * `data` is either a row-major {@link Matrix} with `columns.length` columns or one array per
 * column. Values keep full precision: float32 data (a float32 matrix, or columns that are all
 * Float32Array) is written with the shortest text that reads back as the same float32, anything
 * else with the shortest text that reads back as the same float64.
 */
export async function writeCsv(
  path: string,
  columns: readonly string[],
  data: Matrix | ColumnData,
): Promise<void> {
  const rows = toRows(columns, data);
  const writer = await CsvWriter.open(path, columns);
  await writer.writeRows(rows, columns.length);
  await writer.close();
}

function toRows(
  columns: readonly string[],
  data: Matrix | ColumnData,
): Float32Array | Float64Array {
  if (!Array.isArray(data)) {
    const matrix = data as Matrix;
    checkMatrix(matrix, 'data');
    if (matrix.cols !== columns.length) {
      throw new RangeError(`data has ${matrix.cols} columns but columns names ${columns.length}`);
    }
    return matrix.data;
  }

  const arrays = data as ColumnData;
  if (arrays.length !== columns.length) {
    throw new RangeError(`data has ${arrays.length} columns but columns names ${columns.length}`);
  }
  const rows = arrays[0]?.length ?? 0;
  arrays.forEach((values, column) => {
    if (values.length !== rows) {
      throw new RangeError(
        `data column ${column} ("${columns[column]}") has ${values.length} values, expected ${rows}`,
      );
    }
  });
  const width = arrays.length;
  const allFloat32 = arrays.every((values) => values instanceof Float32Array);
  const out = allFloat32 ? new Float32Array(rows * width) : new Float64Array(rows * width);
  arrays.forEach((values, column) => {
    for (let row = 0; row < rows; row++) out[row * width + column] = values[row];
  });
  return out;
}
