/**
 * The double-sided (two-tailed) Crystal Ball line shape.
 *
 * With t = (x − μ)/σ, the unnormalised shape is a Gaussian core joined, with continuous value and
 * slope, to a power-law tail on each side:
 *
 *   f(t) = exp(−t²/2)                                  for −α_L ≤ t ≤ α_R,
 *   f(t) = exp(−α_L²/2) · (1 − α_L(t + α_L)/n_L)^(−n_L)  for t < −α_L,
 *   f(t) = exp(−α_R²/2) · (1 + α_R(t − α_R)/n_R)^(−n_R)  for t > α_R,
 *
 * which is the usual A·(B ∓ t)^(−n) form with A = (n/α)ⁿ e^(−α²/2), B = n/α − α, rewritten so
 * that no large power is formed. Its primitive is analytic: √(π/2)·erf(t/√2) in the core and
 * e^(−α²/2)·(n/α)/(n − 1)·r^(1−n) in a tail (r the bracket above), so integrals over bins are
 * exact however narrow the peak is.
 *
 * Reference: J. E. Gaiser, SLAC-R-255 (1982), appendix F (the one-sided form).
 */

import { erf } from './erf.js';

/** Shape parameters of the double-sided Crystal Ball. */
export interface CrystalBallShape {
  /** Peak position μ (same unit as x). */
  mean: number;
  /** Width σ of the Gaussian core, > 0. */
  sigma: number;
  /** Where the low-side tail starts, in units of σ below μ, > 0. */
  alphaLeft: number;
  /** Power of the low-side tail, > 1. */
  nLeft: number;
  /** Where the high-side tail starts, in units of σ above μ, > 0. */
  alphaRight: number;
  /** Power of the high-side tail, > 1. */
  nRight: number;
}

const SQRT_HALF_PI = Math.sqrt(Math.PI / 2);
const SQRT_HALF = Math.SQRT1_2;

/**
 * The unnormalised double-sided Crystal Ball at x (1 at x = μ).
 *
 * @throws RangeError when a shape parameter is out of range (σ, α > 0; n > 1).
 */
export function crystalBallDoubleSided(x: number, shape: CrystalBallShape): number {
  checkShape(shape);
  return crystalBallValue((x - shape.mean) / shape.sigma, shape);
}

/**
 * ∫ f(x) dx from `low` to `high` for the unnormalised double-sided Crystal Ball, analytic.
 *
 * @throws RangeError when a shape parameter is out of range (σ, α > 0; n > 1).
 */
export function crystalBallIntegral(low: number, high: number, shape: CrystalBallShape): number {
  checkShape(shape);
  const { mean, sigma } = shape;
  return (
    sigma *
    (crystalBallPrimitive((high - mean) / sigma, shape) -
      crystalBallPrimitive((low - mean) / sigma, shape))
  );
}

/** f at the standardised coordinate t, without argument checks (hot path of the fit). */
export function crystalBallValue(t: number, shape: CrystalBallShape): number {
  const { alphaLeft, nLeft, alphaRight, nRight } = shape;
  if (t < -alphaLeft) {
    const r = 1 - (alphaLeft * (t + alphaLeft)) / nLeft;
    return Math.exp(-0.5 * alphaLeft * alphaLeft) * r ** -nLeft;
  }
  if (t > alphaRight) {
    const r = 1 + (alphaRight * (t - alphaRight)) / nRight;
    return Math.exp(-0.5 * alphaRight * alphaRight) * r ** -nRight;
  }
  return Math.exp(-0.5 * t * t);
}

/**
 * ∫ f(s) ds from −∞ to t in the standardised coordinate (so ∫ f dx = σ·ΔP), without argument
 * checks. The total P(∞) is finite because n > 1.
 */
export function crystalBallPrimitive(t: number, shape: CrystalBallShape): number {
  const { alphaLeft, nLeft, alphaRight, nRight } = shape;
  const leftTailArea = (Math.exp(-0.5 * alphaLeft * alphaLeft) * (nLeft / alphaLeft)) / (nLeft - 1);
  if (t < -alphaLeft) {
    const r = 1 - (alphaLeft * (t + alphaLeft)) / nLeft;
    return leftTailArea * r ** (1 - nLeft);
  }

  const coreStart = erf(-alphaLeft * SQRT_HALF);
  if (t <= alphaRight) return leftTailArea + SQRT_HALF_PI * (erf(t * SQRT_HALF) - coreStart);

  const coreArea = SQRT_HALF_PI * (erf(alphaRight * SQRT_HALF) - coreStart);
  const r = 1 + (alphaRight * (t - alphaRight)) / nRight;
  const rightTailScale =
    (Math.exp(-0.5 * alphaRight * alphaRight) * (nRight / alphaRight)) / (nRight - 1);
  return leftTailArea + coreArea + rightTailScale * (1 - r ** (1 - nRight));
}

function checkShape(shape: CrystalBallShape): void {
  const { mean, sigma, alphaLeft, nLeft, alphaRight, nRight } = shape;
  if (!Number.isFinite(mean)) {
    throw new RangeError(`mean must be a finite number, received ${mean}`);
  }
  if (!(sigma > 0 && Number.isFinite(sigma))) {
    throw new RangeError(`sigma must be a finite number > 0, received ${sigma}`);
  }
  if (!(alphaLeft > 0 && Number.isFinite(alphaLeft))) {
    throw new RangeError(`alphaLeft must be a finite number > 0, received ${alphaLeft}`);
  }
  if (!(alphaRight > 0 && Number.isFinite(alphaRight))) {
    throw new RangeError(`alphaRight must be a finite number > 0, received ${alphaRight}`);
  }
  if (!(nLeft > 1 && Number.isFinite(nLeft))) {
    throw new RangeError(`nLeft must be a finite number > 1, received ${nLeft}`);
  }
  if (!(nRight > 1 && Number.isFinite(nRight))) {
    throw new RangeError(`nRight must be a finite number > 1, received ${nRight}`);
  }
}
