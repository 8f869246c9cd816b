/** Moving row-major matrices in and out of tfjs. */

import type { Matrix } from '@flowda/io';
import * as tf from '@tensorflow/tfjs-core';

/** Rows [start, end) as a view, without copying. */
export function sliceRows(source: Matrix, start: number, end: number): Matrix {
  return {
    rows: end - start,
    cols: source.cols,
    data: source.data.subarray(start * source.cols, end * source.cols),
  };
}

/** Rows `order[start..end)` copied into a float32 batch. */
export function gatherRows(
  source: Matrix,
  order: ArrayLike<number>,
  start: number,
  end: number,
): Matrix {
  const cols = source.cols;
  const out = new Float32Array((end - start) * cols);
  for (let r = start; r < end; r++) {
    const from = order[r] * cols;
    out.set(source.data.subarray(from, from + cols), (r - start) * cols);
  }
  return { rows: end - start, cols, data: out };
}

export function toTensor(source: Matrix): tf.Tensor2D {
  const data = source.data instanceof Float32Array ? source.data : Float32Array.from(source.data);
  return tf.tensor2d(data, [source.rows, source.cols]);
}

/** Applies `fn` to chunks of rows and concatenates the float32 results (width `outputCols`). */
export function mapRows(
  source: Matrix,
  outputCols: number,
  fn: (batch: tf.Tensor2D) => tf.Tensor,
  chunk = 4096,
): Matrix {
  const out = new Float32Array(source.rows * outputCols);
  for (let start = 0; start < source.rows; start += chunk) {
    const end = Math.min(source.rows, start + chunk);
    const values = tf.tidy(() => fn(toTensor(sliceRows(source, start, end))).dataSync());
    out.set(values, start * outputCols);
  }
  return { rows: source.rows, cols: outputCols, data: out };
}
