import {
  deserializeFlow,
  Flow,
  FlowdaError,
  invertMatrix,
  LULinear,
  matrixInverse,
  OnnxGraph,
  SeededRandom,
  StandardNormal,
  selectBackend,
  serializeFlow,
} from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  logAbsDeterminant,
  maxAbsDifference,
  numericalLogDet,
  randomizeWeights,
  skewedBatch,
} from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

function rows(matrix: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(matrix.subarray(i * n, (i + 1) * n)));
}

/** A layer far from the identity, with a non-trivial P. */
function movedLayer(dimension: number, seed: number): LULinear {
  const order = Array.from(new SeededRandom(seed).permutation(dimension));
  const layer = new LULinear({ dimension, seed, order });
  const flow = new Flow(layer, new StandardNormal(dimension));
  randomizeWeights(flow, seed + 1, 0.4);
  return layer;
}

describe('invertMatrix and matrixInverse', () => {
  test('A·A⁻¹ = I in float64, and a singular matrix is refused', () => {
    const n = 6;
    const random = new SeededRandom(1);
    const a = Float64Array.from({ length: n * n }, () => random.normal());
    const inverse = invertMatrix(a, n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let k = 0; k < n; k++) sum += a[i * n + k] * inverse[k * n + j];
        expect(Math.abs(sum - (i === j ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
    expect(() => invertMatrix([1, 2, 2, 4], 2)).toThrow(/matrix is singular/);
    expect(() => matrixInverse(tf.zeros([2, 3]) as tf.Tensor2D)).toThrow(
      /matrix shape must be \[n, n\], got \[2, 3\]/,
    );
  });

  test('the gradient of Σ C⊙W⁻¹ matches central differences', () => {
    const n = 3;
    const w = tf.tensor2d([2, 0.3, -0.1, 0.2, 1.5, 0.4, -0.3, 0.1, 1.2], [n, n]);
    const c = tf.tensor2d([1, -2, 0.5, 0.3, 1, -1, 2, 0.1, 0.7], [n, n]);
    const loss = (m: tf.Tensor2D) => tf.sum(tf.mul(matrixInverse(m), c));
    const analytic = tf
      .grad((m: tf.Tensor) => loss(m as tf.Tensor2D))(w)
      .dataSync();
    const values = w.dataSync();
    const step = 1e-2;
    for (let k = 0; k < n * n; k++) {
      const plus = Float32Array.from(values);
      const minus = Float32Array.from(values);
      plus[k] += step;
      minus[k] -= step;
      const numeric =
        (loss(tf.tensor2d(plus, [n, n])).dataSync()[0] -
          loss(tf.tensor2d(minus, [n, n])).dataSync()[0]) /
        (2 * step);
      expect(Math.abs(numeric - analytic[k])).toBeLessThan(5e-3 * (1 + Math.abs(numeric)));
    }
  });
});

describe('LULinear', () => {
  test('starts near the identity: W = I + O(0.01), zero bias, zero log-det', () => {
    const layer = new LULinear({ dimension: 5, seed: 3 });
    const weight = layer.weight();
    let offDiagonal = 0;
    for (let i = 0; i < 5; i++) {
      for (let j = 0; j < 5; j++) {
        const expected = i === j ? 1 : 0;
        offDiagonal = Math.max(offDiagonal, Math.abs(weight[i * 5 + j] - expected));
      }
    }
    expect(offDiagonal).toBeGreaterThan(0);
    expect(offDiagonal).toBeLessThan(0.05);
    const x = skewedBatch(4, 5, 1);
    expect(Array.from(layer.forwardAndLogDet(x).logDet.dataSync())).toEqual([0, 0, 0, 0]);
    layer.dispose();
  });

  test('forward is z = W·x + b with W = P·L·U', () => {
    const d = 4;
    const layer = movedLayer(d, 5);
    const weight = layer.weight();
    const bias = layer.bias.dataSync();
    const x = skewedBatch(3, d, 2);
    const values = x.dataSync();
    const z = layer.forwardAndLogDet(x).output.dataSync();
    for (let r = 0; r < 3; r++) {
      for (let i = 0; i < d; i++) {
        let expected = bias[i];
        for (let j = 0; j < d; j++) expected += weight[i * d + j] * values[r * d + j];
        expect(Math.abs(z[r * d + i] - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
      }
    }
    layer.dispose();
  });

  test('the log-det is Σ d and equals log|det W|', () => {
    const d = 6;
    const layer = movedLayer(d, 6);
    const logDet = layer.forwardAndLogDet(skewedBatch(2, d, 3)).logDet.dataSync();
    const sum = Array.from(layer.logDiagonal.dataSync()).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum)).toBeGreaterThan(0.1);
    expect(Math.abs(logDet[0] - sum)).toBeLessThan(1e-5);
    expect(Math.abs(logAbsDeterminant(rows(layer.weight(), d)) - sum)).toBeLessThan(1e-5);
    layer.dispose();
  });

  test('inverse(forward(x)) = x to 1e-5; inverse log-det is minus the forward one', () => {
    const layer = movedLayer(8, 7);
    const x = skewedBatch(200, 8, 4);
    const forward = layer.forwardAndLogDet(x);
    expect(maxAbsDifference(forward.output, x)).toBeGreaterThan(0.1);
    const inverse = layer.inverseAndLogDet(forward.output);
    expect(maxAbsDifference(inverse.output, x)).toBeLessThan(1e-5);
    expect(maxAbsDifference(tf.add(forward.logDet, inverse.logDet), tf.zeros([200]))).toBeLessThan(
      1e-5,
    );
    layer.dispose();
  });

  for (const dimension of [1, 2, 5]) {
    test(`[lu-linear d=${dimension}] log|det J| equals the numerical value in both directions`, () => {
      const layer = movedLayer(dimension, 10 + dimension);
      const point = skewedBatch(1, dimension, dimension).dataSync() as Float32Array;
      const forward = layer.forwardAndLogDet(tf.tensor2d(point, [1, dimension])).logDet;
      const inverse = layer.inverseAndLogDet(tf.tensor2d(point, [1, dimension])).logDet;
      const numericForward = numericalLogDet(
        (batch) => layer.forwardAndLogDet(batch).output,
        point,
        dimension,
      );
      const numericInverse = numericalLogDet(
        (batch) => layer.inverseAndLogDet(batch).output,
        point,
        dimension,
      );
      expect(Math.abs(numericForward - forward.dataSync()[0])).toBeLessThan(2e-3);
      expect(Math.abs(numericInverse - inverse.dataSync()[0])).toBeLessThan(2e-3);
      layer.dispose();
    });
  }

  test('trains in the inverse direction: sampling x = W⁻¹(z − b) fits a target covariance', () => {
    // Minimise ‖Cov(x) − Σ‖² over samples x = f⁻¹(z): gradients flow through W⁻¹.
    const d = 2;
    const layer = new LULinear({ dimension: d, seed: 1 });
    const z = tf.tensor2d(new SeededRandom(2).normals(2000 * d), [2000, d]);
    const target = tf.tensor2d([4, 1.2, 1.2, 1], [2, 2]);
    const optimizer = tf.train.adam(0.05);
    const variables = layer.variables().map((v) => v.variable);
    let last = Number.POSITIVE_INFINITY;
    let first = 0;
    for (let step = 0; step < 150; step++) {
      const loss = optimizer.minimize(
        () => {
          const x = layer.inverseAndLogDet(z).output;
          const centred = tf.sub(x, tf.mean(x, 0));
          const covariance = tf.div(tf.matMul(centred, centred, true, false), 2000);
          return tf.sum(tf.square(tf.sub(covariance, target))) as tf.Scalar;
        },
        true,
        variables,
      );
      last = loss!.dataSync()[0];
      if (step === 0) first = last;
      loss!.dispose();
    }
    expect(first).toBeGreaterThan(1);
    expect(last).toBeLessThan(1e-2);
    layer.dispose();
  });

  test('ONNX: one Gemm each way, the inverse with W⁻¹ from float64', () => {
    const d = 3;
    const layer = movedLayer(d, 13);
    for (const direction of ['forward', 'inverse'] as const) {
      const graph = new OnnxGraph();
      const input = graph.addInput('x', d);
      const { output } = layer.toOnnx(graph, input, direction);
      const gemm = graph.nodes.find((n) => n.outputs[0] === output);
      expect(gemm?.opType).toBe('Gemm');
      const matrix = graph.initializers.find((i) => i.name === gemm?.inputs[1]);
      const expected = direction === 'forward' ? layer.weight() : invertMatrix(layer.weight(), d);
      // Gemm's B is the transpose of the matrix applied to column vectors.
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          expect(matrix?.values[j * d + i]).toBeCloseTo(expected[i * d + j], 5);
        }
      }
    }
    layer.dispose();
  });

  test('save → load gives identical outputs, P included', () => {
    const layer = movedLayer(5, 14);
    const flow = new Flow(layer, new StandardNormal(5));
    const saved = serializeFlow(flow);
    const copy = deserializeFlow({
      manifest: JSON.parse(JSON.stringify(saved.manifest)),
      weights: saved.weights.slice(),
    });
    const x = skewedBatch(16, 5, 15);
    expect(Array.from(copy.logProb(x).dataSync())).toEqual(Array.from(flow.logProb(x).dataSync()));
    expect(Array.from(copy.inverse(x).dataSync())).toEqual(Array.from(flow.inverse(x).dataSync()));
    expect(Array.from((copy.transform as LULinear).order)).toEqual(Array.from(layer.order));
    flow.dispose();
    copy.dispose();
  });

  test('arguments are checked', () => {
    expect(() => new LULinear({ dimension: 0 })).toThrow(
      /dimension must be an integer >= 1, got 0/,
    );
    expect(() => new LULinear({ dimension: 3, order: [0, 1, 1] })).toThrow(
      /order must be a permutation of 0..2, got \[0, 1, 1\]/,
    );
    expect(() => new LULinear({ dimension: 3, initialSpread: -1 })).toThrow(FlowdaError);
    const layer = new LULinear({ dimension: 3 });
    expect(() => layer.inverseAndLogDet(tf.zeros([2, 2]) as tf.Tensor2D)).toThrow(
      /input shape must be \[batch, 3\], got \[2, 2\]/,
    );
    layer.dispose();
  });
});
