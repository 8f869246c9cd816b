/**
 * Binary masks for coupling layers. A one marks a feature that passes through unchanged and
 * feeds the conditioner; a zero marks a feature that is transformed.
 */
import { checkArgument, checkInteger } from '../../errors.js';

/** Mask k of an alternating schedule: ones on even features for even k, on odd features otherwise. */
export function alternatingMask(dimension: number, layer: number): Float32Array {
  checkInteger('dimension', dimension, 2);
  const mask = new Float32Array(dimension);
  for (let i = 0; i < dimension; i++) mask[i] = (i + layer) % 2 === 0 ? 1 : 0;
  return mask;
}

/**
 * Checks a mask against the dimension and that it both keeps and transforms something. With a
 * context (`conditional`), an all-zero mask is allowed: every feature is transformed and the
 * conditioner sees only the context, which is how a conditional flow models a single variable.
 */
export function checkMask(
  mask: ArrayLike<number>,
  dimension: number,
  conditional = false,
): Float32Array {
  checkArgument(
    mask.length === dimension,
    'mask length',
    mask.length,
    `equal to dimension ${dimension}`,
  );
  const values = Float32Array.from(mask);
  const ones = values.reduce((n, v) => n + (v === 1 ? 1 : 0), 0);
  const zeros = values.reduce((n, v) => n + (v === 0 ? 1 : 0), 0);
  checkArgument(ones + zeros === dimension, 'mask entries', Array.from(values), 'all 0 or 1');
  checkArgument(
    (ones > 0 || conditional) && zeros > 0,
    'mask',
    Array.from(values),
    conditional
      ? 'at least one zero (transformed)'
      : 'a mix of ones (kept) and zeros (transformed)',
  );
  return values;
}
