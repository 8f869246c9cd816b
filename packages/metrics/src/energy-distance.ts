import { subsampleIndices } from './random.js';
import { checkFinite, type RowMajor, type Sample, toRowMajor } from './sample.js';

/** Options of {@link energyDistance}. */
export interface EnergyDistanceOptions {
  /**
   * Largest number of events used from each sample; a larger sample is subsampled without
   * replacement. The cost is O(n² · dimension). Defaults to 2000.
   */
  readonly maxSamples?: number;
  /** Seed of the subsampling; both samples use it, so identical inputs stay identical. Default 0. */
  readonly seed?: number;
}

/**
 * The energy distance between two multivariate samples X (n events) and Y (m events)
 * (Székely & Rizzo 2013, doi:10.1016/j.jspi.2013.03.018), in its V-statistic form:
 *
 *   E = 2/(nm) Σ_i Σ_j ‖x_i − y_j‖ − 1/n² Σ_i Σ_k ‖x_i − x_k‖ − 1/m² Σ_j Σ_l ‖y_j − y_l‖
 *
 * with ‖·‖ the Euclidean norm, accumulated in float64. E ≥ 0, E = 0 for identical samples, and
 * it grows with any difference in distribution, which makes it a two-sample test for the 2-D
 * comparisons of flow outputs. A sample with more than `maxSamples` events is replaced by a
 * seeded subsample of that size (see {@link EnergyDistanceOptions}).
 *
 * @param dimension values per event when `a` and `b` are flat arrays (1 by default)
 */
export function energyDistance(
  a: Sample,
  b: Sample,
  dimension?: number,
  options: EnergyDistanceOptions = {},
): number {
  const maxSamples = options.maxSamples ?? 2000;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new RangeError(`maxSamples must be an integer >= 1, got ${maxSamples}`);
  }
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);

  const x = subsample(toRowMajor(a, dimension, 'a'), maxSamples, seed, 'a');
  const y = subsample(toRowMajor(b, dimension, 'b'), maxSamples, seed, 'b');
  if (x.cols !== y.cols) {
    throw new RangeError(`a has dimension ${x.cols} but b has dimension ${y.cols}`);
  }

  const between = meanDistance(x, y);
  const withinX = meanDistance(x, x);
  const withinY = meanDistance(y, y);
  // Why the clamp: for identical samples the three terms cancel up to rounding.
  return Math.max(0, 2 * between - withinX - withinY);
}

/** The sample itself, or `maxSamples` of its events chosen by {@link subsampleIndices}. */
function subsample(sample: RowMajor, maxSamples: number, seed: number, name: string): RowMajor {
  if (sample.rows === 0) throw new RangeError(`${name} must hold at least one event, got 0`);
  checkFinite(sample, name);
  const { rows, cols, data } = sample;
  const picked = Float64Array.from(data);
  if (rows <= maxSamples) return { rows, cols, data: picked };
  const indices = subsampleIndices(rows, maxSamples, seed);
  const out = new Float64Array(maxSamples * cols);
  for (let i = 0; i < maxSamples; i++) {
    out.set(picked.subarray(indices[i] * cols, (indices[i] + 1) * cols), i * cols);
  }
  return { rows: maxSamples, cols, data: out };
}

/** (1 / (n m)) Σ_i Σ_j ‖x_i − y_j‖ over all pairs, the diagonal included when x is y. */
function meanDistance(x: RowMajor, y: RowMajor): number {
  const { cols } = x;
  const first = x.data;
  const second = y.data;
  const same = x === y;
  let total = 0;
  for (let i = 0; i < x.rows; i++) {
    let rowTotal = 0;
    // Why start at i + 1 within one sample: ‖x_i − x_k‖ is symmetric and 0 on the diagonal.
    for (let j = same ? i + 1 : 0; j < y.rows; j++) {
      let square = 0;
      for (let c = 0; c < cols; c++) {
        const difference = first[i * cols + c] - second[j * cols + c];
        square += difference * difference;
      }
      rowTotal += Math.sqrt(square);
    }
    total += rowTotal;
  }
  return ((same ? 2 : 1) * total) / (x.rows * y.rows);
}
