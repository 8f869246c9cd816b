/**
 * The inverse of a small square matrix: float64 Gauss–Jordan elimination with partial pivoting
 * in JavaScript, and a tfjs op around it whose gradient is the matrix-calculus identity
 *   V = W⁻¹,   dV = −V·dW·V   ⇒   ∂L/∂W = −Vᵀ·(∂L/∂V)·Vᵀ.
 * Meant for the D×D weights of linear flow layers (D up to a few hundred), not for batches.
 */
import * as tf from '@tensorflow/tfjs-core';
import { FlowdaError } from '../errors.js';

/** A⁻¹ for a row-major n×n matrix; throws when A is singular to working precision. */
export function invertMatrix(matrix: ArrayLike<number>, n: number): Float64Array {
  const width = 2 * n;
  const work = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) work[i * width + j] = matrix[i * n + j];
    work[i * width + n + i] = 1;
  }
  for (let column = 0; column < n; column++) {
    let pivot = column;
    for (let row = column + 1; row < n; row++) {
      if (Math.abs(work[row * width + column]) > Math.abs(work[pivot * width + column])) {
        pivot = row;
      }
    }
    const pivotValue = work[pivot * width + column];
    if (!(Math.abs(pivotValue) > 1e-300) || !Number.isFinite(pivotValue)) {
      throw new FlowdaError(
        `matrix is singular or not finite: pivot ${pivotValue} in column ${column}`,
      );
    }
    if (pivot !== column) {
      for (let j = 0; j < width; j++) {
        const swap = work[column * width + j];
        work[column * width + j] = work[pivot * width + j];
        work[pivot * width + j] = swap;
      }
    }
    for (let j = 0; j < width; j++) work[column * width + j] /= pivotValue;
    for (let row = 0; row < n; row++) {
      const factor = work[row * width + column];
      if (row === column || factor === 0) continue;
      for (let j = 0; j < width; j++) work[row * width + j] -= factor * work[column * width + j];
    }
  }
  const inverse = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) inverse[i * n + j] = work[i * width + n + j];
  }
  return inverse;
}

type InverseFn = (matrix: tf.Tensor2D) => tf.Tensor2D;

const inverseWithGradient = tf.customGrad(((matrix: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const n = matrix.shape[0];
  const value = tf.tensor2d(Float32Array.from(invertMatrix(matrix.dataSync(), n)), [n, n]);
  save([value]);
  return {
    value,
    gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
      const transposed = tf.transpose(saved[0] as tf.Tensor2D);
      return [tf.neg(tf.matMul(transposed, tf.matMul(dy, transposed)))];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as InverseFn;

/** W⁻¹ of a square [n, n] tensor, differentiable (see the file doc). */
export function matrixInverse(matrix: tf.Tensor2D): tf.Tensor2D {
  if (matrix.rank !== 2 || matrix.shape[0] !== matrix.shape[1]) {
    throw new FlowdaError(`matrix shape must be [n, n], got [${matrix.shape.join(', ')}]`);
  }
  return inverseWithGradient(matrix);
}
