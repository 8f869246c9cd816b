import { commonRange, histogramData } from '@flowda/report';
import { describe, expect, test } from 'vitest';

describe('histogramData', () => {
  test('counts values per equal-width bin, the upper edge in the last bin, outside values dropped', () => {
    const h = histogramData([0, 0.1, 0.5, 0.99, 1, 1.5, -0.1, Number.NaN], 0, 1, 2);
    expect(h).toEqual({ low: 0, high: 1, counts: [2, 3] });
  });

  test('bad bins or range are refused with the value received', () => {
    expect(() => histogramData([1], 0, 1, 0)).toThrow(/bins must be an integer >= 1, received 0/);
    expect(() => histogramData([1], 1, 1, 3)).toThrow(/low < high, received \[1, 1\]/);
  });
});

describe('commonRange', () => {
  test('spans every sample, padded by 2 % of the span', () => {
    const [low, high] = commonRange(
      [
        [0, 1, 2],
        [3, 4],
      ],
      0,
    );
    expect(low).toBeCloseTo(-0.08, 12);
    expect(high).toBeCloseTo(4.08, 12);
  });

  test('drops the tails of a long-tailed sample', () => {
    const values = Array.from({ length: 1001 }, (_, i) => (i === 1000 ? 1e6 : i / 1000));
    const [, high] = commonRange([values], 0.002);
    expect(high).toBeLessThan(2);
  });

  test('a constant sample gets a unit-wide range; no finite value is an error', () => {
    expect(commonRange([[5, 5]])).toEqual([4.5, 5.5]);
    expect(() => commonRange([[Number.NaN]])).toThrow(/no sample holds a finite value/);
  });
});
