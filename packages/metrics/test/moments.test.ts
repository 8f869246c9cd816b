import { moments } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededNormals, seededUniform } from './random-samples.js';

describe('moments', () => {
  it('gives about 0, 1, 0, 0 for a large seeded normal sample', () => {
    const n = 200_000;
    const result = moments(seededNormals(2 * n, 11), 2);

    expect(result.count).toBe(n);
    for (let column = 0; column < 2; column++) {
      // Five standard errors of each estimate for a normal sample.
      expect(Math.abs(result.mean[column])).toBeLessThan(5 / Math.sqrt(n));
      expect(Math.abs(result.std[column] - 1)).toBeLessThan(5 / Math.sqrt(2 * n));
      expect(Math.abs(result.skewness[column])).toBeLessThan(5 * Math.sqrt(6 / n));
      expect(Math.abs(result.excessKurtosis[column])).toBeLessThan(5 * Math.sqrt(24 / n));
    }
  });

  it('matches the closed forms of a two-point sample exactly', () => {
    // k ones and n − k zeros: a Bernoulli(p) population with p = k / n.
    const n = 1000;
    const k = 230;
    const values = new Float64Array(n);
    values.fill(1, 0, k);
    const p = k / n;
    const q = 1 - p;
    const result = moments(values);

    expect(result.mean[0]).toBeCloseTo(p, 12);
    expect(result.std[0]).toBeCloseTo(Math.sqrt(p * q), 12);
    expect(result.skewness[0]).toBeCloseTo((q - p) / Math.sqrt(p * q), 12);
    expect(result.excessKurtosis[0]).toBeCloseTo((1 - 6 * p * q) / (p * q), 12);
  });

  it('gives skewness 0 for a symmetric sample, per dimension of a matrix', () => {
    const uniform = seededUniform(5);
    const half = Array.from({ length: 500 }, () => uniform() * 10);
    const symmetric = [...half, ...half.map((x) => -x)].map((x) => x + 3);
    const data = new Float32Array(symmetric.flatMap((x) => [x, 2 * x]));
    const result = moments({ rows: symmetric.length, cols: 2, data });

    expect(Math.abs(result.skewness[0])).toBeLessThan(1e-6);
    expect(Math.abs(result.skewness[1])).toBeLessThan(1e-6);
    expect(result.mean[1] / result.mean[0]).toBeCloseTo(2, 5);
  });

  it('gives about 2 and 6 for an exponential sample', () => {
    const uniform = seededUniform(9);
    const values = Float64Array.from({ length: 400_000 }, () => -Math.log(1 - uniform()));
    const result = moments(values);

    expect(result.mean[0]).toBeCloseTo(1, 1);
    expect(result.skewness[0]).toBeGreaterThan(1.9);
    expect(result.skewness[0]).toBeLessThan(2.1);
    expect(result.excessKurtosis[0]).toBeGreaterThan(5);
    expect(result.excessKurtosis[0]).toBeLessThan(7);
  });

  it('gives σ = 0 and NaN shape moments for a constant dimension', () => {
    const result = moments(new Float64Array(50).fill(0.1));
    expect(result.std[0]).toBe(0);
    expect(result.skewness[0]).toBeNaN();
    expect(result.excessKurtosis[0]).toBeNaN();
  });

  it('rejects an empty sample, a ragged flat array and non-finite values', () => {
    expect(() => moments(new Float64Array(0))).toThrow('at least one event');
    expect(() => moments([1, 2, 3], 2)).toThrow('3 values, not a whole number of events');
    expect(() => moments([1, 2, 3, Number.NaN], 2)).toThrow('sample event 1, dimension 1 is NaN');
    expect(() => moments({ rows: 2, cols: 2, data: [1, 2, 3] })).toThrow(
      '3 values, expected 2 × 2',
    );
  });
});
