/**
 * Writes a table whose columns are numbers or text, in a given column order, through a
 * temporary file renamed into place. Numbers keep full float64 precision; text is quoted where
 * CSV needs it.
 */
import { writeFileAtomically } from '../write-file-atomically.js';
import { quoteName } from './csv-writer.js';
import { formatFloat64 } from './format-number.js';

export type TableColumn =
  | { name: string; values: ArrayLike<number> }
  | { name: string; text: readonly string[] };

export async function writeTable(path: string, columns: readonly TableColumn[]): Promise<void> {
  if (columns.length === 0) throw new RangeError(`columns must not be empty when writing ${path}`);
  const rows = 'values' in columns[0] ? columns[0].values.length : columns[0].text.length;
  for (const column of columns) {
    const length = 'values' in column ? column.values.length : column.text.length;
    if (length !== rows)
      throw new RangeError(`column "${column.name}" has ${length} rows, expected ${rows}`);
  }
  const lines = [columns.map((c) => quoteName(c.name)).join(',')];
  for (let row = 0; row < rows; row++) {
    lines.push(
      columns
        .map((c) => ('values' in c ? formatFloat64(c.values[row]) : quoteName(c.text[row])))
        .join(','),
    );
  }
  await writeFileAtomically(path, `${lines.join('\n')}\n`);
}
