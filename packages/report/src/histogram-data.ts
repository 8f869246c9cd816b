/**
 * Turning samples into the report's {@link HistogramData}: equal-width counts over a range that
 * holds the bulk of every sample compared in one panel.
 */

import type { HistogramData } from './report-data.js';

/**
 * Counts of `values` in `bins` equal-width bins over [low, high]; values outside and NaN are
 * left out (bin k holds low + k·w ≤ x < low + (k+1)·w, the last bin also x = high).
 *
 * @throws RangeError when `bins` is not a positive integer or the range is not increasing.
 */
export function histogramData(
  values: ArrayLike<number>,
  low: number,
  high: number,
  bins: number,
): HistogramData {
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`bins must be an integer >= 1, received ${bins}`);
  }
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`range must be finite with low < high, received [${low}, ${high}]`);
  }
  const counts = new Array<number>(bins).fill(0);
  const width = (high - low) / bins;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= low && value <= high)) continue;
    counts[Math.min(bins - 1, Math.floor((value - low) / width))]++;
  }
  return { low, high, counts };
}

/**
 * A range holding all but the `tail` fraction at each end of every sample: from the smallest
 * lower quantile to the largest upper quantile, widened by 2 % of its span. Falls back to
 * [x − ½, x + ½] when all values are equal.
 *
 * @throws RangeError when no sample holds a finite value or `tail` is outside [0, 0.5).
 */
export function commonRange(samples: readonly ArrayLike<number>[], tail = 0.002): [number, number] {
  if (!(tail >= 0 && tail < 0.5)) {
    throw new RangeError(`tail must be in [0, 0.5), received ${tail}`);
  }
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const sample of samples) {
    const sorted = Float64Array.from(sample).filter(Number.isFinite).sort();
    if (sorted.length === 0) continue;
    const lowIndex = Math.floor(tail * (sorted.length - 1));
    const highIndex = Math.ceil((1 - tail) * (sorted.length - 1));
    low = Math.min(low, sorted[lowIndex]);
    high = Math.max(high, sorted[highIndex]);
  }
  if (!(Number.isFinite(low) && Number.isFinite(high))) {
    throw new RangeError('no sample holds a finite value, so no range can be chosen');
  }
  if (high === low) return [low - 0.5, high + 0.5];
  const pad = 0.02 * (high - low);
  return [low - pad, high + pad];
}
