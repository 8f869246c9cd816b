import { SeededRandom } from '@flowda/toy';
import { describe, expect, it } from 'vitest';

describe('SeededRandom', () => {
  it('repeats its stream for a seed and changes it with the seed', () => {
    const a = new SeededRandom(7);
    const b = new SeededRandom(7);
    const c = new SeededRandom(8);
    const first = Array.from({ length: 20 }, () => a.uniform());
    expect(Array.from({ length: 20 }, () => b.uniform())).toEqual(first);
    expect(Array.from({ length: 20 }, () => c.uniform())).not.toEqual(first);
  });

  it('gives seeds above 2³² their own streams', () => {
    const low = new SeededRandom(5);
    const high = new SeededRandom(5 + 2 ** 32);
    expect(high.uniform()).not.toBe(low.uniform());
  });

  it('draws uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const random = new SeededRandom(1);
    const n = 200_000;
    let sum = 0;
    let sumSquares = 0;
    let smallest = 1;
    let largest = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      smallest = Math.min(smallest, u);
      largest = Math.max(largest, u);
      sum += u;
      sumSquares += u * u;
    }
    expect(smallest).toBeGreaterThanOrEqual(0);
    expect(largest).toBeLessThan(1);
    const mean = sum / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    expect(Math.abs(sumSquares / n - mean * mean - 1 / 12)).toBeLessThan(0.002);
  });

  it('draws standard normals (mean 0, variance 1, 4th moment 3)', () => {
    const random = new SeededRandom(2);
    const n = 200_000;
    let m1 = 0;
    let m2 = 0;
    let m4 = 0;
    for (let i = 0; i < n; i++) {
      const z = random.normal();
      m1 += z;
      m2 += z * z;
      m4 += z ** 4;
    }
    expect(Math.abs(m1 / n)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(m2 / n - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
    expect(Math.abs(m4 / n - 3)).toBeLessThan(0.1);
  });

  it('draws truncated exponentials inside their range with the right mean', () => {
    const random = new SeededRandom(3);
    const [low, high, slope] = [1, 6, 1.5];
    const n = 100_000;
    let sum = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const x = random.truncatedExponential(low, high, slope);
      if (x < low || x > high) outside++;
      sum += x;
    }
    expect(outside).toBe(0);
    // Mean of exp(−x/s) on [a, b]: a + s − (b − a)/(e^((b−a)/s) − 1).
    const expected = low + slope - (high - low) / (Math.exp((high - low) / slope) - 1);
    expect(Math.abs(sum / n - expected)).toBeLessThan(0.01);
  });

  it('rejects a seed that is not a safe integer', () => {
    expect(() => new SeededRandom(0.5)).toThrow(/seed must be a safe integer, received 0.5/);
  });
});
