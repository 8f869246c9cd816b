import { SeededRandom } from '@flowda/random';

/** Fractions of the rows for validation and test, and the seed of the shuffle. */
export interface SplitOptions {
  /** Fraction of rows for validation, in [0, 1). Defaults to 0.1. */
  readonly validation?: number;
  /** Fraction of rows for testing, in [0, 1). Defaults to 0.1. */
  readonly test?: number;
  /** Seed of the shuffle: the same seed and row count give the same split. */
  readonly seed: number;
}

/** Row indices of the three parts of a split; disjoint, together 0 … n−1. */
export interface RowSplit {
  readonly train: Int32Array;
  readonly validation: Int32Array;
  readonly test: Int32Array;
}

/**
 * Splits the row indices 0 … n−1 at random into train, validation and test parts.
 *
 * The indices are shuffled by Fisher–Yates with the mulberry32 generator seeded by `seed`; the
 * first round(n·test) go to test, the next round(n·validation) to validation, the rest to
 * train. Each part keeps the shuffled order: the shuffle is `@flowda/random`'s
 * `SeededRandom(seed).permutation(n)`.
 */
export function splitRows(n: number, options: SplitOptions): RowSplit {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`n must be an integer >= 0, got ${n}`);
  }
  const validation = options.validation ?? 0.1;
  const test = options.test ?? 0.1;
  const { seed } = options;
  for (const [name, fraction] of [
    ['validation', validation],
    ['test', test],
  ] as const) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new RangeError(`${name} must be a fraction in [0, 1), got ${fraction}`);
    }
  }
  if (validation + test >= 1) {
    throw new RangeError(
      `validation + test must be below 1 to leave rows for training, got ${validation} + ${test}`,
    );
  }
  if (!Number.isFinite(seed)) {
    throw new RangeError(`seed must be a finite number, got ${seed}`);
  }

  const order = new SeededRandom(seed).permutation(n);
  const testCount = Math.round(n * test);
  const validationCount = Math.min(n - testCount, Math.round(n * validation));
  return {
    test: order.slice(0, testCount),
    validation: order.slice(testCount, testCount + validationCount),
    train: order.slice(testCount + validationCount),
  };
}
