/**
 * Column surgery on row-major matrices: picking columns, and replacing one.
 */

import type { Matrix } from '@flowda/io';

/** The columns `indices` of `matrix`, in that order, as float64. */
export function pickColumns(matrix: Matrix, indices: readonly number[]): Matrix {
  const { rows, cols, data } = matrix;
  for (const index of indices) {
    if (!Number.isInteger(index) || index < 0 || index >= cols) {
      throw new RangeError(`column index ${index} is outside [0, ${cols - 1}]`);
    }
  }
  const out = new Float64Array(rows * indices.length);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < indices.length; k++)
      out[r * indices.length + k] = data[r * cols + indices[k]];
  }
  return { rows, cols: indices.length, data: out };
}

/** One column of `matrix` as a float64 array. */
export function columnValues(matrix: Matrix, index: number): Float64Array {
  return pickColumns(matrix, [index]).data as Float64Array;
}

/** A float64 copy of `matrix` with column `index` replaced by `values`. */
export function withColumn(matrix: Matrix, index: number, values: ArrayLike<number>): Matrix {
  const { rows, cols } = matrix;
  if (values.length !== rows) {
    throw new RangeError(`values has ${values.length} entries, the matrix has ${rows} rows`);
  }
  const data = Float64Array.from(matrix.data);
  for (let r = 0; r < rows; r++) data[r * cols + index] = values[r];
  return { rows, cols, data };
}

/** A float32 copy (tfjs and the flows work in float32). */
export function toFloat32(matrix: Matrix): Matrix {
  return matrix.data instanceof Float32Array
    ? matrix
    : { rows: matrix.rows, cols: matrix.cols, data: Float32Array.from(matrix.data) };
}
