import { deserializeFlow, FlowdaError, realNVP, selectBackend, serializeFlow } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { maxAbsDifference, numericalLogDet, randomizeWeights, skewedBatch } from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

describe('RealNVP, 32 layers, D=71', () => {
  const dimension = 71;

  test('a new flow is the identity with zero log-det', () => {
    const flow = realNVP({ dimension, seed: 3 });
    const x = skewedBatch(50, dimension, 1);
    const { output, logDet } = flow.forwardAndLogDet(x);
    expect(maxAbsDifference(output, x)).toBe(0);
    expect(tf.max(tf.abs(logDet)).dataSync()[0]).toBe(0);
    flow.dispose();
  });

  test('inverse(forward(x)) = x to 1e-4 with weights far from the identity', () => {
    const flow = realNVP({ dimension, seed: 3, scaleBound: 'tanh' });
    randomizeWeights(flow, 11, 0.05);
    const x = skewedBatch(500, dimension, 2);
    const { output, logDet } = flow.forwardAndLogDet(x);
    expect(maxAbsDifference(output, x)).toBeGreaterThan(0.1);
    const back = flow.inverseAndLogDet(output);
    expect(maxAbsDifference(back.output, x)).toBeLessThan(1e-4);
    // The inverse's log-det is minus the forward's.
    expect(maxAbsDifference(tf.add(back.logDet, logDet), tf.zeros([500]))).toBeLessThan(1e-3);
    flow.dispose();
  });

  test('inverse(forward(x)) = x to 1e-4 after training steps', () => {
    const flow = realNVP({ dimension, seed: 5 });
    const x = skewedBatch(200, dimension, 3);
    const optimizer = tf.train.adam(1e-3);
    const losses: number[] = [];
    for (let step = 0; step < 8; step++) {
      const loss = optimizer.minimize(
        () => tf.neg(tf.mean(flow.logProb(x))) as tf.Scalar,
        true,
        flow.trainableVariables(),
      );
      losses.push(loss!.dataSync()[0]);
      loss!.dispose();
    }
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const held = skewedBatch(300, dimension, 4);
    const back = flow.inverse(flow.forward(held));
    expect(maxAbsDifference(back, held)).toBeLessThan(1e-4);
    flow.dispose();
  });
});

describe('RealNVP log-det against a numerical Jacobian', () => {
  for (const dimension of [2, 3, 5]) {
    test(`[realnvp d=${dimension}] log|det J| equals the numerical value`, () => {
      const flow = realNVP({
        dimension,
        layers: 4,
        hidden: [8, 8],
        seed: dimension,
        activation: 'tanh',
      });
      randomizeWeights(flow, 20 + dimension, 0.3);
      const x = skewedBatch(4, dimension, dimension).dataSync() as Float32Array;
      const { logDet } = flow.forwardAndLogDet(tf.tensor2d(x, [4, dimension]));
      const analytic = logDet.dataSync();
      for (let row = 0; row < 4; row++) {
        const point = x.slice(row * dimension, (row + 1) * dimension);
        const numeric = numericalLogDet((batch) => flow.forward(batch), point, dimension);
        expect(Math.abs(numeric - analytic[row])).toBeLessThan(2e-3);
      }
      flow.dispose();
    });
  }
});

describe('RealNVP save and load', () => {
  test('deserialize(serialize(flow)) gives identical outputs and log-dets', () => {
    const flow = realNVP({ dimension: 6, layers: 6, seed: 9, scaleBound: 'atan' });
    randomizeWeights(flow, 99, 0.2);
    const saved = serializeFlow(flow, { note: 'test' });
    const manifest = JSON.parse(JSON.stringify(saved.manifest));
    const copy = deserializeFlow({ manifest, weights: saved.weights.slice() });
    const x = skewedBatch(64, 6, 8);
    const a = flow.forwardAndLogDet(x);
    const b = copy.forwardAndLogDet(x);
    expect(Array.from(b.output.dataSync())).toEqual(Array.from(a.output.dataSync()));
    expect(Array.from(b.logDet.dataSync())).toEqual(Array.from(a.logDet.dataSync()));
    expect(copy.variables().length).toBe(flow.variables().length);
  });

  test('a blob with extra values or a non-finite weight is refused', () => {
    const flow = realNVP({ dimension: 4, layers: 2, seed: 1 });
    const saved = serializeFlow(flow);
    const longer = new Float32Array(saved.weights.length + 3);
    longer.set(saved.weights);
    expect(() =>
      deserializeFlow({ manifest: saved.manifest, weights: longer }, 'model.json'),
    ).toThrow(
      `model.json: the manifest lists ${saved.weights.length} weight values, the blob holds ${saved.weights.length + 3}`,
    );
    const broken = saved.weights.slice();
    broken[5] = Number.NaN;
    expect(() =>
      deserializeFlow({ manifest: saved.manifest, weights: broken }, 'model.json'),
    ).toThrow(/model.json: weight value 5 is NaN/);
  });

  test('a blob of the wrong size is refused with the weight named', () => {
    const flow = realNVP({ dimension: 4, layers: 2, seed: 1 });
    const saved = serializeFlow(flow);
    expect(() =>
      deserializeFlow(
        { manifest: saved.manifest, weights: saved.weights.subarray(0, 10) },
        'model.json',
      ),
    ).toThrow(/model.json: weight "transform.step\d.*" has shape/);
  });
});

describe('argument checks', () => {
  test('a mask of the wrong length names the length and the dimension', () => {
    expect(() => realNVP({ dimension: 1 })).toThrow(FlowdaError);
    expect(() => realNVP({ dimension: 4, layers: 0 })).toThrow(
      /layers must be an integer >= 1, got 0/,
    );
    expect(() => realNVP({ dimension: 4, hidden: [0] })).toThrow(/hidden widths/);
  });

  test('an input of the wrong width is refused', () => {
    const flow = realNVP({ dimension: 4, layers: 2 });
    expect(() => flow.forward(tf.zeros([3, 5]) as tf.Tensor2D)).toThrow(
      /input shape must be \[batch, 4\], got \[3, 5\]/,
    );
  });
});
