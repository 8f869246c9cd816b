import { splitRows, takeRows } from '@flowda/io';
import { describe, expect, it } from 'vitest';

describe('splitRows', () => {
  it('gives disjoint parts that cover every row, sized by the fractions', () => {
    const n = 1001;
    const split = splitRows(n, { validation: 0.2, test: 0.1, seed: 3 });

    expect(split.test).toHaveLength(Math.round(n * 0.1));
    expect(split.validation).toHaveLength(Math.round(n * 0.2));
    expect(split.train).toHaveLength(n - split.test.length - split.validation.length);
    const all = [...split.train, ...split.validation, ...split.test].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
  });

  it('is deterministic per seed and differs between seeds', () => {
    const a = splitRows(500, { seed: 42 });
    const b = splitRows(500, { seed: 42 });
    const c = splitRows(500, { seed: 43 });

    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.train)).not.toEqual(Array.from(c.train));
  });

  it('shuffles: the test part is not a block of consecutive rows', () => {
    const { test } = splitRows(10_000, { seed: 1 });
    const sorted = Array.from(test).sort((a, b) => a - b);
    expect(sorted[sorted.length - 1] - sorted[0]).toBeGreaterThan(test.length);
  });

  it('handles tiny sizes and zero fractions', () => {
    expect(splitRows(0, { seed: 1 }).train).toHaveLength(0);
    const only = splitRows(7, { validation: 0, test: 0, seed: 1 });
    expect(Array.from(only.train).sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('rejects fractions that leave no training rows and bad sizes', () => {
    expect(() => splitRows(10, { validation: 0.5, test: 0.5, seed: 1 })).toThrow(
      'validation + test must be below 1',
    );
    expect(() => splitRows(10, { test: 1.5, seed: 1 })).toThrow(
      'test must be a fraction in [0, 1)',
    );
    expect(() => splitRows(-1, { seed: 1 })).toThrow('n must be an integer >= 0, got -1');
    expect(() => splitRows(5, { seed: Number.NaN })).toThrow('seed must be a finite number');
  });
});

describe('takeRows', () => {
  it('copies the given rows in order and keeps the element type', () => {
    const matrix = { rows: 3, cols: 2, data: new Float32Array([1, 2, 3, 4, 5, 6]) };
    const taken = takeRows(matrix, [2, 0, 2]);

    expect(taken.rows).toBe(3);
    expect(taken.data).toBeInstanceOf(Float32Array);
    expect(Array.from(taken.data)).toEqual([5, 6, 1, 2, 5, 6]);
    expect(() => takeRows(matrix, [3])).toThrow('indices[0] must be an integer in [0, 3), got 3');
  });
});
