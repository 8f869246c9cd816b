import { SeededRandom } from '@flowda/random';
import { describe, expect, test } from 'vitest';

describe('SeededRandom', () => {
  test('the same seed gives the same stream, another seed another stream', () => {
    const a = new SeededRandom(42).normals(100);
    const b = new SeededRandom(42).normals(100);
    const c = new SeededRandom(43).normals(100);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  test('uniforms lie in [0, 1) with mean ½ and variance 1/12', () => {
    const random = new SeededRandom(1);
    const values = Array.from({ length: 100_000 }, () => random.uniform());
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  test('normals have mean 0, variance 1 and the Gaussian fourth moment 3', () => {
    const values = new SeededRandom(2).normals(200_000);
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (const v of values) {
      m1 += v;
      m2 += v * v;
      m4 += v ** 4;
    }
    const n = values.length;
    expect(Math.abs(m1 / n)).toBeLessThan(0.01);
    expect(Math.abs(m2 / n - 1)).toBeLessThan(0.02);
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.1);
  });

  test('permutation contains every index once', () => {
    const order = new SeededRandom(3).permutation(1000);
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 1000 }, (_, i) => i),
    );
    expect(Array.from(order.slice(0, 10))).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  test('a non-finite seed is refused with the value named', () => {
    expect(() => new SeededRandom(Number.NaN)).toThrow(/seed must be a finite number, got NaN/);
  });
});
