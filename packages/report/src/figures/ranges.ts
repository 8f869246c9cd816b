/**
 * Axis ranges shared by the figures: a histogram's vertical range with head-room for the legend,
 * and the range of several curves.
 */

import type { HistogramData } from '../report-data.js';
import { binHeights } from '../svg/marks.js';

/** Largest bin height over `histograms` (counts, or fractions when `normalised`). */
export function largestBin(histograms: readonly HistogramData[], normalised = false): number {
  let largest = 0;
  for (const histogram of histograms) {
    for (const height of binHeights(histogram, normalised)) {
      if (height > largest) largest = height;
    }
  }
  return largest;
}

/** Smallest non-zero bin height over `histograms`. */
export function smallestBin(histograms: readonly HistogramData[], normalised = false): number {
  let smallest = Number.POSITIVE_INFINITY;
  for (const histogram of histograms) {
    for (const height of binHeights(histogram, normalised)) {
      if (height > 0 && height < smallest) smallest = height;
    }
  }
  return smallest;
}

/** [0, top] with `headroom` above the largest value, or [0, 1] when everything is zero. */
export function countDomain(largest: number, headroom = 1.3): [number, number] {
  return largest > 0 ? [0, largest * headroom] : [0, 1];
}

/** Decades around [smallest, largest] with room above for the legend. */
export function logDomain(smallest: number, largest: number): [number, number] {
  if (!(largest > 0)) return [0.1, 1];
  const low = Number.isFinite(smallest) ? smallest : largest / 100;
  return [10 ** Math.floor(Math.log10(low)), 10 ** Math.ceil(Math.log10(largest) + 0.6)];
}

/** [min, max] of the finite values, widened by `pad` of the span; [0, 1] when there are none. */
export function valueDomain(
  series: readonly (readonly (number | null)[])[],
  pad = 0.08,
  includeZero = false,
): [number, number] {
  let low = includeZero ? 0 : Number.POSITIVE_INFINITY;
  let high = includeZero ? 0 : Number.NEGATIVE_INFINITY;
  for (const values of series) {
    for (const value of values) {
      if (value === null || !Number.isFinite(value)) continue;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (!(Number.isFinite(low) && Number.isFinite(high))) return [0, 1];
  if (high === low) return [low - 0.5 * (Math.abs(low) || 1), high + 0.5 * (Math.abs(high) || 1)];
  const span = high - low;
  return [includeZero && low === 0 ? 0 : low - pad * span, high + pad * span];
}
