import { linearScale, logScale, niceDomain, niceTicks, tickStep } from '@flowda/report';
import { describe, expect, test } from 'vitest';

describe('tickStep and niceTicks', () => {
  test.each([
    [0, 1, 5, 0.2],
    [0, 10, 5, 2],
    [1.08, 1.24, 5, 0.05],
    [0, 7, 5, 1],
    [-4.5, 4.5, 4, 2],
  ])('[%d, %d] in about %d ticks steps by %d', (low, high, count, step) => {
    expect(tickStep(low, high, count)).toBeCloseTo(step, 12);
  });

  test('ticks are multiples of the step inside the range, without rounding noise', () => {
    expect(niceTicks(1.08, 1.24, 4)).toEqual([1.1, 1.15, 1.2]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.3, 0.3, 6)).toEqual([-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3]);
  });

  test('niceDomain widens outwards to the step', () => {
    expect(niceDomain(0.13, 0.87, 5)).toEqual([0, 1]);
    expect(niceDomain(0.13, 0.87, 10)).toEqual([0.1, 0.9]);
    const [low, high] = niceDomain(2, 2);
    expect(low).toBeLessThan(2);
    expect(high).toBeGreaterThan(2);
  });
});

describe('scales', () => {
  test('a linear scale maps the domain ends to the range ends, y growing upwards', () => {
    const y = linearScale([0, 100], [200, 20]);
    expect(y.map(0)).toBe(200);
    expect(y.map(100)).toBe(20);
    expect(y.map(50)).toBe(110);
  });

  test('a log scale is linear in log10 and ticks on the decades', () => {
    const y = logScale([0.001, 1], [300, 0]);
    expect(y.map(0.001)).toBeCloseTo(300, 9);
    expect(y.map(0.1)).toBeCloseTo(100, 9);
    expect(y.ticks()).toEqual([0.001, 0.01, 0.1, 1]);
  });

  test('an empty or non-positive domain is refused with the values received', () => {
    expect(() => linearScale([1, 1], [0, 1])).toThrow(/low < high, received \[1, 1\]/);
    expect(() => logScale([0, 1], [0, 1])).toThrow(/log scale domain must be positive/);
  });
});
