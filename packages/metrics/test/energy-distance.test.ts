import { energyDistance } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededNormals } from './random-samples.js';

/** The V-statistic written out over every pair, as a reference. */
function bruteForceEnergy(a: number[][], b: number[][]): number {
  const norm = (u: number[], v: number[]) => Math.hypot(...u.map((x, i) => x - v[i]));
  const mean = (p: number[][], q: number[][]) =>
    p.reduce((sum, u) => sum + q.reduce((inner, v) => inner + norm(u, v), 0), 0) /
    (p.length * q.length);
  return 2 * mean(a, b) - mean(a, a) - mean(b, b);
}

const rows = (data: Float64Array, cols: number): number[][] =>
  Array.from({ length: data.length / cols }, (_, r) =>
    Array.from(data.subarray(r * cols, (r + 1) * cols)),
  );

describe('energyDistance', () => {
  it('is 0 for identical samples, subsampled or not', () => {
    const sample = seededNormals(2 * 3000, 2);
    expect(energyDistance(sample, sample.slice(), 2)).toBe(0);
    expect(energyDistance(sample, sample.slice(), 2, { maxSamples: 500 })).toBe(0);
  });

  it('is 2|s| between two point masses a distance s apart', () => {
    const zeros = new Float64Array(40);
    const shifted = new Float64Array(30).fill(-1.5);
    expect(energyDistance(zeros, shifted)).toBeCloseTo(3, 12);
  });

  it('matches the pairwise sum on small 2-D samples', () => {
    const a = seededNormals(2 * 40, 3);
    const b = seededNormals(2 * 25, 4).map((x) => 0.5 * x + 0.3);
    const reference = bruteForceEnergy(rows(a, 2), rows(b, 2));

    expect(energyDistance(a, b, 2)).toBeCloseTo(reference, 12);
    expect(
      energyDistance({ rows: 40, cols: 2, data: a }, { rows: 25, cols: 2, data: b }),
    ).toBeCloseTo(reference, 12);
  });

  it('grows with the shift between two normal samples', () => {
    const a = seededNormals(2 * 800, 5);
    const b = seededNormals(2 * 800, 6);
    const distances = [0, 0.25, 0.5, 1].map((shift) =>
      energyDistance(
        a,
        b.map((x) => x + shift),
        2,
      ),
    );
    for (let k = 1; k < distances.length; k++) {
      expect(distances[k]).toBeGreaterThan(distances[k - 1]);
    }
  });

  it('is deterministic above the size cap, and checks its input', () => {
    const a = seededNormals(2500, 7);
    const b = seededNormals(2500, 8);
    const options = { maxSamples: 300, seed: 4 };
    expect(energyDistance(a, b, 1, options)).toBe(energyDistance(a, b, 1, options));
    expect(() => energyDistance(a, seededNormals(10, 1), 1, { maxSamples: 0 })).toThrow(
      'maxSamples must be an integer >= 1, got 0',
    );
    expect(() =>
      energyDistance({ rows: 2, cols: 2, data: [0, 0, 1, 1] }, { rows: 2, cols: 1, data: [0, 1] }),
    ).toThrow('a has dimension 2 but b has dimension 1');
  });
});
