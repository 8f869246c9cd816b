import type { FileHandle } from 'node:fs/promises';
import { open, rename, rm } from 'node:fs/promises';
import { formatFloat32, formatFloat64 } from './format-number.js';

/** Rows gathered into one string before it is written. */
const ROWS_PER_CHUNK = 4096;

/**
 * Writes a numeric CSV file row block by row block, for outputs too large to hold as text.
 *
 * The rows go to a temporary file next to `path` that {@link close} renames to `path`, so a
 * reader never sees half a file and a failed run leaves the old file in place. Float64Array
 * rows are written with {@link formatFloat64}, Float32Array rows with {@link formatFloat32}:
 * both read back exactly.
 *
 * @example
 * const writer = await CsvWriter.open('out.csv', ['x', 'y']);
 * await writer.writeRows(new Float32Array([1, 2, 3, 4]), 2);
 * await writer.close();
 */
export class CsvWriter {
  private rowsWritten = 0;
  private finished = false;

  private constructor(
    /** The file that {@link close} creates or replaces. */
    readonly path: string,
    /** The column names of the header. */
    readonly columns: readonly string[],
    private readonly temporaryPath: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens a temporary file next to `path` and writes the header row to it. */
  static async open(path: string, columns: readonly string[]): Promise<CsvWriter> {
    if (typeof path !== 'string' || path.length === 0) {
      throw new TypeError(`path must be a file name, got ${JSON.stringify(path)}`);
    }
    if (!Array.isArray(columns) || columns.length === 0) {
      throw new RangeError(`columns must be a non-empty array of names, got ${String(columns)}`);
    }
    const temporaryPath = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    const handle = await open(temporaryPath, 'w');
    const writer = new CsvWriter(path, [...columns], temporaryPath, handle);
    try {
      await writer.write(`${columns.map(quoteName).join(',')}\n`);
    } catch (error) {
      await writer.abort();
      throw error;
    }
    return writer;
  }

  /** The number of data rows written so far. */
  get rows(): number {
    return this.rowsWritten;
  }

  /**
   * Appends rows held row-major in `rows`: `rows.length / width` rows of `width` values.
   * `width` must equal the number of columns. A failed write deletes the temporary file.
   */
  async writeRows(rows: Float32Array | Float64Array, width: number): Promise<void> {
    this.checkOpen('writeRows');
    if (!(rows instanceof Float32Array || rows instanceof Float64Array)) {
      throw new TypeError('rows must be a Float32Array or a Float64Array');
    }
    if (width !== this.columns.length) {
      throw new RangeError(
        `width must equal the ${this.columns.length} columns of ${this.path}, got ${width}`,
      );
    }
    if (rows.length % width !== 0) {
      throw new RangeError(
        `rows has ${rows.length} values, which is not a whole number of rows of width ${width}`,
      );
    }
    const format = rows instanceof Float32Array ? formatFloat32 : formatFloat64;
    const count = rows.length / width;
    try {
      await this.writeChunks(rows, width, count, format);
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  private async writeChunks(
    rows: Float32Array | Float64Array,
    width: number,
    count: number,
    format: (value: number) => string,
  ): Promise<void> {
    for (let first = 0; first < count; first += ROWS_PER_CHUNK) {
      const last = Math.min(count, first + ROWS_PER_CHUNK);
      const lines = new Array<string>(last - first);
      const cells = new Array<string>(width);
      for (let row = first; row < last; row++) {
        const offset = row * width;
        for (let column = 0; column < width; column++)
          cells[column] = format(rows[offset + column]);
        lines[row - first] = cells.join(',');
      }
      await this.write(`${lines.join('\n')}\n`);
      this.rowsWritten += last - first;
    }
  }

  /** Flushes the rows to disk and renames the temporary file to {@link path}. */
  async close(): Promise<void> {
    this.checkOpen('close');
    this.finished = true;
    try {
      await this.handle.sync();
      await this.handle.close();
      await rename(this.temporaryPath, this.path);
    } catch (error) {
      await rm(this.temporaryPath, { force: true });
      throw error;
    }
  }

  /** Gives up: closes and deletes the temporary file and leaves {@link path} untouched. */
  async abort(): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    await this.handle.close().catch(() => undefined);
    await rm(this.temporaryPath, { force: true });
  }

  private checkOpen(method: string): void {
    if (this.finished) {
      throw new Error(`${method}() called on the CsvWriter for ${this.path} after it was closed`);
    }
  }

  private async write(text: string): Promise<void> {
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await this.handle.write(bytes, offset, bytes.length - offset);
      offset += bytesWritten;
    }
  }
}

/** A column name as a CSV field: in double quotes when it holds a comma, quote or line break. */
export function quoteName(name: string): string {
  return /[",\r\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name;
}
