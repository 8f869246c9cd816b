import { DataError } from './data-error.js';

/** The columns and provenance a {@link Table} is built from. */
export interface TableInit {
  /** The file the values came from, used in error messages. */
  readonly source: string;
  /** Numeric columns in order, one Float64Array per column, all of the same length. */
  readonly numeric: ReadonlyArray<readonly [name: string, values: Float64Array]>;
  /** Columns kept as text, in order. */
  readonly text?: ReadonlyArray<readonly [name: string, values: readonly string[]]>;
  /**
   * The 1-based line of the source on which each row starts, one per row (so it also gives the
   * row count of a table without columns); defaults to header + row.
   */
  readonly lines?: Int32Array;
}

/**
 * A small columnar table: one Float64Array per numeric column, one string array per text
 * column, and for every row the line of the source it was read from, so that later checks can
 * still name the line after rows were dropped.
 */
export class Table {
  /** The file the values came from. */
  readonly source: string;
  /** Names of the numeric columns, in order. */
  readonly columns: readonly string[];
  /** Names of the columns kept as text, in order. */
  readonly textColumns: readonly string[];
  /** Number of rows. */
  readonly rows: number;
  /** The 1-based source line of each row. */
  readonly lines: Int32Array;

  private readonly numeric: ReadonlyMap<string, Float64Array>;
  private readonly text: ReadonlyMap<string, readonly string[]>;

  constructor(init: TableInit) {
    const textEntries = init.text ?? [];
    const rows =
      init.lines?.length ?? init.numeric[0]?.[1].length ?? textEntries[0]?.[1].length ?? 0;
    const seen = new Set<string>();
    for (const [name, values] of [...init.numeric, ...textEntries]) {
      if (seen.has(name)) {
        throw new RangeError(`${init.source}: column "${name}" appears twice`);
      }
      seen.add(name);
      if (values.length !== rows) {
        throw new RangeError(
          `${init.source}: column "${name}" has ${values.length} rows, expected ${rows}`,
        );
      }
    }

    this.source = init.source;
    this.rows = rows;
    this.columns = init.numeric.map(([name]) => name);
    this.textColumns = textEntries.map(([name]) => name);
    this.numeric = new Map(init.numeric);
    this.text = new Map(textEntries);
    this.lines = init.lines ?? Int32Array.from({ length: rows }, (_, row) => row + 2);
  }

  /** Whether the table has a numeric or text column called `name`. */
  has(name: string): boolean {
    return this.numeric.has(name) || this.text.has(name);
  }

  /** The values of numeric column `name` (the table's own array: do not modify it). */
  column(name: string): Float64Array {
    const values = this.numeric.get(name);
    if (values === undefined) {
      if (this.text.has(name)) {
        throw new DataError(
          { source: this.source, column: name },
          'holds text, not numbers; read it with textColumn()',
        );
      }
      throw this.missingColumn(name);
    }
    return values;
  }

  /** The values of text column `name`. */
  textColumn(name: string): readonly string[] {
    const values = this.text.get(name);
    if (values === undefined) {
      if (this.numeric.has(name)) {
        throw new DataError(
          { source: this.source, column: name },
          'holds numbers, not text; read it with column()',
        );
      }
      throw this.missingColumn(name);
    }
    return values;
  }

  /** A new table holding the given rows, in the given order. */
  selectRows(indices: ArrayLike<number>): Table {
    for (let i = 0; i < indices.length; i++) {
      const index = indices[i];
      if (!Number.isInteger(index) || index < 0 || index >= this.rows) {
        throw new RangeError(
          `indices[${i}] must be an integer in [0, ${this.rows}), got ${String(index)}`,
        );
      }
    }
    const pick = (values: Float64Array): Float64Array => {
      const out = new Float64Array(indices.length);
      for (let i = 0; i < indices.length; i++) out[i] = values[indices[i]];
      return out;
    };
    const lines = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) lines[i] = this.lines[indices[i]];
    return new Table({
      source: this.source,
      numeric: this.columns.map((name) => [name, pick(this.column(name))] as const),
      text: this.textColumns.map(
        (name) => [name, Array.from(indices, (index) => this.textColumn(name)[index])] as const,
      ),
      lines,
    });
  }

  /** A new table without the named columns (numeric or text); the arrays are shared. */
  dropColumns(names: readonly string[]): Table {
    for (const name of names) {
      if (!this.has(name)) throw this.missingColumn(name);
    }
    const drop = new Set(names);
    return new Table({
      source: this.source,
      numeric: this.columns
        .filter((name) => !drop.has(name))
        .map((name) => [name, this.column(name)] as const),
      text: this.textColumns
        .filter((name) => !drop.has(name))
        .map((name) => [name, this.textColumn(name)] as const),
      lines: this.lines,
    });
  }

  private missingColumn(name: string): DataError {
    return missingColumnError(this.source, name, [...this.columns, ...this.textColumns]);
  }
}

/** The error for a column that is not there: `file.csv: column "foo" not found; available: …`. */
export function missingColumnError(
  source: string,
  name: string,
  available: readonly string[],
): DataError {
  return new DataError(
    { source },
    `column "${name}" not found; available: ${available.join(', ')}`,
  );
}
