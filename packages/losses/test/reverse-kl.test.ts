import {
  DiagonalGaussian,
  Flow,
  FlowdaError,
  invertMatrix,
  LULinear,
  StandardNormal,
  selectBackend,
} from '@flowda/core';
import { negativeLogLikelihood, reverseKl } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

/** The target N(m, Σ) in 2-D. */
const TARGET_MEAN = [1, -2];
const TARGET_COVARIANCE = [
  [2, 0.8],
  [0.8, 0.5],
];
const TARGET_DETERMINANT =
  TARGET_COVARIANCE[0][0] * TARGET_COVARIANCE[1][1] - TARGET_COVARIANCE[0][1] ** 2;
const TARGET_PRECISION = [
  [TARGET_COVARIANCE[1][1] / TARGET_DETERMINANT, -TARGET_COVARIANCE[0][1] / TARGET_DETERMINANT],
  [-TARGET_COVARIANCE[1][0] / TARGET_DETERMINANT, TARGET_COVARIANCE[0][0] / TARGET_DETERMINANT],
];

function logTarget(x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const centred = tf.sub(x, TARGET_MEAN);
    const quadratic = tf.sum(tf.mul(tf.matMul(centred, tf.tensor2d(TARGET_PRECISION)), centred), 1);
    return tf.sub(
      tf.mul(quadratic, -0.5),
      Math.log(2 * Math.PI) + 0.5 * Math.log(TARGET_DETERMINANT),
    ) as tf.Tensor1D;
  });
}

/**
 * KL(q ‖ p) for the flow's Gaussian q = N(−W⁻¹b, W⁻¹W⁻ᵀ), from the layer's W and b:
 *   ½·[tr(Σ⁻¹Σ_q) + (m − μ_q)ᵀΣ⁻¹(m − μ_q) − 2 + log(|Σ| / |Σ_q|)].
 */
function analyticKl(layer: LULinear): number {
  const inverse = invertMatrix(layer.weight(), 2);
  const bias = layer.bias.dataSync();
  const mu = [0, 1].map((i) => -(inverse[i * 2] * bias[0] + inverse[i * 2 + 1] * bias[1]));
  const covariance = [0, 1].map((i) =>
    [0, 1].map((j) => inverse[i * 2] * inverse[j * 2] + inverse[i * 2 + 1] * inverse[j * 2 + 1]),
  );
  let trace = 0;
  for (let i = 0; i < 2; i++) {
    for (let k = 0; k < 2; k++) trace += TARGET_PRECISION[i][k] * covariance[k][i];
  }
  const delta = [TARGET_MEAN[0] - mu[0], TARGET_MEAN[1] - mu[1]];
  let quadratic = 0;
  for (let i = 0; i < 2; i++) {
    for (let k = 0; k < 2; k++) quadratic += delta[i] * TARGET_PRECISION[i][k] * delta[k];
  }
  const determinant = covariance[0][0] * covariance[1][1] - covariance[0][1] ** 2;
  return 0.5 * (trace + quadratic - 2 + Math.log(TARGET_DETERMINANT / determinant));
}

describe('reverseKl', () => {
  test('estimates KL(q ‖ p) without bias: an identity flow against N(m, Σ)', () => {
    const layer = new LULinear({ dimension: 2, seed: 1 });
    const flow = new Flow(layer, new StandardNormal(2));
    const expected = analyticKl(layer);
    const estimate = reverseKl(flow, logTarget, { samples: 40000, seed: 3 }).dataSync()[0];
    expect(expected).toBeGreaterThan(1);
    expect(Math.abs(estimate - expected)).toBeLessThan(0.05 * expected);
    flow.dispose();
  });

  test('training an LU linear flow by reverse KL on a 2-D Gaussian drives KL to ~0', () => {
    const layer = new LULinear({ dimension: 2, seed: 2 });
    const flow = new Flow(layer, new StandardNormal(2));
    const before = analyticKl(layer);
    // A large step to get there, a small one to settle below the noise of 256 samples.
    let seed = 0;
    for (const [learningRate, steps] of [
      [0.05, 400],
      [0.005, 300],
    ]) {
      const optimizer = tf.train.adam(learningRate);
      for (let step = 0; step < steps; step++) {
        seed += 1;
        optimizer.minimize(
          () => reverseKl(flow, logTarget, { samples: 256, seed }),
          false,
          flow.trainableVariables(),
        );
      }
      optimizer.dispose();
    }
    const after = analyticKl(layer);
    expect(before).toBeGreaterThan(1);
    expect(after).toBeLessThan(0.02);

    // Samples of the trained flow have the target's moments.
    const samples = flow.sample(20000, { seed: 99 });
    const { mean, variance } = tf.moments(samples, 0);
    const m = mean.dataSync();
    const v = variance.dataSync();
    expect(Math.abs(m[0] - TARGET_MEAN[0])).toBeLessThan(0.05);
    expect(Math.abs(m[1] - TARGET_MEAN[1])).toBeLessThan(0.05);
    expect(Math.abs(v[0] - TARGET_COVARIANCE[0][0])).toBeLessThan(0.1);
    expect(Math.abs(v[1] - TARGET_COVARIANCE[1][1])).toBeLessThan(0.05);
    flow.dispose();
  });

  test('gradients reach the transform, not the base', () => {
    const layer = new LULinear({ dimension: 2, seed: 3 });
    const base = new DiagonalGaussian({ dimension: 2 });
    const flow = new Flow(layer, base);
    const variables = flow.trainableVariables();
    const { grads } = tf.variableGrads(
      () => reverseKl(flow, logTarget, { samples: 64, seed: 1 }),
      variables,
    );
    expect(grads[layer.bias.name]).toBeDefined();
    expect(tf.max(tf.abs(grads[layer.bias.name])).dataSync()[0]).toBeGreaterThan(1e-3);
    expect(grads[base.mean.name]).toBeUndefined();
    expect(grads[base.logScale.name]).toBeUndefined();
    flow.dispose();
  });

  test('arguments are checked', () => {
    const flow = new Flow(new LULinear({ dimension: 2 }), new StandardNormal(2));
    expect(() => reverseKl(flow, logTarget, { samples: 0, seed: 1 })).toThrow(
      /samples must be an integer >= 1, got 0/,
    );
    expect(() =>
      reverseKl(flow, (x) => tf.sum(x) as unknown as tf.Tensor1D, { samples: 4, seed: 1 }),
    ).toThrow(/logTargetDensity result shape must be \[4\], got/);
    expect(() =>
      reverseKl(flow, logTarget, { samples: 4, seed: 1, context: tf.zeros([3, 1]) as tf.Tensor2D }),
    ).toThrow(FlowdaError);
    flow.dispose();
  });
});

describe('negativeLogLikelihood', () => {
  test('equals −mean log p(x), the cross-entropy in nats', () => {
    const flow = new Flow(new LULinear({ dimension: 2 }), new StandardNormal(2));
    const x = tf.tensor2d([0, 0, 1, -1, 2, 0.5], [3, 2]);
    const expected = -tf.mean(flow.logProb(x)).dataSync()[0];
    expect(negativeLogLikelihood(flow, x).dataSync()[0]).toBeCloseTo(expected, 6);
    // At the origin of an identity flow: log(2π) nats.
    const identity = new Flow(
      new LULinear({ dimension: 2, initialSpread: 0 }),
      new StandardNormal(2),
    );
    expect(
      negativeLogLikelihood(identity, tf.zeros([1, 2]) as tf.Tensor2D).dataSync()[0],
    ).toBeCloseTo(Math.log(2 * Math.PI), 5);
    flow.dispose();
    identity.dispose();
  });
});
