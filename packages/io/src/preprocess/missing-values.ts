import { DataError } from '../table/data-error.js';
import { missingColumnError, type Table } from '../table/table.js';

/** What to do with rows that carry missing values. */
export type MissingPolicy = 'error' | 'drop-rows' | 'drop-columns';

/** Options of {@link applyMissingPolicy}. */
export interface MissingPolicyOptions {
  /**
   * The number that marks an undefined quantity, like HiggsML's -999 for jet variables of
   * events without jets. Defaults to -999; `null` counts only NaN and empty cells as missing.
   */
  readonly sentinel?: number | null;
  /**
   * `error` (the default) throws, naming every column with missing values and their counts;
   * `drop-rows` removes each row with a missing value in one of the checked columns;
   * `drop-columns` removes each checked column with a missing value.
   */
  readonly policy?: MissingPolicy;
  /** The numeric columns to check. Defaults to all of them. */
  readonly columns?: readonly string[];
}

/** What {@link applyMissingPolicy} found and did. */
export interface MissingReport {
  readonly policy: MissingPolicy;
  readonly sentinel: number | null;
  /** For each checked column with missing values, how many rows carry one. */
  readonly missingByColumn: Readonly<Record<string, number>>;
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  readonly rowsDropped: number;
  readonly columnsDropped: readonly string[];
}

/**
 * Finds missing values — cells equal to the sentinel, NaN, or empty (read as NaN) — in the
 * checked columns and applies the chosen policy. Returns the resulting table and a report;
 * with nothing missing, the table is returned as it was.
 */
export function applyMissingPolicy(
  table: Table,
  options: MissingPolicyOptions = {},
): { table: Table; report: MissingReport } {
  const sentinel = options.sentinel === undefined ? -999 : options.sentinel;
  const policy = options.policy ?? 'error';
  if (sentinel !== null && !Number.isFinite(sentinel)) {
    throw new RangeError(`sentinel must be a finite number or null, got ${String(sentinel)}`);
  }
  if (policy !== 'error' && policy !== 'drop-rows' && policy !== 'drop-columns') {
    throw new RangeError(
      `policy must be 'error', 'drop-rows' or 'drop-columns', got ${JSON.stringify(policy)}`,
    );
  }
  const columns = options.columns ?? table.columns;
  for (const name of columns) {
    if (!table.columns.includes(name)) throw missingColumnError(table.source, name, table.columns);
  }

  // One pass per column: count its missing cells and mark the rows that have one.
  const rowMissing = new Uint8Array(table.rows);
  const missingByColumn: Record<string, number> = {};
  const firstLine: Record<string, number> = {};
  for (const name of columns) {
    const values = table.column(name);
    let count = 0;
    for (let row = 0; row < values.length; row++) {
      const value = values[row];
      if (value === sentinel || Number.isNaN(value)) {
        if (count === 0) firstLine[name] = table.lines[row];
        count++;
        rowMissing[row] = 1;
      }
    }
    if (count > 0) missingByColumn[name] = count;
  }
  const offending = Object.keys(missingByColumn);
  const report = (result: Table, columnsDropped: readonly string[]): MissingReport => ({
    policy,
    sentinel,
    missingByColumn,
    rowsBefore: table.rows,
    rowsAfter: result.rows,
    rowsDropped: table.rows - result.rows,
    columnsDropped,
  });

  if (offending.length === 0) return { table, report: report(table, []) };

  if (policy === 'error') {
    const marker = sentinel === null ? 'NaN or empty' : `${sentinel}, NaN or empty`;
    let rowsWithMissing = 0;
    for (let row = 0; row < table.rows; row++) rowsWithMissing += rowMissing[row];
    const list = offending
      .map((name) => `${name} (${missingByColumn[name]} rows, first at line ${firstLine[name]})`)
      .join(', ');
    throw new DataError(
      { source: table.source },
      `${offending.length} of ${columns.length} checked columns have missing values ` +
        `(${marker}), in ${rowsWithMissing} of ${table.rows} rows: ${list}. Choose a missing-value ` +
        "policy: 'drop-rows' drops those rows, 'drop-columns' drops those columns; or leave " +
        'the columns out of the check with columns, or change the sentinel',
    );
  }

  if (policy === 'drop-columns') {
    const result = table.dropColumns(offending);
    return { table: result, report: report(result, offending) };
  }

  const kept: number[] = [];
  for (let row = 0; row < table.rows; row++) if (rowMissing[row] === 0) kept.push(row);
  const result = table.selectRows(kept);
  return { table: result, report: report(result, []) };
}
