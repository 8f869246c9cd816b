import { type Flow, SeededRandom } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';

/** Replaces every weight by a seeded draw of scale `spread`, so a flow is far from the identity. */
export function randomizeWeights(flow: Flow, seed: number, spread = 0.1): void {
  const random = new SeededRandom(seed);
  for (const { variable } of flow.variables()) {
    const values = random.normals(variable.size).map((v) => v * spread);
    variable.assign(tf.tensor(values, variable.shape));
  }
}

/** A seeded, non-Gaussian batch: a skewed, correlated cloud. */
export function skewedBatch(rows: number, dimension: number, seed: number): tf.Tensor2D {
  const random = new SeededRandom(seed);
  const data = new Float32Array(rows * dimension);
  for (let i = 0; i < rows; i++) {
    const common = random.normal();
    for (let j = 0; j < dimension; j++) {
      const e = random.normal();
      data[i * dimension + j] = 0.6 * common + 0.8 * (j % 3 === 0 ? Math.exp(0.5 * e) - 1.1 : e);
    }
  }
  return tf.tensor2d(data, [rows, dimension]);
}

export function maxAbsDifference(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** log|det J| of `f` at each row of `x` by central differences (float32 maths, float64 det). */
export function numericalLogDet(
  f: (x: tf.Tensor2D) => tf.Tensor2D,
  x: Float32Array,
  dimension: number,
  step = 1e-2,
): number {
  const jacobian: number[][] = Array.from({ length: dimension }, () =>
    new Array(dimension).fill(0),
  );
  const plus = new Float32Array(dimension * dimension);
  const minus = new Float32Array(dimension * dimension);
  for (let j = 0; j < dimension; j++) {
    for (let i = 0; i < dimension; i++) {
      plus[j * dimension + i] = x[i] + (i === j ? step : 0);
      minus[j * dimension + i] = x[i] - (i === j ? step : 0);
    }
  }
  const yPlus = tf.tidy(() => f(tf.tensor2d(plus, [dimension, dimension])).dataSync());
  const yMinus = tf.tidy(() => f(tf.tensor2d(minus, [dimension, dimension])).dataSync());
  for (let j = 0; j < dimension; j++) {
    for (let i = 0; i < dimension; i++) {
      jacobian[i][j] = (yPlus[j * dimension + i] - yMinus[j * dimension + i]) / (2 * step);
    }
  }
  return logAbsDeterminant(jacobian);
}

/** log|det A| by Gaussian elimination with partial pivoting, in float64. */
export function logAbsDeterminant(matrix: number[][]): number {
  const a = matrix.map((row) => [...row]);
  const n = a.length;
  let logDet = 0;
  for (let k = 0; k < n; k++) {
    let pivot = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[pivot][k])) pivot = i;
    [a[k], a[pivot]] = [a[pivot], a[k]];
    logDet += Math.log(Math.abs(a[k][k]));
    for (let i = k + 1; i < n; i++) {
      const factor = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= factor * a[k][j];
    }
  }
  return logDet;
}
