/** Options of {@link histogram}. */
export interface HistogramOptions {
  /** Number of equal-width bins. */
  readonly bins: number;
  /**
   * [low, high] of the binned range. Defaults to the smallest and largest finite value
   * (widened by ½ on each side when they are equal).
   */
  readonly range?: readonly [low: number, high: number];
  /** Per-value weights; each value counts 1 without them. */
  readonly weights?: ArrayLike<number>;
}

/** What {@link histogram} returns. */
export interface Histogram {
  /** bins + 1 bin edges, from low to high. */
  readonly edges: Float64Array;
  /** Sum of weights per bin (counts without weights). */
  readonly counts: Float64Array;
  /** Sum of weights of values below low. */
  readonly underflow: number;
  /** Sum of weights of values above high. */
  readonly overflow: number;
  /** Sum of weights of NaN values, which fall in no bin. */
  readonly missing: number;
}

/**
 * Counts values in `bins` equal-width bins over [low, high]: bin k holds
 * low + k·w ≤ x < low + (k+1)·w with w = (high − low) / bins, the last bin also x = high
 * (the NumPy convention). Values outside the range and NaN are summed apart, not dropped
 * silently.
 */
export function histogram(values: ArrayLike<number>, options: HistogramOptions): Histogram {
  const { bins, weights } = options;
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(`bins must be an integer >= 1, got ${bins}`);
  }
  if (weights !== undefined && weights.length !== values.length) {
    throw new RangeError(`weights has ${weights.length} entries but values has ${values.length}`);
  }
  const [low, high] = options.range ?? finiteRange(values);
  if (!(Number.isFinite(low) && Number.isFinite(high) && low < high)) {
    throw new RangeError(`range must be two finite numbers with low < high, got [${low}, ${high}]`);
  }

  const edges = new Float64Array(bins + 1);
  const width = (high - low) / bins;
  for (let k = 0; k <= bins; k++) edges[k] = low + k * width;
  edges[bins] = high;

  const counts = new Float64Array(bins);
  let underflow = 0;
  let overflow = 0;
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    const weight = weights === undefined ? 1 : weights[i];
    if (Number.isNaN(value)) missing += weight;
    else if (value < low) underflow += weight;
    else if (value > high) overflow += weight;
    else {
      // Why the clamp: x = high, and rounding just below it, would land in bin `bins`.
      counts[Math.min(bins - 1, Math.floor((value - low) / width))] += weight;
    }
  }
  return { edges, counts, underflow, overflow, missing };
}

function finiteRange(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (Number.isFinite(value)) {
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  if (low > high) {
    throw new RangeError('values hold no finite number, so range must be given');
  }
  return low === high ? [low - 0.5, high + 0.5] : [low, high];
}
