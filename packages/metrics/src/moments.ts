import { checkFinite, type Sample, toRowMajor } from './sample.js';

/** Per-dimension moments of a sample, from {@link moments}. */
export interface Moments {
  /** Number of events n. */
  readonly count: number;
  /** x̄ = Σ x / n. */
  readonly mean: Float64Array;
  /** σ = √m₂, the population standard deviation. */
  readonly std: Float64Array;
  /** g₁ = m₃ / m₂^{3/2}; 0 for a symmetric sample, NaN for a constant one. */
  readonly skewness: Float64Array;
  /** g₂ = m₄ / m₂² − 3; 0 for a normal distribution, NaN for a constant sample. */
  readonly excessKurtosis: Float64Array;
}

/**
 * Mean, standard deviation, skewness and excess kurtosis of every dimension, from the central
 * moments m_k = Σ (x − x̄)^k / n (population, not bias-corrected), accumulated in float64 in two
 * passes. A normal sample gives about 0, 1, 0, 0 once standardised, which makes these the first
 * check that a flow maps data to its Gaussian base.
 *
 * @param sample events as a matrix, or a flat row-major array with `dimension` values per event
 * @param dimension values per event for a flat array (1 by default)
 */
export function moments(sample: Sample, dimension?: number): Moments {
  const { rows, cols, data } = toRowMajor(sample, dimension, 'sample');
  if (rows === 0) throw new RangeError('sample must hold at least one event, got 0');
  checkFinite({ rows, cols, data }, 'sample');

  const mean = new Float64Array(cols);
  const constant = new Uint8Array(cols).fill(1);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < cols; column++) {
      const value = data[row * cols + column];
      mean[column] += value;
      if (value !== data[column]) constant[column] = 0;
    }
  }
  for (let column = 0; column < cols; column++) mean[column] /= rows;

  const m2 = new Float64Array(cols);
  const m3 = new Float64Array(cols);
  const m4 = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < cols; column++) {
      const deviation = data[row * cols + column] - mean[column];
      const square = deviation * deviation;
      m2[column] += square;
      m3[column] += square * deviation;
      m4[column] += square * square;
    }
  }

  const std = new Float64Array(cols);
  const skewness = new Float64Array(cols);
  const excessKurtosis = new Float64Array(cols);
  for (let column = 0; column < cols; column++) {
    // Why not test the variance: rounding in x̄ leaves a tiny m₂ > 0 for a constant sample,
    // and the ratios of such tiny moments are noise.
    if (constant[column] === 1) {
      skewness[column] = Number.NaN;
      excessKurtosis[column] = Number.NaN;
      continue;
    }
    const variance = m2[column] / rows;
    std[column] = Math.sqrt(variance);
    skewness[column] = m3[column] / rows / variance ** 1.5;
    excessKurtosis[column] = m4[column] / rows / (variance * variance) - 3;
  }
  return { count: rows, mean, std, skewness, excessKurtosis };
}
