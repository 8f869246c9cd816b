import { checkFinite, type Sample, toRowMajor } from './sample.js';

/** A square matrix, row-major in float64. */
export interface SquareMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

/**
 * The Pearson correlation matrix of the dimensions of a sample:
 *
 *   r_jk = Σ_i (x_ij − x̄_j)(x_ik − x̄_k) / √(Σ_i (x_ij − x̄_j)² · Σ_i (x_ik − x̄_k)²)
 *
 * accumulated in float64 around the means (two passes). The result is d × d, symmetric, with 1
 * on the diagonal; a constant dimension has no defined correlation, so its row and column
 * (diagonal included) are NaN.
 *
 * @param dimension values per event when `sample` is a flat array
 */
export function pearsonCorrelation(sample: Sample, dimension?: number): SquareMatrix {
  const { rows, cols, data } = toRowMajor(sample, dimension, 'sample');
  if (rows < 2) throw new RangeError(`sample must hold at least 2 events, got ${rows}`);
  checkFinite({ rows, cols, data }, 'sample');

  const mean = new Float64Array(cols);
  const constant = new Uint8Array(cols).fill(1);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < cols; j++) {
      const value = data[row * cols + j];
      mean[j] += value;
      if (value !== data[j]) constant[j] = 0;
    }
  }
  for (let j = 0; j < cols; j++) mean[j] /= rows;

  // Upper triangle of the co-moment matrix Σ (x_j − x̄_j)(x_k − x̄_k).
  const comoment = new Float64Array(cols * cols);
  const deviation = new Float64Array(cols);
  for (let row = 0; row < rows; row++) {
    for (let j = 0; j < cols; j++) deviation[j] = data[row * cols + j] - mean[j];
    for (let j = 0; j < cols; j++) {
      const dj = deviation[j];
      for (let k = j; k < cols; k++) comoment[j * cols + k] += dj * deviation[k];
    }
  }

  const out = new Float64Array(cols * cols);
  for (let j = 0; j < cols; j++) {
    for (let k = j; k < cols; k++) {
      let r: number;
      if (constant[j] === 1 || constant[k] === 1) r = Number.NaN;
      else if (j === k) r = 1;
      else {
        const denominator = Math.sqrt(comoment[j * cols + j] * comoment[k * cols + k]);
        r = Math.min(1, Math.max(-1, comoment[j * cols + k] / denominator));
      }
      out[j * cols + k] = r;
      out[k * cols + j] = r;
    }
  }
  return { rows: cols, cols, data: out };
}
