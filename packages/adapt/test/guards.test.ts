import { type TrainingData, TrainingDivergedError, train } from '@flowda/adapt';
import { realNVP, SeededRandom, selectBackend } from '@flowda/core';
import type { Matrix } from '@flowda/io';
import { negativeLogLikelihood } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, beforeAll, describe, expect, test, vi } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function gaussianMatrix(rows: number, cols: number, seed: number): Matrix {
  return { rows, cols, data: new SeededRandom(seed).normals(rows * cols) };
}

/** Standard Cauchy draws (tan of a uniform angle): no mean, no variance, huge outliers. */
function cauchyMatrix(rows: number, cols: number, seed: number): Matrix {
  const random = new SeededRandom(seed);
  const data = Float32Array.from({ length: rows * cols }, () =>
    Math.tan(Math.PI * (random.uniform() - 0.5)),
  );
  return { rows, cols, data };
}

describe('non-finite stop', () => {
  test('a NaN in the data stops training with the epoch and batch that met it', () => {
    const rows = 60;
    const batchSize = 10;
    const seed = 4;
    const poisonedRow = 37;
    const train_ = gaussianMatrix(rows, 2, 1);
    train_.data[poisonedRow * 2 + 1] = Number.NaN;
    const data: TrainingData = {
      train: { inputs: train_ },
      validation: { inputs: gaussianMatrix(20, 2, 2) },
    };
    // The loop shuffles each epoch with SeededRandom(seed); the first epoch's order tells
    // which batch holds the poisoned row.
    const order = new SeededRandom(seed).permutation(rows);
    const expectedBatch = Math.floor(order.indexOf(poisonedRow) / batchSize) + 1;

    const flow = realNVP({ dimension: 2, layers: 2, hidden: [8], seed: 3 });
    const before = flow.trainableVariables().map((v) => Array.from(v.dataSync()));
    let error: unknown;
    try {
      train((x) => negativeLogLikelihood(flow, x), flow.trainableVariables(), data, {
        epochs: 3,
        batchSize,
        seed,
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.epoch).toBe(1);
    expect(diverged.batch).toBe(expectedBatch);
    expect(diverged.message).toMatch(
      new RegExp(`the loss became NaN at epoch 1, batch ${expectedBatch};`),
    );
    // The poisoned batch applied nothing: every weight is still finite.
    for (const variable of flow.trainableVariables()) {
      expect(Array.from(variable.dataSync()).every(Number.isFinite)).toBe(true);
    }
    // Batches before it did train.
    if (expectedBatch > 1) {
      const after = flow.trainableVariables().map((v) => Array.from(v.dataSync()));
      expect(after).not.toEqual(before);
    }
    flow.dispose();
  });

  test('a huge learning rate on a wide-tailed sample is stopped, not trained into NaN weights', () => {
    const data: TrainingData = {
      train: { inputs: cauchyMatrix(400, 2, 5) },
      validation: { inputs: cauchyMatrix(100, 2, 6) },
    };
    const flow = realNVP({ dimension: 2, layers: 4, hidden: [16, 16], seed: 7 });
    const seen: { epoch: number; batch: number }[] = [];
    let error: unknown;
    try {
      train((x) => negativeLogLikelihood(flow, x), flow.trainableVariables(), data, {
        epochs: 20,
        batchSize: 50,
        learningRate: 50,
        patience: 20,
        onProgress: (p) => {
          if (p.phase === 'batch') seen.push({ epoch: p.epoch, batch: p.batch });
        },
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TrainingDivergedError);
    const diverged = error as TrainingDivergedError;
    expect(diverged.message).toContain(`at epoch ${diverged.epoch}, batch ${diverged.batch}`);
    // It names the first batch that was not reported as finite.
    const last = seen[seen.length - 1] ?? { epoch: 1, batch: 0 };
    const next =
      last.batch === 8
        ? { epoch: last.epoch + 1, batch: 1 }
        : { epoch: last.epoch, batch: last.batch + 1 };
    expect({ epoch: diverged.epoch, batch: diverged.batch }).toEqual(next);
    flow.dispose();
  });
});

describe('gradient clipping', () => {
  /** Global norms ‖g‖₂ over all variables of every gradient handed to Adam. */
  function recordGlobalNorms(): number[] {
    const norms: number[] = [];
    const original = tf.AdamOptimizer.prototype.applyGradients;
    vi.spyOn(tf.AdamOptimizer.prototype, 'applyGradients').mockImplementation(function (
      this: tf.AdamOptimizer,
      gradients,
    ) {
      const list = Array.isArray(gradients)
        ? gradients.map((g) => g.tensor)
        : Object.values(gradients);
      const squares = list.reduce((sum, g) => sum + tf.sum(tf.square(g)).dataSync()[0], 0);
      norms.push(Math.sqrt(squares));
      return original.call(this, gradients);
    });
    return norms;
  }

  /** A steep quadratic, so every raw gradient is far above the clip. */
  function steepProblem() {
    const weight = tf.variable(tf.tensor2d([[5, -4, 3]]));
    const bias = tf.variable(tf.tensor1d([2]));
    const objective = (x: tf.Tensor2D) =>
      tf.mul(tf.mean(tf.square(tf.add(tf.matMul(x, weight, false, true), bias))), 100) as tf.Scalar;
    const data: TrainingData = {
      train: { inputs: gaussianMatrix(64, 3, 8) },
      validation: { inputs: gaussianMatrix(16, 3, 9) },
    };
    return { variables: [weight, bias], objective, data };
  }

  test('clipGradientNorm bounds the global gradient norm of every step', () => {
    const norms = recordGlobalNorms();
    const { variables, objective, data } = steepProblem();
    train(objective, variables, data, { epochs: 2, batchSize: 16, clipGradientNorm: 1 });
    expect(norms).toHaveLength(8);
    for (const norm of norms) expect(norm).toBeLessThanOrEqual(1 + 1e-5);
    // The clip rescales rather than zeroing: the direction is kept at full length 1.
    expect(norms[0]).toBeGreaterThan(1 - 1e-5);
    for (const v of variables) v.dispose();
  });

  test('without clipping the same steps carry far larger gradients', () => {
    const norms = recordGlobalNorms();
    const { variables, objective, data } = steepProblem();
    train(objective, variables, data, { epochs: 2, batchSize: 16 });
    expect(norms).toHaveLength(8);
    expect(Math.min(...norms)).toBeGreaterThan(10);
    for (const v of variables) v.dispose();
  });

  test('a non-positive clip is refused with its value', () => {
    const { variables, objective, data } = steepProblem();
    expect(() => train(objective, variables, data, { clipGradientNorm: 0 })).toThrow(
      /clipGradientNorm must be positive, got 0/,
    );
    for (const v of variables) v.dispose();
  });
});
