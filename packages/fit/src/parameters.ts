/**
 * The parameters of the mass model, their default bounds, and the bounded ↔ unbounded transforms
 * the minimiser works in.
 *
 * As in MINUIT (James & Roos, Comput. Phys. Commun. 10 (1975) 343), a parameter x with both
 * bounds is written x = lo + (hi − lo)(sin y + 1)/2 and one with only a lower bound
 * x = lo − 1 + √(y² + 1); the minimiser moves y freely. Unbounded parameters use x = y.
 */

/** Names of the fit parameters, in the order of the internal parameter vector. */
export const MASS_FIT_PARAMETERS = [
  'signalYield',
  'mean',
  'sigma',
  'alphaLeft',
  'nLeft',
  'alphaRight',
  'nRight',
  'backgroundYieldLow',
  'backgroundYieldMiddle',
  'backgroundYieldHigh',
] as const;

/** One fit parameter name. */
export type MassFitParameterName = (typeof MASS_FIT_PARAMETERS)[number];

/** Index of each parameter in the parameter vector. */
export const PARAMETER_INDEX: Readonly<Record<MassFitParameterName, number>> = Object.freeze(
  Object.fromEntries(MASS_FIT_PARAMETERS.map((name, index) => [name, index])) as Record<
    MassFitParameterName,
    number
  >,
);

/** Lower and upper bound of a parameter; ±Infinity when unbounded on that side. */
export type ParameterBounds = readonly [number, number];

/** Maps an internal (unbounded) value to the external (bounded) one. */
export function toExternal(internal: number, bounds: ParameterBounds): number {
  const [low, high] = bounds;
  const hasLow = Number.isFinite(low);
  const hasHigh = Number.isFinite(high);
  if (hasLow && hasHigh) return low + ((high - low) * (Math.sin(internal) + 1)) / 2;
  if (hasLow) return low - 1 + Math.sqrt(internal * internal + 1);
  if (hasHigh) return high + 1 - Math.sqrt(internal * internal + 1);
  return internal;
}

/** Maps an external value (clamped into its bounds) to an internal one. */
export function toInternal(external: number, bounds: ParameterBounds): number {
  const [low, high] = bounds;
  const hasLow = Number.isFinite(low);
  const hasHigh = Number.isFinite(high);
  if (hasLow && hasHigh) {
    const s = (2 * (external - low)) / (high - low) - 1;
    return Math.asin(Math.max(-1, Math.min(1, s)));
  }
  if (hasLow) {
    const shifted = Math.max(external, low) - low + 1;
    return Math.sqrt(shifted * shifted - 1);
  }
  if (hasHigh) {
    const shifted = high - Math.min(external, high) + 1;
    return Math.sqrt(shifted * shifted - 1);
  }
  return external;
}

/** dx/dy of the transform at the internal value y. */
export function externalDerivative(internal: number, bounds: ParameterBounds): number {
  const [low, high] = bounds;
  const hasLow = Number.isFinite(low);
  const hasHigh = Number.isFinite(high);
  if (hasLow && hasHigh) return ((high - low) * Math.cos(internal)) / 2;
  if (hasLow) return internal / Math.sqrt(internal * internal + 1);
  if (hasHigh) return -internal / Math.sqrt(internal * internal + 1);
  return 1;
}

/**
 * A typical scale of a parameter, in its own unit: what the simplex steps by, and (divided by
 * 1000) the finite-difference step of derivatives.
 */
export function parameterScale(index: number, vector: readonly number[]): number {
  const name = MASS_FIT_PARAMETERS[index];
  const sigma = Math.abs(vector[2]) || 1e-3;
  switch (name) {
    case 'mean':
      return sigma;
    case 'sigma':
      return 0.3 * sigma;
    case 'alphaLeft':
    case 'alphaRight':
      return 0.5;
    case 'nLeft':
    case 'nRight':
      return 1;
    default: {
      const value = Math.abs(vector[index]);
      return 0.1 * value + Math.sqrt(value) + 1;
    }
  }
}
