import { DataError } from './data-error.js';

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Receives one field of a record: its 0-based position in the record, and either the unquoted
 * text of a quoted field, or `null` with `text.slice(start, end)` being the field as written.
 */
export type FieldVisitor = (
  field: number,
  quoted: string | null,
  start: number,
  end: number,
) => void;

/**
 * Reads CSV records one at a time (RFC 4180: comma separator, fields in double quotes may hold
 * commas, line breaks and doubled quotes; records end with LF, CRLF or CR). It keeps the 1-based
 * line on which the current record starts, for error messages.
 */
export class CsvScanner {
  /** 1-based line on which the next record starts. */
  line = 1;
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {
    // Why: a UTF-8 byte-order mark would otherwise become part of the first column's name.
    if (text.charCodeAt(0) === 0xfeff) this.position = 1;
  }

  /** Whether only line breaks and spaces are left, so that a blank trailing line is no record. */
  atEnd(): boolean {
    const { text } = this;
    for (let i = this.position; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code !== LF && code !== CR && code !== 32 && code !== 9) return false;
    }
    return true;
  }

  /**
   * Reads one record, calling `visit` for each field in order, and returns its field count.
   * Call only when {@link atEnd} is false.
   */
  readRecord(visit: FieldVisitor): number {
    const { text } = this;
    const length = text.length;
    let position = this.position;
    let field = 0;

    for (;;) {
      if (text.charCodeAt(position) === QUOTE) {
        let value = '';
        let from = position + 1;
        for (;;) {
          const close = text.indexOf('"', from);
          if (close < 0) {
            throw new DataError(
              { source: this.source, line: this.line },
              'a quoted field is never closed',
            );
          }
          value += text.slice(from, close);
          if (text.charCodeAt(close + 1) === QUOTE) {
            value += '"';
            from = close + 2;
            continue;
          }
          this.countLineBreaks(position, close);
          position = close + 1;
          break;
        }
        visit(field, value, position, position);
        const next = text.charCodeAt(position);
        if (position < length && next !== COMMA && next !== LF && next !== CR) {
          throw new DataError(
            { source: this.source, line: this.line },
            `unexpected character ${JSON.stringify(text[position])} after a closing quote`,
          );
        }
      } else {
        const start = position;
        while (position < length) {
          const code = text.charCodeAt(position);
          if (code === COMMA || code === LF || code === CR) break;
          position++;
        }
        visit(field, null, start, position);
      }
      field++;

      if (position >= length) break;
      const code = text.charCodeAt(position);
      if (code === COMMA) {
        position++;
        continue;
      }
      position += code === CR && text.charCodeAt(position + 1) === LF ? 2 : 1;
      this.line++;
      break;
    }

    this.position = position;
    return field;
  }

  /** Counts line breaks inside a quoted field, so that later line numbers stay right. */
  private countLineBreaks(from: number, to: number): void {
    const { text } = this;
    for (let i = from; i < to; i++) {
      const code = text.charCodeAt(i);
      if (code === LF || (code === CR && text.charCodeAt(i + 1) !== LF)) this.line++;
    }
  }
}
