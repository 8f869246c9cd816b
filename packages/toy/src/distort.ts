/**
 * Distortions of one column of a row-major table, as in the distortion-reversal study of
 * Kelleher & Vossen (arXiv:2403.14804, sect. 4.2): a constant added to every event, a Gaussian
 * draw added per event, or a scale factor.
 */

import { SeededRandom } from './random.js';

/**
 * What to do to the column. Applied in the order x′ = scale·x + shift + smear·z, z ~ N(0, 1)
 * drawn per row; fields left out are the identity (scale 1, shift 0, smear 0).
 */
export interface Distortion {
  /** Constant added to every value. */
  shift?: number;
  /** Standard deviation of the zero-mean Gaussian draw added to each value. */
  smear?: number;
  /** Factor multiplying every value. */
  scale?: number;
}

/**
 * Returns a copy of the row-major table `data` (`rows × columns`) with column `columnIndex`
 * distorted; the input is not modified. The per-row draws of `smear` come from `seed`, so the
 * same call gives the same result.
 *
 * @throws RangeError when the shape, the column index, the seed or the distortion is invalid.
 */
export function distort(
  data: Float64Array,
  rows: number,
  columns: number,
  columnIndex: number,
  distortion: Distortion,
  seed: number,
): Float64Array {
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw new RangeError(`rows must be a non-negative integer, received ${rows}`);
  }
  if (!Number.isSafeInteger(columns) || columns < 1) {
    throw new RangeError(`columns must be a positive integer, received ${columns}`);
  }
  if (data.length !== rows * columns) {
    throw new RangeError(
      `data has ${data.length} values, expected rows × columns = ${rows} × ${columns} = ` +
        `${rows * columns}`,
    );
  }
  if (!Number.isInteger(columnIndex) || columnIndex < 0 || columnIndex >= columns) {
    throw new RangeError(
      `columnIndex must be an integer in [0, ${columns - 1}], received ${columnIndex}`,
    );
  }
  const { shift, smear, scale } = distortion;
  if (shift === undefined && smear === undefined && scale === undefined) {
    throw new RangeError('distortion must set at least one of shift, smear or scale, received {}');
  }
  if (shift !== undefined && !Number.isFinite(shift)) {
    throw new RangeError(`distortion.shift must be a finite number, received ${shift}`);
  }
  if (smear !== undefined && !(Number.isFinite(smear) && smear >= 0)) {
    throw new RangeError(`distortion.smear must be a finite number ≥ 0, received ${smear}`);
  }
  if (scale !== undefined && !Number.isFinite(scale)) {
    throw new RangeError(`distortion.scale must be a finite number, received ${scale}`);
  }

  const factor = scale ?? 1;
  const offset = shift ?? 0;
  const width = smear ?? 0;
  const random = new SeededRandom(seed);
  const result = Float64Array.from(data);
  for (let row = 0; row < rows; row++) {
    const index = row * columns + columnIndex;
    let value = factor * result[index] + offset;
    if (width > 0) value += width * random.normal();
    result[index] = value;
  }
  return result;
}
