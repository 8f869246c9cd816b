/**
 * `flowda distort`: the reference study's distortions, to make a "measured" domain from a
 * simulated one. Every other column, text included, is copied unchanged.
 */
import { readFile } from 'node:fs/promises';
import { parseCsv, type TableColumn, writeTable } from '@flowda/io';
import { distort } from '@flowda/toy';
import { integerOption, listOption, numberOption, parse, required, UsageError } from '../args.js';

export const DISTORT_USAGE = `flowda distort --input FILE --columns COLS (--shift X | --smear SIGMA | --scale K) --seed N --out FILE

  --shift X      add the constant X to each value
  --smear SIGMA  add a Gaussian draw of standard deviation SIGMA per event
  --scale K      multiply each value by K (applied before shift and smear)
  Several may be combined: x' = K·x + X + SIGMA·z. Missing entries (--sentinel X, default -999,
  and NaN) are copied unchanged. --seed is needed with --smear.`;

export async function distortCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    input: { type: 'string' },
    columns: { type: 'string' },
    shift: { type: 'string' },
    smear: { type: 'string' },
    scale: { type: 'string' },
    seed: { type: 'string' },
    sentinel: { type: 'string' },
    out: { type: 'string' },
  });
  const input = required(values, 'input');
  const out = required(values, 'out');
  const columns =
    listOption(values, 'columns') ??
    (() => {
      throw new UsageError('--columns is required');
    })();
  const seed = integerOption(values, 'seed', 0);
  const sentinel = values.sentinel === 'none' ? null : (numberOption(values, 'sentinel') ?? -999);
  const distortion = {
    shift: numberOption(values, 'shift'),
    smear: numberOption(values, 'smear'),
    scale: numberOption(values, 'scale'),
  };
  if (
    distortion.shift === undefined &&
    distortion.smear === undefined &&
    distortion.scale === undefined
  ) {
    throw new UsageError('give at least one of --shift, --smear or --scale');
  }
  if (distortion.smear !== undefined && seed === undefined) {
    throw new UsageError('--smear draws random numbers: give --seed N');
  }
  if (distortion.smear !== undefined && distortion.smear < 0)
    throw new UsageError(`--smear must be >= 0, got "${values.smear}"`);

  let text: string;
  try {
    text = await readFile(input, 'utf8');
  } catch {
    throw new UsageError(`file "${input}" does not exist or cannot be read`);
  }
  const names = text
    .slice(0, text.search(/\r?\n/))
    .split(',')
    .map((n) => n.trim().replace(/^"(.*)"$/, '$1'));
  for (const c of columns) {
    if (!names.includes(c))
      throw new UsageError(`${input}: column "${c}" not found; available: ${names.join(', ')}`);
  }
  const table = parseCsv(text, {
    source: input,
    columns,
    textColumns: names.filter((n) => !columns.includes(n)),
  });
  const rows = table.rows;
  const distorted = new Map<string, Float64Array>();
  columns.forEach((name, k) => {
    const column = table.column(name);
    const changed = distort(Float64Array.from(column), rows, 1, 0, distortion, (seed ?? 0) + k);
    // Missing entries (the sentinel, NaN) stay as they are: they carry no value to distort.
    for (let r = 0; r < rows; r++) {
      if (Number.isNaN(column[r]) || column[r] === sentinel) changed[r] = column[r];
    }
    distorted.set(name, changed);
  });
  const output: TableColumn[] = names.map((name) =>
    distorted.has(name)
      ? { name, values: distorted.get(name)! }
      : { name, text: table.textColumn(name) },
  );
  await writeTable(out, output);
  process.stdout.write(`distorted ${columns.join(', ')} of ${rows} events → ${out}\n`);
}
