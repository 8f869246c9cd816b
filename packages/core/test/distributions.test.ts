import {
  DiagonalGaussian,
  deserializeFlow,
  Flow,
  FlowdaError,
  GaussianMixture,
  LULinear,
  normalCdf,
  normalQuantileLower,
  normalTail,
  OnnxGraph,
  SeededRandom,
  StandardNormal,
  selectBackend,
  serializeFlow,
  tfjsOps,
} from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { maxAbsDifference, numericalLogDet } from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** Φ(x) in float64: a power series for |x| < 2√2, Laplace's continued fraction beyond. */
function standardNormalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  let upperTail: number;
  if (z < 2) {
    let sum = z;
    let term = z;
    for (let n = 1; n < 200; n++) {
      term *= (-z * z) / n;
      sum += term / (2 * n + 1);
    }
    upperTail = 0.5 * (1 - (2 / Math.sqrt(Math.PI)) * sum);
  } else {
    let fraction = 0;
    for (let n = 200; n >= 1; n--) fraction = n / 2 / (z + fraction);
    upperTail = (0.5 * Math.exp(-z * z)) / Math.sqrt(Math.PI) / (z + fraction);
  }
  return x < 0 ? upperTail : 1 - upperTail;
}

function mixtureLogDensity(point: ArrayLike<number>, mixture: GaussianMixture): number {
  const { logWeights, means, logScales, components, dimension } = mixture.parameters();
  const terms = Array.from({ length: components }, (_, j) => {
    let value = logWeights[j] - (dimension / 2) * LOG_TWO_PI;
    for (let i = 0; i < dimension; i++) {
      const t = (point[i] - means[j * dimension + i]) / Math.exp(logScales[j * dimension + i]);
      value -= 0.5 * t * t + logScales[j * dimension + i];
    }
    return value;
  });
  const largest = Math.max(...terms);
  return largest + Math.log(terms.reduce((sum, t) => sum + Math.exp(t - largest), 0));
}

/** Largest distance between the empirical CDF of `values` and Φ. */
function ksDistanceToNormal(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  let distance = 0;
  sorted.forEach((v, i) => {
    const cdf = standardNormalCdf(v);
    distance = Math.max(
      distance,
      Math.abs(cdf - i / sorted.length),
      Math.abs((i + 1) / sorted.length - cdf),
    );
  });
  return distance;
}

function column(values: ArrayLike<number>, dimension: number, index: number): number[] {
  return Array.from({ length: values.length / dimension }, (_, r) => values[r * dimension + index]);
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** A 3-D mixture with overlapping components of unequal weights and scales. */
function overlappingMixture(): GaussianMixture {
  return new GaussianMixture({
    dimension: 3,
    components: 4,
    means: [
      [0, 0.5, -1],
      [1.5, -1, 0],
      [-1.5, 0.5, 1.5],
      [0.5, 2, 0.5],
    ],
    logScales: [
      [0, -0.3, 0.2],
      [-0.5, 0.1, 0],
      [0.3, 0, -0.4],
      [-0.2, -0.2, 0.3],
    ],
    weights: [0.1, 0.2, 0.3, 0.4],
  });
}

describe('standard normal functions (float32, shared by tfjs and ONNX)', () => {
  test('Φ(−|x|) keeps its relative precision out to x = 12', () => {
    // Why the tolerance grows as x²: exp(−x²/2) of a float32 argument carries x²·2⁻²⁴ of error.
    const xs = Array.from({ length: 121 }, (_, k) => k / 10);
    const tails = tf.tidy(() => normalTail(tfjsOps, tf.tensor1d(xs)).dataSync());
    xs.forEach((x, k) => {
      const exact = standardNormalCdf(-x);
      expect(Math.abs(tails[k] / exact - 1)).toBeLessThan(1e-6 * (1 + (x * x) / 4));
    });
    const cdf = tf.tidy(() => normalCdf(tfjsOps, tf.tensor1d([-1, 0, 2])).dataSync());
    expect(cdf[0]).toBeCloseTo(standardNormalCdf(-1), 6);
    expect(cdf[1]).toBe(0.5);
    expect(cdf[2]).toBeCloseTo(standardNormalCdf(2), 6);
  });

  test('Φ⁻¹(p) matches float64 from p = 10⁻³⁰ to ½, across all three fits', () => {
    const xs = [-11.4, -9, -6.7, -6.5, -4, -2.5, -1.96, -1.44, -1.43, -1, -0.3, 0];
    const probabilities = xs.map(standardNormalCdf);
    const quantiles = tf.tidy(() =>
      normalQuantileLower(tfjsOps, tf.tensor1d(probabilities)).dataSync(),
    );
    xs.forEach((x, k) => {
      expect(Math.abs(quantiles[k] - x)).toBeLessThan(2e-6 * (1 + Math.abs(x)));
    });
  });
});

describe('StandardNormal', () => {
  test('its standard coordinates are the identity, written with no ONNX nodes', () => {
    const base = new StandardNormal(3);
    const z = tf.tensor2d([0.5, -2, 3, 1, 1, 1], [2, 3]);
    expect(maxAbsDifference(base.toStandard(z), z)).toBe(0);
    expect(maxAbsDifference(base.fromStandard(z), z)).toBe(0);
    const graph = new OnnxGraph();
    const input = graph.addInput('z', 3);
    expect(base.toStandardOnnx(graph, input)).toBe(input);
    expect(base.fromStandardOnnx(graph, input)).toBe(input);
    expect(graph.nodes).toHaveLength(0);
  });
});

describe('DiagonalGaussian', () => {
  test('log p, sampling and standard coordinates follow μ and σ', () => {
    const base = new DiagonalGaussian({ dimension: 2, mean: [1, -2], logScale: [0.5, -1] });
    const z = tf.tensor2d([1, -2, 3, 0], [2, 2]);
    const logProb = base.logProb(z).dataSync();
    const sigma = [Math.exp(0.5), Math.exp(-1)];
    const expected = (p: number[]) =>
      -LOG_TWO_PI -
      Math.log(sigma[0] * sigma[1]) -
      0.5 * (((p[0] - 1) / sigma[0]) ** 2 + ((p[1] + 2) / sigma[1]) ** 2);
    expect(logProb[0]).toBeCloseTo(expected([1, -2]), 5);
    expect(logProb[1]).toBeCloseTo(expected([3, 0]), 4);

    const samples = base.sample(20000, new SeededRandom(1)).dataSync();
    expect(mean(column(samples, 2, 0))).toBeCloseTo(1, 1);
    expect(mean(column(samples, 2, 1))).toBeCloseTo(-2, 1);
    const u = base.toStandard(tf.tensor2d(samples, [20000, 2])).dataSync();
    for (let i = 0; i < 2; i++) {
      const values = column(u, 2, i);
      expect(Math.abs(mean(values))).toBeLessThan(0.03);
      expect(Math.abs(mean(values.map((v) => v * v)) - 1)).toBeLessThan(0.03);
    }
    const back = base.fromStandard(base.toStandard(z));
    expect(maxAbsDifference(back, z)).toBeLessThan(1e-6);
    base.dispose();
  });

  test('maximum likelihood moves μ and σ to the data', () => {
    const base = new DiagonalGaussian({ dimension: 2 });
    const data = tf.tidy(() =>
      tf.add(tf.mul(tf.tensor2d(new SeededRandom(3).normals(4000), [2000, 2]), [2, 0.5]), [3, -1]),
    ) as tf.Tensor2D;
    const optimizer = tf.train.adam(0.05);
    for (let step = 0; step < 300; step++) {
      optimizer.minimize(() => tf.neg(tf.mean(base.logProb(data))) as tf.Scalar, false);
    }
    const mu = base.mean.dataSync();
    const sigma = Array.from(base.logScale.dataSync(), Math.exp);
    expect(mu[0]).toBeCloseTo(3, 1);
    expect(mu[1]).toBeCloseTo(-1, 1);
    expect(sigma[0]).toBeCloseTo(2, 1);
    expect(sigma[1]).toBeCloseTo(0.5, 1);
    base.dispose();
  });

  test('trainable: false keeps the variables out of the optimiser', () => {
    const base = new DiagonalGaussian({ dimension: 2, trainable: false });
    const flow = new Flow(new LULinear({ dimension: 2 }), base);
    expect(flow.trainableVariables()).not.toContain(base.mean);
    flow.dispose();
  });

  test('arguments are checked', () => {
    expect(() => new DiagonalGaussian({ dimension: 2, mean: [1] })).toThrow(
      /length of mean must be the dimension 2, got 1/,
    );
    expect(() => new DiagonalGaussian({ dimension: 0 })).toThrow(FlowdaError);
    const base = new DiagonalGaussian({ dimension: 2 });
    expect(() => base.logProb(tf.zeros([3, 4]) as tf.Tensor2D)).toThrow(
      /z shape must be \[batch, 2\], got \[3, 4\]/,
    );
    base.dispose();
  });
});

describe('GaussianMixture', () => {
  test('log p equals the float64 mixture density', () => {
    const mixture = overlappingMixture();
    const points = new SeededRandom(2).normals(30).map((v) => 2 * v);
    const logProb = mixture.logProb(tf.tensor2d(points, [10, 3])).dataSync();
    for (let r = 0; r < 10; r++) {
      const expected = mixtureLogDensity(points.slice(r * 3, r * 3 + 3), mixture);
      expect(Math.abs(logProb[r] - expected)).toBeLessThan(1e-4 * (1 + Math.abs(expected)));
    }
    mixture.dispose();
  });

  test('the density integrates to 1 in 2-D', () => {
    const mixture = new GaussianMixture({ dimension: 2, components: 3, seed: 4, spread: 1.5 });
    const steps = 300;
    const half = 9;
    const h = (2 * half) / steps;
    const points = new Float32Array(steps * steps * 2);
    for (let i = 0; i < steps; i++) {
      for (let j = 0; j < steps; j++) {
        points[(i * steps + j) * 2] = -half + (i + 0.5) * h;
        points[(i * steps + j) * 2 + 1] = -half + (j + 0.5) * h;
      }
    }
    const logProb = mixture.logProb(tf.tensor2d(points, [steps * steps, 2])).dataSync();
    let mass = 0;
    for (const value of logProb) mass += Math.exp(value) * h * h;
    expect(Math.abs(mass - 1)).toBeLessThan(2e-3);
    mixture.dispose();
  });

  test('seeded samples are reproducible and have the mixture mean', () => {
    const mixture = overlappingMixture();
    const a = mixture.sample(20000, new SeededRandom(5)).dataSync();
    const b = mixture.sample(20000, new SeededRandom(5)).dataSync();
    expect(Array.from(a.slice(0, 30))).toEqual(Array.from(b.slice(0, 30)));
    const { logWeights, means } = mixture.parameters();
    for (let i = 0; i < 3; i++) {
      let expected = 0;
      for (let j = 0; j < 4; j++) expected += Math.exp(logWeights[j]) * means[j * 3 + i];
      expect(Math.abs(mean(column(a, 3, i)) - expected)).toBeLessThan(0.03);
    }
    mixture.dispose();
  });

  test('toStandard maps mixture samples to N(0, I): moments, correlations and KS', () => {
    const mixture = overlappingMixture();
    const n = 6000;
    const u = mixture.toStandard(mixture.sample(n, new SeededRandom(6))).dataSync();
    const columns = [0, 1, 2].map((i) => column(u, 3, i));
    for (const values of columns) {
      expect(Math.abs(mean(values))).toBeLessThan(0.05);
      expect(Math.abs(mean(values.map((v) => v * v)) - 1)).toBeLessThan(0.06);
      // 1% critical value of the one-sample KS distance at n = 6000 is 0.021.
      expect(ksDistanceToNormal(values)).toBeLessThan(0.021);
    }
    for (const [a, b] of [
      [0, 1],
      [0, 2],
      [1, 2],
    ]) {
      const correlation = mean(columns[a].map((v, r) => v * columns[b][r]));
      expect(Math.abs(correlation)).toBeLessThan(0.05);
    }
    // The raw samples are not standard normal, so the checks above can fail.
    const raw = column(mixture.sample(n, new SeededRandom(6)).dataSync(), 3, 2);
    expect(ksDistanceToNormal(raw)).toBeGreaterThan(0.05);
    mixture.dispose();
  });

  test('toStandard ∘ fromStandard and fromStandard ∘ toStandard are the identity to 1e-4', () => {
    const mixture = overlappingMixture();
    const u = tf.tensor2d(
      new SeededRandom(7).normals(3000 * 3).map((v) => 1.8 * v),
      [3000, 3],
    );
    const uBack = mixture.toStandard(mixture.fromStandard(u));
    expect(maxAbsDifference(uBack, u)).toBeLessThan(1e-4);
    const z = mixture.sample(3000, new SeededRandom(8));
    const zBack = mixture.fromStandard(mixture.toStandard(z));
    expect(maxAbsDifference(zBack, z)).toBeLessThan(1e-4);
    // Far tails, on both sides.
    const tails = tf.tensor2d([8, -8, 6, -10, 10, -6], [2, 3]);
    expect(maxAbsDifference(mixture.toStandard(mixture.fromStandard(tails)), tails)).toBeLessThan(
      1e-3,
    );
    mixture.dispose();
  });

  test('the inverse converges for components 10σ apart with the default iterations', () => {
    const mixture = new GaussianMixture({
      dimension: 2,
      components: 3,
      means: [
        [-10, 0],
        [0, 10],
        [10, -10],
      ],
      weights: [0.5, 0.3, 0.2],
    });
    const u = tf.tensor2d(
      new SeededRandom(9).normals(4000).map((v) => 2 * v),
      [2000, 2],
    );
    const z = mixture.fromStandard(u);
    expect(maxAbsDifference(mixture.toStandard(z), u)).toBeLessThan(1e-4);
    // The modes are found: samples of u land near the three means in the weights' shares.
    const first = column(z.dataSync(), 2, 0);
    expect(Math.abs(first.filter((v) => v < -5).length / 2000 - 0.5)).toBeLessThan(0.04);
    mixture.dispose();
  });

  test('log|det ∂u/∂z| = log p(z) − log φ(u), the identity the domain chain uses', () => {
    const mixture = overlappingMixture();
    const z = mixture.sample(3, new SeededRandom(10));
    const logProb = mixture.logProb(z).dataSync();
    const u = mixture.toStandard(z).dataSync();
    const points = z.dataSync() as Float32Array;
    for (let r = 0; r < 3; r++) {
      const ur = Array.from(u.slice(r * 3, r * 3 + 3));
      const logPhi = -1.5 * LOG_TWO_PI - 0.5 * ur.reduce((s: number, v: number) => s + v * v, 0);
      const numeric = numericalLogDet(
        (batch) => mixture.toStandard(batch),
        points.slice(r * 3, r * 3 + 3),
        3,
        1e-2,
      );
      expect(Math.abs(numeric - (logProb[r] - logPhi))).toBeLessThan(5e-3);
    }
    mixture.dispose();
  });

  test('maximum likelihood on two clusters lowers the NLL', () => {
    const mixture = new GaussianMixture({ dimension: 1, components: 2, seed: 1, spread: 0.5 });
    const random = new SeededRandom(11);
    const data = tf.tensor2d(
      Array.from({ length: 1000 }, (_, k) => (k % 2 ? 3 : -3) + 0.5 * random.normal()),
      [1000, 1],
    );
    const optimizer = tf.train.adam(0.1);
    const losses: number[] = [];
    for (let step = 0; step < 200; step++) {
      const loss = optimizer.minimize(
        () => tf.neg(tf.mean(mixture.logProb(data))) as tf.Scalar,
        true,
      );
      losses.push(loss!.dataSync()[0]);
      loss!.dispose();
    }
    const means = Array.from(mixture.means.dataSync()).sort((a, b) => a - b);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0] - 1);
    expect(means[0]).toBeCloseTo(-3, 0);
    expect(means[1]).toBeCloseTo(3, 0);
    mixture.dispose();
  });

  test('save → load (as a flow base) gives identical densities and standard coordinates', () => {
    const mixture = overlappingMixture();
    const flow = new Flow(new LULinear({ dimension: 3, seed: 2 }), mixture);
    const saved = serializeFlow(flow);
    const copy = deserializeFlow({
      manifest: JSON.parse(JSON.stringify(saved.manifest)),
      weights: saved.weights.slice(),
    });
    expect(copy.baseDistribution).toBeInstanceOf(GaussianMixture);
    const x = tf.tensor2d(new SeededRandom(12).normals(30), [10, 3]);
    expect(Array.from(copy.logProb(x).dataSync())).toEqual(Array.from(flow.logProb(x).dataSync()));
    expect(Array.from(copy.baseDistribution.toStandard(x).dataSync())).toEqual(
      Array.from(mixture.toStandard(x).dataSync()),
    );
    flow.dispose();
    copy.dispose();
  });

  test('arguments are checked', () => {
    expect(() => new GaussianMixture({ dimension: 2, components: 0 })).toThrow(
      /components must be an integer >= 1, got 0/,
    );
    expect(() => new GaussianMixture({ dimension: 2, components: 2, weights: [1, -1] })).toThrow(
      /weights must be 2 positive numbers, got \[1, -1\]/,
    );
    expect(
      () => new GaussianMixture({ dimension: 2, components: 2, means: [[0, 0], [1]] }),
    ).toThrow(/length of means row 1 must be the dimension 2, got 1/);
    const mixture = new GaussianMixture({ dimension: 2, components: 2 });
    expect(() => mixture.fromStandard(tf.zeros([1, 3]) as tf.Tensor2D)).toThrow(
      /u shape must be \[batch, 2\], got \[1, 3\]/,
    );
    mixture.dispose();
  });
});
