import { CsvScanner } from './csv-scanner.js';
import { DataError } from './data-error.js';
import { missingColumnError, Table } from './table.js';

/** What to read from a CSV file and how. */
export interface CsvReadOptions {
  /**
   * The numeric columns to read, in the order the table should hold them. Defaults to every
   * column of the header that is not a text or label column. Columns left out are not parsed.
   */
  readonly columns?: readonly string[];
  /** Columns to keep as text rather than numbers (HiggsML's `KaggleSet`, for instance). */
  readonly textColumns?: readonly string[];
  /**
   * A class-label column, read as a numeric column: a cell is looked up in `labelValues`, and
   * otherwise must read as 0 or 1. Any other cell is an error naming the file, line and column.
   */
  readonly labelColumn?: string;
  /** Text labels and their numbers, e.g. `{ s: 1, b: 0 }` for HiggsML. */
  readonly labelValues?: Readonly<Record<string, number>>;
}

/** {@link CsvReadOptions} plus the name to use for the text in error messages. */
export interface ParseCsvOptions extends CsvReadOptions {
  /** Names the text in error messages, like a file name. Defaults to `"<text>"`. */
  readonly source?: string;
}

const SKIP = 0;
const NUMBER = 1;
const TEXT = 2;
const LABEL = 3;

/**
 * Parses CSV text with a header row into a {@link Table}.
 *
 * Numeric cells are read with JavaScript's `Number` (decimal, with an optional exponent;
 * `inf`/`Infinity` with a sign are infinities). An empty cell, `NaN` (any case) or `NA` is read
 * as NaN, a missing value that `applyMissingPolicy` then deals with. Any other text in a
 * numeric column is an error naming the file, line, data row, column and cell.
 */
export function parseCsv(text: string, options: ParseCsvOptions = {}): Table {
  if (typeof text !== 'string') {
    throw new TypeError(`text must be a string, got ${typeof text}`);
  }
  const source = options.source ?? '<text>';
  checkOptions(options);

  const scanner = new CsvScanner(text, source);
  if (scanner.atEnd()) {
    throw new DataError({ source }, 'the file is empty; expected a header row of column names');
  }
  const header: string[] = [];
  scanner.readRecord((_field, quoted, start, end) => {
    header.push((quoted ?? text.slice(start, end)).trim());
  });
  const width = header.length;
  checkHeader(source, header);

  // Which columns to read, and into which array.
  const labelColumn = options.labelColumn;
  const textNames = options.textColumns ?? [];
  const numericNames =
    options.columns ?? header.filter((name) => name !== labelColumn && !textNames.includes(name));
  const numericOrder = [...numericNames];
  if (labelColumn !== undefined && !numericOrder.includes(labelColumn)) {
    numericOrder.push(labelColumn);
  }
  for (const name of [...numericOrder, ...textNames]) {
    if (!header.includes(name)) throw missingColumnError(source, name, header);
  }
  for (const name of textNames) {
    if (numericOrder.includes(name)) {
      throw new RangeError(
        `column "${name}" is asked for both as a numeric column and in textColumns`,
      );
    }
  }
  const kinds = new Uint8Array(width);
  const slots = new Int32Array(width);
  for (let field = 0; field < width; field++) {
    const name = header[field];
    if (name === labelColumn) {
      kinds[field] = LABEL;
      slots[field] = numericOrder.indexOf(name);
    } else if (numericOrder.includes(name)) {
      kinds[field] = NUMBER;
      slots[field] = numericOrder.indexOf(name);
    } else if (textNames.includes(name)) {
      kinds[field] = TEXT;
      slots[field] = textNames.indexOf(name);
    }
  }

  // Why an estimate: one row per line break is an upper bound for LF and CRLF files; the arrays
  // grow if a file separates records with CR alone.
  let capacity = countLineFeeds(text) + 1;
  let numeric = numericOrder.map(() => new Float64Array(capacity));
  const texts: string[][] = textNames.map(() => []);
  let lines = new Int32Array(capacity);
  const labelValues = options.labelValues ?? {};
  let row = 0;
  let recordLine = 0;

  const visit = (field: number, quoted: string | null, start: number, end: number): void => {
    if (field >= width) return;
    const kind = kinds[field];
    if (kind === SKIP) return;
    const cell = quoted ?? text.slice(start, end);
    if (kind === NUMBER) {
      const value = readNumber(cell);
      if (value === undefined) {
        throw new DataError(
          { source, line: recordLine, row: row + 1, column: header[field] },
          `cannot read ${JSON.stringify(cell)} as a number; list the column in textColumns ` +
            'to keep it as text, or leave it out of columns',
        );
      }
      numeric[slots[field]][row] = value;
    } else if (kind === TEXT) {
      texts[slots[field]].push(cell);
    } else {
      numeric[slots[field]][row] = readLabel(cell, labelValues, () => ({
        source,
        line: recordLine,
        row: row + 1,
        column: header[field],
      }));
    }
  };

  while (!scanner.atEnd()) {
    if (row === capacity) {
      capacity *= 2;
      numeric = numeric.map((values) => grow(values, capacity));
      lines = grow(lines, capacity);
    }
    recordLine = scanner.line;
    const fields = scanner.readRecord(visit);
    if (fields !== width) {
      throw new DataError(
        { source, line: recordLine },
        `${fields} fields, expected ${width} as in the header`,
      );
    }
    lines[row] = recordLine;
    row++;
  }

  return new Table({
    source,
    numeric: numericOrder.map((name, slot) => [name, fit(numeric[slot], row)] as const),
    text: textNames.map((name, slot) => [name, texts[slot]] as const),
    lines: fit(lines, row),
  });
}

/** A cell as a number; NaN for a missing value; `undefined` when it is not a number. */
function readNumber(cell: string): number | undefined {
  let text = cell;
  if (text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32)) {
    text = text.trim();
  }
  // Why: Number('') is 0, so an empty cell has to be caught before it.
  if (text.length === 0) return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) return readSpecial(text);
  // Why: Number also reads hexadecimal, octal and binary literals such as 0x1f.
  if (text.length > 2 && text.charCodeAt(0) === 48) {
    const prefix = text.charCodeAt(1) | 32;
    if (prefix === 120 || prefix === 111 || prefix === 98) return undefined;
  }
  return value;
}

function readSpecial(text: string): number | undefined {
  switch (text.toLowerCase()) {
    case 'nan':
    case 'na':
      return Number.NaN;
    case 'inf':
    case '+inf':
      return Number.POSITIVE_INFINITY;
    case '-inf':
      return Number.NEGATIVE_INFINITY;
    default:
      return undefined;
  }
}

function readLabel(
  cell: string,
  labelValues: Readonly<Record<string, number>>,
  where: () => { source: string; line: number; row: number; column: string },
): number {
  const text = cell.trim();
  if (Object.hasOwn(labelValues, text)) return labelValues[text];
  const value = text.length > 0 ? Number(text) : Number.NaN;
  if (value === 0 || value === 1) return value;
  const known = Object.keys(labelValues);
  const accepted = known.length > 0 ? `${known.join(', ')} (labelValues) or 0, 1` : '0 or 1';
  throw new DataError(where(), `unknown label ${JSON.stringify(cell)}; accepted: ${accepted}`);
}

function checkOptions(options: ParseCsvOptions): void {
  const checkNames = (name: string, value: readonly string[] | undefined): void => {
    if (value === undefined) return;
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
      throw new TypeError(`${name} must be an array of column names, got ${String(value)}`);
    }
    const duplicate = value.find((item, index) => value.indexOf(item) !== index);
    if (duplicate !== undefined) {
      throw new RangeError(`${name} names column "${duplicate}" twice`);
    }
  };
  checkNames('columns', options.columns);
  checkNames('textColumns', options.textColumns);

  const { labelColumn, labelValues } = options;
  if (labelColumn !== undefined && typeof labelColumn !== 'string') {
    throw new TypeError(`labelColumn must be a column name, got ${String(labelColumn)}`);
  }
  if (labelColumn !== undefined && options.textColumns?.includes(labelColumn)) {
    throw new RangeError(`labelColumn "${labelColumn}" cannot also be in textColumns`);
  }
  if (labelValues !== undefined) {
    if (labelColumn === undefined) {
      throw new RangeError('labelValues needs labelColumn, the column the labels are in');
    }
    for (const [label, value] of Object.entries(labelValues)) {
      if (!Number.isFinite(value)) {
        throw new RangeError(
          `labelValues[${JSON.stringify(label)}] must be a finite number, got ${String(value)}`,
        );
      }
    }
  }
}

function checkHeader(source: string, header: readonly string[]): void {
  for (let field = 0; field < header.length; field++) {
    const first = header.indexOf(header[field]);
    if (first !== field) {
      throw new DataError(
        { source, line: 1 },
        `the header names column "${header[field]}" twice (fields ${first + 1} and ${field + 1})`,
      );
    }
  }
}

function countLineFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

function grow<T extends Float64Array | Int32Array>(values: T, capacity: number): T {
  const out = new (values.constructor as new (length: number) => T)(capacity);
  out.set(values);
  return out;
}

function fit<T extends Float64Array | Int32Array>(values: T, length: number): T {
  return (values.length === length ? values : values.slice(0, length)) as T;
}
