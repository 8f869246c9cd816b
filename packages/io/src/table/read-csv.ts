import { readFile } from 'node:fs/promises';
import type { CsvReadOptions } from './parse-csv.js';
import { parseCsv } from './parse-csv.js';
import type { Table } from './table.js';

/**
 * Reads a CSV file with a header row into a {@link Table}; see `parseCsv` for the rules.
 * Error messages name the file as `path` was given.
 *
 * The whole file is read into memory as one string, which JavaScript limits to about 500 MB;
 * larger files have to be split first.
 */
export async function readCsv(path: string, options: CsvReadOptions = {}): Promise<Table> {
  if (typeof path !== 'string' || path.length === 0) {
    throw new TypeError(`path must be a file name, got ${JSON.stringify(path)}`);
  }
  const text = await readFile(path, 'utf8');
  return parseCsv(text, { ...options, source: path });
}
