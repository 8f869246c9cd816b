import {
  ActNorm,
  alternatingMask,
  Compose,
  deserializeFlow,
  Flow,
  FlowdaError,
  MaskedAffineCoupling,
  OnnxGraph,
  StandardNormal,
  selectBackend,
  serializeFlow,
} from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { maxAbsDifference, numericalLogDet, skewedBatch } from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

/** A batch whose columns have clearly different means and spreads. */
function shiftedBatch(rows: number, dimension: number, seed: number): tf.Tensor2D {
  return tf.tidy(() => {
    const base = skewedBatch(rows, dimension, seed);
    const scales = tf.tensor1d(Array.from({ length: dimension }, (_, i) => 0.5 + i));
    const shifts = tf.tensor1d(Array.from({ length: dimension }, (_, i) => 3 - 2 * i));
    return tf.add(tf.mul(base, scales), shifts) as tf.Tensor2D;
  });
}

function columnMoments(batch: tf.Tensor2D): { mean: number[]; std: number[] } {
  const { mean, variance } = tf.moments(batch, 0);
  return {
    mean: Array.from(mean.dataSync()),
    std: Array.from(variance.dataSync(), (v) => Math.sqrt(v)),
  };
}

describe('ActNorm data-dependent initialisation', () => {
  test('the first forward batch comes out standardised, later batches use the same values', () => {
    const layer = new ActNorm({ dimension: 4 });
    expect(layer.isInitialized).toBe(false);
    const first = shiftedBatch(300, 4, 1);
    const { output } = layer.forwardAndLogDet(first);
    const moments = columnMoments(output);
    for (const m of moments.mean) expect(Math.abs(m)).toBeLessThan(1e-4);
    for (const s of moments.std) expect(Math.abs(s - 1)).toBeLessThan(1e-4);
    expect(layer.isInitialized).toBe(true);
    expect(layer.initialized.dataSync()[0]).toBe(1);

    const location = Array.from(layer.location.dataSync());
    layer.forwardAndLogDet(shiftedBatch(50, 4, 2).mul(3) as tf.Tensor2D);
    expect(Array.from(layer.location.dataSync())).toEqual(location);
    layer.dispose();
  });

  test('the log-det is −Σ log σ of the first batch', () => {
    const layer = new ActNorm({ dimension: 3 });
    const batch = shiftedBatch(400, 3, 3);
    const { std } = columnMoments(batch);
    const { logDet } = layer.forwardAndLogDet(batch);
    const expected = -std.reduce((sum, s) => sum + Math.log(s), 0);
    for (const value of logDet.dataSync()) expect(Math.abs(value - expected)).toBeLessThan(1e-4);
    layer.dispose();
  });

  test('initialising inside a gradient tape trains from the standardised start', () => {
    const coupling = new MaskedAffineCoupling({
      dimension: 4,
      mask: alternatingMask(4, 0),
      hidden: [8],
      seed: 2,
    });
    const layer = new ActNorm({ dimension: 4 });
    const flow = new Flow(new Compose([coupling, layer]), new StandardNormal(4));
    const batch = shiftedBatch(200, 4, 4);
    const optimizer = tf.train.adam(1e-2);
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const loss = optimizer.minimize(
        () => tf.neg(tf.mean(flow.logProb(batch))) as tf.Scalar,
        true,
        flow.trainableVariables(),
      );
      losses.push(loss!.dataSync()[0]);
      loss!.dispose();
    }
    expect(layer.isInitialized).toBe(true);
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    // The non-trainable flag is not handed to the optimiser.
    expect(flow.trainableVariables()).not.toContain(layer.initialized);
    flow.dispose();
  });

  test('an inverse call first keeps the identity start and blocks a later initialisation', () => {
    const layer = new ActNorm({ dimension: 2 });
    const z = tf.tensor2d([
      [0.5, -1],
      [2, 3],
    ]);
    const { output } = layer.inverseAndLogDet(z);
    expect(maxAbsDifference(output, z)).toBe(0);
    expect(layer.isInitialized).toBe(true);
    layer.forwardAndLogDet(shiftedBatch(100, 2, 5));
    expect(Array.from(layer.location.dataSync())).toEqual([0, 0]);
    layer.dispose();
  });

  test('dataDependentInitialization: false starts initialised at the identity', () => {
    const layer = new ActNorm({ dimension: 3, dataDependentInitialization: false });
    expect(layer.isInitialized).toBe(true);
    const x = shiftedBatch(20, 3, 6);
    expect(maxAbsDifference(layer.forwardAndLogDet(x).output, x)).toBe(0);
    layer.dispose();
  });

  test('explicit initialize() chooses the batch', () => {
    const layer = new ActNorm({ dimension: 2 });
    layer.initialize(tf.tensor2d([1, 10, 3, 30], [2, 2]));
    expect(Array.from(layer.location.dataSync())).toEqual([2, 20]);
    const scales = Array.from(layer.logScale.dataSync(), Math.exp);
    expect(scales[0]).toBeCloseTo(1, 5);
    expect(scales[1]).toBeCloseTo(10, 4);
    layer.dispose();
  });

  test('an initialisation batch of one row or with NaN is refused with the reason', () => {
    const layer = new ActNorm({ dimension: 2 });
    expect(() => layer.forwardAndLogDet(tf.tensor2d([[1, 2]]))).toThrow(
      /rows of the initialisation batch must be at least 2, got 1/,
    );
    expect(() => layer.forwardAndLogDet(tf.tensor2d([1, Number.NaN, 3, 4], [2, 2]))).toThrow(
      /non-finite values in feature 1/,
    );
    expect(layer.isInitialized).toBe(false);
    layer.dispose();
  });
});

describe('ActNorm as a transform', () => {
  function trainedLayer(dimension: number, seed: number): ActNorm {
    const layer = new ActNorm({ dimension });
    layer.initialize(shiftedBatch(64, dimension, seed));
    return layer;
  }

  test('inverse(forward(x)) = x and the inverse log-det is minus the forward one', () => {
    const layer = trainedLayer(5, 7);
    const x = shiftedBatch(100, 5, 8);
    const forward = layer.forwardAndLogDet(x);
    expect(maxAbsDifference(forward.output, x)).toBeGreaterThan(0.1);
    const inverse = layer.inverseAndLogDet(forward.output);
    expect(maxAbsDifference(inverse.output, x)).toBeLessThan(1e-5);
    expect(maxAbsDifference(tf.add(forward.logDet, inverse.logDet), tf.zeros([100]))).toBeLessThan(
      1e-5,
    );
    layer.dispose();
  });

  for (const dimension of [1, 3, 6]) {
    test(`[actnorm d=${dimension}] log|det J| equals the numerical value`, () => {
      const layer = trainedLayer(dimension, dimension);
      const x = shiftedBatch(3, dimension, 20 + dimension).dataSync() as Float32Array;
      const analytic = layer.forwardAndLogDet(tf.tensor2d(x, [3, dimension])).logDet.dataSync();
      for (let row = 0; row < 3; row++) {
        const point = x.slice(row * dimension, (row + 1) * dimension);
        const numeric = numericalLogDet(
          (batch) => layer.forwardAndLogDet(batch).output,
          point,
          dimension,
        );
        expect(Math.abs(numeric - analytic[row])).toBeLessThan(2e-3);
      }
      layer.dispose();
    });
  }

  test('save → load restores the values and the flag, so the copy does not re-initialise', () => {
    const layer = trainedLayer(3, 9);
    const flow = new Flow(layer, new StandardNormal(3));
    const saved = serializeFlow(flow);
    const manifest = JSON.parse(JSON.stringify(saved.manifest));
    expect(manifest.weights.map((w: { name: string }) => w.name)).toContain(
      'transform.initialized',
    );
    const copy = deserializeFlow({ manifest, weights: saved.weights.slice() });
    const fresh = shiftedBatch(40, 3, 10).mul(5) as tf.Tensor2D;
    expect(Array.from(copy.logProb(fresh).dataSync())).toEqual(
      Array.from(flow.logProb(fresh).dataSync()),
    );
    flow.dispose();
    copy.dispose();
  });

  test('a saved uninitialised layer still initialises after loading', () => {
    const flow = new Flow(new ActNorm({ dimension: 2 }), new StandardNormal(2));
    const saved = serializeFlow(flow);
    const copy = deserializeFlow(saved);
    const batch = shiftedBatch(100, 2, 11);
    const moments = columnMoments(copy.forward(batch));
    for (const s of moments.std) expect(Math.abs(s - 1)).toBeLessThan(1e-4);
    flow.dispose();
    copy.dispose();
  });

  test('the ONNX graph holds the location and scales as constants', () => {
    const layer = trainedLayer(3, 12);
    const graph = new OnnxGraph();
    const input = graph.addInput('x', 3);
    layer.toOnnx(graph, input, 'forward');
    expect(graph.nodes.map((n) => n.opType)).toEqual(['Sub', 'Mul', 'Shape', 'Expand']);
    layer.dispose();
  });

  test('arguments are checked', () => {
    expect(() => new ActNorm({ dimension: 0 })).toThrow(/dimension must be an integer >= 1, got 0/);
    const layer = new ActNorm({ dimension: 3 });
    expect(() => layer.forwardAndLogDet(tf.zeros([2, 4]) as tf.Tensor2D)).toThrow(FlowdaError);
    expect(() => layer.forwardAndLogDet(tf.zeros([2, 4]) as tf.Tensor2D)).toThrow(
      /input shape must be \[batch, 3\], got \[2, 4\]/,
    );
    layer.dispose();
  });
});
