import { train } from '@flowda/adapt';
import { realNVP, SeededRandom, selectBackend } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

/** Draws from N(0, Σ) with Σ = [[σ₁², ρσ₁σ₂], [ρσ₁σ₂, σ₂²]] through its Cholesky factor. */
function correlatedGaussian(
  rows: number,
  seed: number,
  s1: number,
  s2: number,
  rho: number,
): Float32Array {
  const random = new SeededRandom(seed);
  const out = new Float32Array(rows * 2);
  for (let i = 0; i < rows; i++) {
    const a = random.normal();
    const b = random.normal();
    out[2 * i] = s1 * a;
    out[2 * i + 1] = s2 * (rho * a + Math.sqrt(1 - rho * rho) * b);
  }
  return out;
}

describe('training on a known density', () => {
  test('a correlated 2-D Gaussian reaches a test NLL within 0.05 nats of its entropy', () => {
    const [s1, s2, rho] = [1.5, 0.5, 0.8];
    // Differential entropy of N(0, Σ): ½·log((2πe)²·det Σ), the lowest expected NLL.
    const entropy =
      0.5 * Math.log((2 * Math.PI * Math.E) ** 2 * (s1 * s1 * s2 * s2 * (1 - rho * rho)));
    const split = (rows: number, seed: number) => ({
      inputs: { rows, cols: 2, data: correlatedGaussian(rows, seed, s1, s2, rho) },
    });
    const flow = realNVP({ dimension: 2, layers: 4, hidden: [16, 16], seed: 3 });
    const history = train(
      (x) => negativeLogLikelihood(flow, x),
      flow.trainableVariables(),
      {
        train: split(8000, 1),
        validation: split(2000, 2),
        test: split(20000, 3),
      },
      { epochs: 12, batchSize: 200, learningRate: 3e-3, patience: 3, seed: 4 },
    );
    expect(history.testLoss).not.toBeNull();
    expect(Math.abs(history.testLoss! - entropy)).toBeLessThan(0.05);
    // The first epoch starts from the identity, whose NLL is far above the entropy.
    expect(history.trainLoss[0]).toBeGreaterThan(history.testLoss!);
    flow.dispose();
  });

  test('two moons: a trained flow scores held-out moons far above its starting point', () => {
    const random = new SeededRandom(9);
    const moons = (rows: number) => {
      const data = new Float32Array(rows * 2);
      for (let i = 0; i < rows; i++) {
        const angle = Math.PI * random.uniform();
        const upper = random.uniform() < 0.5;
        data[2 * i] = (upper ? Math.cos(angle) : 1 - Math.cos(angle)) + 0.1 * random.normal();
        data[2 * i + 1] = (upper ? Math.sin(angle) : 0.5 - Math.sin(angle)) + 0.1 * random.normal();
      }
      return { inputs: { rows, cols: 2, data } };
    };
    const flow = realNVP({
      dimension: 2,
      layers: 6,
      hidden: [32, 32],
      seed: 1,
      scaleBound: 'tanh',
    });
    const test = moons(4000);
    const before = tf.tidy(
      () => negativeLogLikelihood(flow, tf.tensor2d(test.inputs.data, [4000, 2])).dataSync()[0],
    );
    const history = train(
      (x) => negativeLogLikelihood(flow, x),
      flow.trainableVariables(),
      { train: moons(8000), validation: moons(2000), test },
      {
        epochs: 10,
        batchSize: 200,
        learningRate: 3e-3,
        seed: 2,
      },
    );
    // A single Gaussian fitted to the moons has NLL ≈ 2.1 nats; the flow must do clearly better.
    expect(history.testLoss!).toBeLessThan(before - 0.3);
    expect(history.testLoss!).toBeLessThan(1.6);
    flow.dispose();
  });
});
