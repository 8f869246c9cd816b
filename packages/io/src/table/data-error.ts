/** Where in a data file a problem was found; every field is optional except the file. */
export interface DataLocation {
  /** The file (or the `source` given to `parseCsv`). */
  readonly source: string;
  /** 1-based line of the file. */
  readonly line?: number;
  /** 1-based data row (the header is not counted). */
  readonly row?: number;
  /** The column's name from the header. */
  readonly column?: string;
}

/**
 * A problem with the contents of a data file: a missing column, a cell that is not a number, a
 * ragged line, an unknown label or missing values. The message names the file and, where they
 * apply, the line, the data row and the column; the same facts are kept as fields so that a CLI
 * can point at them.
 */
export class DataError extends Error {
  readonly source: string;
  readonly line: number | undefined;
  readonly row: number | undefined;
  readonly column: string | undefined;

  constructor(location: DataLocation, message: string) {
    super(`${formatLocation(location)}: ${message}`);
    this.name = 'DataError';
    this.source = location.source;
    this.line = location.line;
    this.row = location.row;
    this.column = location.column;
  }
}

function formatLocation(location: DataLocation): string {
  let text = location.source;
  if (location.line !== undefined) text += ` line ${location.line}`;
  if (location.row !== undefined) text += ` (data row ${location.row})`;
  if (location.column !== undefined) text += `, column "${location.column}"`;
  return text;
}
