import { pearsonCorrelation } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededNormals } from './random-samples.js';

/** r between two columns by the textbook formula. */
function pearson(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  x.forEach((xi, i) => {
    sxy += (xi - mx) * (y[i] - my);
    sxx += (xi - mx) ** 2;
    syy += (y[i] - my) ** 2;
  });
  return sxy / Math.sqrt(sxx * syy);
}

describe('pearsonCorrelation', () => {
  it('gives ±1 for linear relations and matches the textbook formula otherwise', () => {
    const noise = seededNormals(3 * 400, 8);
    const x = Array.from({ length: 400 }, (_, i) => noise[i]);
    const columns = [
      x,
      x.map((v) => 2 * v + 1),
      x.map((v) => -3 * v),
      x.map((v, i) => v + noise[400 + i]),
      Array.from(noise.subarray(800)),
    ];
    const cols = columns.length;
    const data = new Float64Array(400 * cols);
    columns.forEach((column, c) => {
      column.forEach((v, r) => {
        data[r * cols + c] = v;
      });
    });
    const r = pearsonCorrelation({ rows: 400, cols, data });

    expect(r.rows).toBe(cols);
    expect(r.data[0 * cols + 1]).toBeCloseTo(1, 12);
    expect(r.data[0 * cols + 2]).toBeCloseTo(-1, 12);
    for (let j = 0; j < cols; j++) {
      expect(r.data[j * cols + j]).toBe(1);
      for (let k = 0; k < cols; k++) {
        expect(r.data[j * cols + k]).toBeCloseTo(pearson(columns[j], columns[k]), 12);
        expect(r.data[j * cols + k]).toBe(r.data[k * cols + j]);
      }
    }
  });

  it('marks a constant dimension NaN and reads flat arrays with a dimension', () => {
    const r = pearsonCorrelation([1, 5, 2, 5, 3, 5], 2);
    expect(r.data[0]).toBe(1);
    expect(r.data[1]).toBeNaN();
    expect(r.data[3]).toBeNaN();
    expect(() => pearsonCorrelation([1, 2], 2)).toThrow('at least 2 events, got 1');
  });
});
