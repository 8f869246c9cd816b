import {
  Compose,
  createTransform,
  deserializeFlow,
  Flow,
  LULinear,
  OnnxGraph,
  Permutation,
  reversePermutation,
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

describe('Permutation', () => {
  test('forward picks column order[i] for output i; inverse undoes it', () => {
    const permutation = new Permutation({ dimension: 3, order: [2, 0, 1] });
    const x = tf.tensor2d([
      [10, 20, 30],
      [1, 2, 3],
    ]);
    const forward = permutation.forwardAndLogDet(x);
    expect(Array.from(forward.output.dataSync())).toEqual([30, 10, 20, 3, 1, 2]);
    expect(Array.from(forward.logDet.dataSync())).toEqual([0, 0]);
    const inverse = permutation.inverseAndLogDet(forward.output);
    expect(Array.from(inverse.output.dataSync())).toEqual(Array.from(x.dataSync()));
    expect(Array.from(inverse.logDet.dataSync())).toEqual([0, 0]);
    permutation.dispose();
  });

  test('a seed gives a reproducible order that is a permutation, different seeds differ', () => {
    const a = new Permutation({ dimension: 12, seed: 4 });
    const b = new Permutation({ dimension: 12, seed: 4 });
    const c = new Permutation({ dimension: 12, seed: 5 });
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
    expect(Array.from(a.order)).not.toEqual(Array.from(c.order));
    expect([...a.order].sort((p, q) => p - q)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const p of [a, b, c]) p.dispose();
  });

  test('reversePermutation(D) reverses the features', () => {
    const reverse = reversePermutation(4);
    expect(Array.from(reverse.order)).toEqual([3, 2, 1, 0]);
    const x = skewedBatch(5, 4, 1);
    const expected = tf.reverse(x, 1);
    expect(maxAbsDifference(reverse.forwardAndLogDet(x).output, expected)).toBe(0);
    reverse.dispose();
  });

  for (const dimension of [2, 5]) {
    test(`[permutation d=${dimension}] log|det J| = 0 numerically`, () => {
      const permutation = new Permutation({ dimension, seed: dimension });
      const point = skewedBatch(1, dimension, 3).dataSync() as Float32Array;
      const numeric = numericalLogDet(
        (batch) => permutation.forwardAndLogDet(batch).output,
        point,
        dimension,
      );
      expect(Math.abs(numeric)).toBeLessThan(1e-4);
      permutation.dispose();
    });
  }

  test('gradients pass through (on every backend, without tf.gather’s own gradient)', () => {
    // A permutation between two trainable layers: the first layer must receive gradients.
    const first = new LULinear({ dimension: 3, seed: 1 });
    const flow = new Flow(
      new Compose([
        first,
        new Permutation({ dimension: 3, order: [1, 2, 0] }),
        new LULinear({ dimension: 3, seed: 2 }),
      ]),
      new StandardNormal(3),
    );
    const x = skewedBatch(20, 3, 4);
    const { grads } = tf.variableGrads(
      () => tf.neg(tf.mean(flow.logProb(x))) as tf.Scalar,
      first.variables().map((v) => v.variable),
    );
    const biasGradient = grads[first.bias.name];
    expect(biasGradient).toBeDefined();
    expect(tf.max(tf.abs(biasGradient)).dataSync()[0]).toBeGreaterThan(1e-3);

    // The gradient of Σ cᵢ·zᵢ with z = x[:, π] is c placed back at π: ∂/∂x_π(i) = cᵢ.
    const permutation = new Permutation({ dimension: 3, order: [1, 2, 0] });
    const weights = tf.tensor1d([1, 10, 100]);
    const gradient = tf.grad((input: tf.Tensor) =>
      tf.sum(tf.mul(permutation.forwardAndLogDet(input as tf.Tensor2D).output, weights)),
    )(tf.zeros([1, 3]));
    expect(Array.from(gradient.dataSync())).toEqual([100, 1, 10]);
    flow.dispose();
    permutation.dispose();
  });

  test('ONNX: one Gather on axis 1 with int64 indices', () => {
    const permutation = new Permutation({ dimension: 4, order: [3, 1, 0, 2] });
    for (const direction of ['forward', 'inverse'] as const) {
      const graph = new OnnxGraph();
      const input = graph.addInput('x', 4);
      const { output } = permutation.toOnnx(graph, input, direction);
      const gather = graph.nodes.find((n) => n.outputs[0] === output);
      expect(gather?.opType).toBe('Gather');
      expect(gather?.attributes).toEqual({ axis: 1 });
      const indices = graph.initializers.find((i) => i.name === gather?.inputs[1]);
      expect(indices?.dataType).toBe('int64');
      expect(indices?.values).toEqual(
        direction === 'forward' ? [3, 1, 0, 2] : Array.from(permutation.inverseOrder),
      );
    }
    permutation.dispose();
  });

  test('save → load keeps the order', () => {
    const flow = new Flow(new Permutation({ dimension: 6, seed: 8 }), new StandardNormal(6));
    const saved = serializeFlow(flow);
    const copy = deserializeFlow({
      manifest: JSON.parse(JSON.stringify(saved.manifest)),
      weights: saved.weights,
    });
    const x = skewedBatch(7, 6, 9);
    expect(Array.from(copy.forward(x).dataSync())).toEqual(Array.from(flow.forward(x).dataSync()));
    const rebuilt = createTransform(reversePermutation(3).toConfig()) as Permutation;
    expect(Array.from(rebuilt.order)).toEqual([2, 1, 0]);
    flow.dispose();
    copy.dispose();
  });

  test('an order that is not a permutation is refused with the values', () => {
    expect(() => new Permutation({ dimension: 3, order: [0, 0, 1] })).toThrow(
      /order must be a permutation of 0..2, got \[0, 0, 1\]/,
    );
    expect(() => new Permutation({ dimension: 3, order: [0, 1] })).toThrow(
      /length of order must be the dimension 3, got 2/,
    );
    expect(() => reversePermutation(0)).toThrow(/dimension must be an integer >= 1, got 0/);
    const permutation = new Permutation({ dimension: 3 });
    expect(() => permutation.forwardAndLogDet(tf.zeros([1, 2]) as tf.Tensor2D)).toThrow(
      /input shape must be \[batch, 3\], got \[1, 2\]/,
    );
    permutation.dispose();
  });
});
