import { kolmogorovSurvival, ksDistance, ksPValue } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededNormals, seededUniform } from './random-samples.js';

/** sup_t |F_a(t) − F_b(t)| by brute force over every sample value t. */
function bruteForceKs(a: number[], b: number[]): number {
  const cdf = (sample: number[], t: number) => sample.filter((x) => x <= t).length / sample.length;
  return Math.max(...[...a, ...b].map((t) => Math.abs(cdf(a, t) - cdf(b, t))));
}

describe('ksDistance', () => {
  it('is 0 for identical samples and 1 for disjoint ones', () => {
    const sample = seededNormals(1000, 1);
    expect(ksDistance(sample, sample.slice().reverse())).toBe(0);
    expect(ksDistance([1, 2, 3], [4, 5])).toBe(1);
    expect(ksDistance([4, 5], [1, 2, 3])).toBe(1);
  });

  it('matches a brute-force supremum on samples full of ties', () => {
    for (const seed of [1, 2, 3, 4]) {
      const uniform = seededUniform(seed);
      const a = Array.from({ length: 57 }, () => Math.floor(uniform() * 8));
      const b = Array.from({ length: 31 }, () => Math.floor(uniform() * 8) + (seed % 2));
      expect(ksDistance(a, b)).toBeCloseTo(bruteForceKs(a, b), 14);
    }
  });

  it('rejects empty and NaN input', () => {
    expect(() => ksDistance([], [1])).toThrow('a must hold at least one value');
    expect(() => ksDistance([1], [2, Number.NaN])).toThrow('b[1] is NaN');
  });
});

describe('ksPValue', () => {
  it('reproduces the tabulated critical values of the Kolmogorov distribution', () => {
    // Q(1.3581) = 0.05 and Q(1.6276) = 0.01 (the usual 5% and 1% critical values).
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(0)).toBe(1);
  });

  it('joins its two series smoothly at λ = 1.18', () => {
    expect(kolmogorovSurvival(1.18 - 1e-9)).toBeCloseTo(kolmogorovSurvival(1.18), 8);
  });

  it('is large for samples of one distribution and tiny for shifted ones', () => {
    const a = seededNormals(2000, 3);
    const b = seededNormals(1500, 4);
    const shifted = b.map((x) => x + 0.3);

    expect(ksPValue(ksDistance(a, b), a.length, b.length)).toBeGreaterThan(0.001);
    expect(ksPValue(ksDistance(a, shifted), a.length, b.length)).toBeLessThan(1e-6);
  });

  it('checks its arguments', () => {
    expect(() => ksPValue(1.5, 10, 10)).toThrow('d must be in [0, 1], got 1.5');
    expect(() => ksPValue(0.5, 0, 10)).toThrow('n must be an integer >= 1, got 0');
  });
});
