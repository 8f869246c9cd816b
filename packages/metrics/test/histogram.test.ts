import { histogram } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededNormals, seededUniform } from './random-samples.js';

describe('histogram', () => {
  it('counts like a brute-force comparison with the edges', () => {
    const values = seededNormals(5000, 12);
    const result = histogram(values, { bins: 12, range: [-2, 2] });

    expect(result.edges).toHaveLength(13);
    expect(result.edges[0]).toBe(-2);
    expect(result.edges[12]).toBe(2);
    for (let k = 0; k < 12; k++) {
      const low = -2 + (4 * k) / 12;
      const high = -2 + (4 * (k + 1)) / 12;
      const expected = values.filter((x) => x >= low && (k === 11 ? x <= high : x < high)).length;
      expect(result.counts[k]).toBe(expected);
    }
    expect(result.underflow).toBe(values.filter((x) => x < -2).length);
    expect(result.overflow).toBe(values.filter((x) => x > 2).length);
  });

  it('puts the upper edge in the last bin, keeps NaN apart and sums weights', () => {
    const result = histogram([0, 0.5, 1, Number.NaN, 2], {
      bins: 2,
      range: [0, 1],
      weights: [1, 2, 3, 4, 5],
    });
    expect(Array.from(result.counts)).toEqual([1, 5]);
    expect([result.underflow, result.overflow, result.missing]).toEqual([0, 5, 4]);
  });

  it('takes the range of the finite values by default', () => {
    const uniform = seededUniform(3);
    const values = Array.from({ length: 100 }, () => uniform());
    const result = histogram([...values, Number.POSITIVE_INFINITY], { bins: 5 });

    expect(result.edges[0]).toBe(Math.min(...values));
    expect(result.edges[5]).toBe(Math.max(...values));
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(result.overflow).toBe(1);
    expect(Array.from(histogram([3, 3], { bins: 1 }).edges)).toEqual([2.5, 3.5]);
  });

  it('checks bins and range', () => {
    expect(() => histogram([1], { bins: 0 })).toThrow('bins must be an integer >= 1, got 0');
    expect(() => histogram([1], { bins: 2, range: [1, 1] })).toThrow('low < high, got [1, 1]');
    expect(() => histogram([Number.NaN], { bins: 2 })).toThrow('no finite number');
  });
});
