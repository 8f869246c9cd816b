import { missingColumnError, type Table } from './table.js';

/** The element types a {@link Matrix} can hold. */
export type MatrixData = Float32Array | Float64Array;

/** A dense row-major matrix: element (row r, column c) is `data[r * cols + c]`. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: MatrixData;
}

/** Element type of a new matrix: `float32` for tfjs and ONNX, `float64` to lose nothing. */
export type MatrixDtype = 'float32' | 'float64';

/** A zero-filled matrix of the given shape and element type. */
export function createMatrix(rows: number, cols: number, dtype: MatrixDtype = 'float64'): Matrix {
  if (!Number.isInteger(rows) || rows < 0) {
    throw new RangeError(`rows must be an integer >= 0, got ${rows}`);
  }
  if (!Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`cols must be an integer >= 0, got ${cols}`);
  }
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RangeError(`dtype must be 'float32' or 'float64', got ${String(dtype)}`);
  }
  const size = rows * cols;
  return {
    rows,
    cols,
    data: dtype === 'float32' ? new Float32Array(size) : new Float64Array(size),
  };
}

/** Throws unless `matrix` is a {@link Matrix} whose data length is rows × cols. */
export function checkMatrix(matrix: Matrix, name = 'matrix'): void {
  if (matrix === null || typeof matrix !== 'object') {
    throw new TypeError(`${name} must be a { rows, cols, data } matrix, got ${String(matrix)}`);
  }
  const { rows, cols, data } = matrix;
  if (!(data instanceof Float32Array || data instanceof Float64Array)) {
    throw new TypeError(`${name}.data must be a Float32Array or a Float64Array`);
  }
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`${name} must have integer rows and cols >= 0, got ${rows} × ${cols}`);
  }
  if (data.length !== rows * cols) {
    throw new RangeError(
      `${name}.data has ${data.length} values, expected rows × cols = ${rows} × ${cols}`,
    );
  }
}

/**
 * The named numeric columns of a table as a row-major matrix, columns in the order given
 * (all numeric columns by default), as float64 unless `options.dtype` says `float32`.
 */
export function tableToMatrix(
  table: Table,
  columns: readonly string[] = table.columns,
  options: { readonly dtype?: MatrixDtype } = {},
): Matrix {
  for (const name of columns) {
    if (!table.columns.includes(name)) {
      throw missingColumnError(table.source, name, table.columns);
    }
  }
  const matrix = createMatrix(table.rows, columns.length, options.dtype ?? 'float64');
  const width = columns.length;
  columns.forEach((name, column) => {
    const values = table.column(name);
    for (let row = 0; row < values.length; row++) matrix.data[row * width + column] = values[row];
  });
  return matrix;
}

/** A new matrix of the same element type holding the given rows of `matrix`, in that order. */
export function takeRows(matrix: Matrix, indices: ArrayLike<number>): Matrix {
  checkMatrix(matrix);
  const { rows, cols, data } = matrix;
  const out = createMatrix(
    indices.length,
    cols,
    data instanceof Float32Array ? 'float32' : 'float64',
  );
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    if (!Number.isInteger(index) || index < 0 || index >= rows) {
      throw new RangeError(
        `indices[${i}] must be an integer in [0, ${rows}), got ${String(index)}`,
      );
    }
    out.data.set(data.subarray(index * cols, (index + 1) * cols), i * cols);
  }
  return out;
}
