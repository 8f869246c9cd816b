/**
 * `flowda apply`: runs any exported flowda model with onnxruntime-node over a CSV, in chunks.
 * The feature columns come from the model's metadata (`flowda.features`) unless `--columns`
 * names them; each output becomes columns of the written CSV.
 */
import { FlowdaError } from '@flowda/core';
import { CsvWriter, readCsv, tableToMatrix } from '@flowda/io';
import { FlowdaModel } from '@flowda/runtime';
import { integerOption, listOption, numberOption, parse, required, UsageError } from '../args.js';
import { cleanColumns } from '../clean-columns.js';

export const APPLY_USAGE = `flowda apply MODEL.onnx --input FILE --out FILE [--columns COLS] [--chunk-size N]

  Runs an exported model (data-flow.onnx, chain.onnx, classifier.onnx, …) over a CSV.
  --columns COLS   input columns, in order (default: the feature names stored in the model)
  --chunk-size N   events per onnxruntime call (default 10000)
  --missing POLICY error | drop-rows: what to do with events carrying the sentinel, NaN or an
                   empty cell in an input column (default error)
  --sentinel X     value marking a missing entry (default -999; "none" for NaN/empty only)`;

export async function applyCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parse(
    argv,
    {
      input: { type: 'string' },
      out: { type: 'string' },
      columns: { type: 'string' },
      'chunk-size': { type: 'string' },
      missing: { type: 'string' },
      sentinel: { type: 'string' },
    },
    true,
  );
  if (positionals.length !== 1)
    throw new UsageError(`give exactly one MODEL.onnx, got ${positionals.length}`);
  const modelPath = positionals[0];
  const input = required(values, 'input');
  const out = required(values, 'out');
  const chunkSize = integerOption(values, 'chunk-size') ?? 10000;
  const missing = values.missing ?? 'error';
  if (missing !== 'error' && missing !== 'drop-rows') {
    throw new UsageError(`--missing must be error or drop-rows, got "${missing}"`);
  }
  const sentinel = values.sentinel === 'none' ? null : (numberOption(values, 'sentinel') ?? -999);

  const model = await FlowdaModel.load(modelPath);
  try {
    const inputName = model.inputNames[0];
    const width = model.inputWidth(inputName);
    const stored = model.metadata['flowda.features'];
    const columns =
      listOption(values, 'columns') ?? (stored ? (JSON.parse(stored) as string[]) : undefined);
    if (!columns) throw new UsageError(`${modelPath} stores no feature names; give --columns`);
    if (width !== undefined && columns.length !== width) {
      throw new FlowdaError(
        `${modelPath} expects ${width} input columns, but ${columns.length} were named: ${columns.join(', ')}`,
      );
    }
    const read = await readCsv(input, { columns });
    const { table, report } = cleanColumns(input, read, {
      policy: missing,
      sentinel,
      columns,
      optionsHint: '--missing drop-rows, --sentinel X',
    });
    if (report.rowsDropped > 0) {
      process.stderr.write(`${input}: dropped ${report.rowsDropped} events with missing values\n`);
    }
    const matrix = tableToMatrix(table, columns, { dtype: 'float32' });
    const outputs = await model.runChunked(matrix.data as Float32Array, columns.length, {
      chunkSize,
      inputName,
    });

    const header: string[] = [];
    const parts: { data: Float32Array; width: number }[] = [];
    for (const name of model.outputNames) {
      const { data, dims } = outputs[name];
      const outWidth = dims.length > 1 ? dims[1] : 1;
      parts.push({ data, width: outWidth });
      if (outWidth === 1) header.push(name);
      else if (outWidth === columns.length && (name === 'x' || name === 'x_sim'))
        header.push(...columns.map((c) => `${name}.${c}`));
      else for (let i = 0; i < outWidth; i++) header.push(`${name}.${i}`);
    }
    const totalWidth = header.length;
    const rows = new Float32Array(matrix.rows * totalWidth);
    for (let r = 0; r < matrix.rows; r++) {
      let offset = r * totalWidth;
      for (const part of parts) {
        rows.set(part.data.subarray(r * part.width, (r + 1) * part.width), offset);
        offset += part.width;
      }
    }
    const writer = await CsvWriter.open(out, header);
    await writer.writeRows(rows, totalWidth);
    await writer.close();
    process.stdout.write(
      `applied ${modelPath} to ${matrix.rows} events → ${out} (${header.length} columns)\n`,
    );
  } finally {
    await model.release();
  }
}
