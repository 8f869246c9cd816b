/**
 * The extended mass model: a double-sided Crystal Ball signal on a quadratic (Bernstein)
 * background, both normalised over the fit range [x_lo, x_hi].
 *
 * Expected events in bin i (edges eᵢ, eᵢ₊₁):
 *
 *   νᵢ = N_sig · [P(tᵢ₊₁) − P(tᵢ)] / [P(t_hi) − P(t_lo)] + Σₖ bₖ·[Gₖ(uᵢ₊₁) − Gₖ(uᵢ)],
 *
 * with P the Crystal Ball primitive (`crystalBallPrimitive`), t = (x − μ)/σ, Gₖ the Bernstein
 * primitives (`bernsteinPrimitive`) and u the position scaled to [0, 1]. N_sig is therefore the
 * signal yield inside the fit range, and b₀ + b₁ + b₂ the background yield.
 */

import {
  bernsteinBackgroundDensity,
  bernsteinPrimitive,
  isBernsteinNonNegative,
} from './bernstein-background.js';
import {
  type CrystalBallShape,
  crystalBallIntegral,
  crystalBallPrimitive,
  crystalBallValue,
} from './crystal-ball.js';
import { MASS_FIT_PARAMETERS, type MassFitParameterName } from './parameters.js';

/** Values of every model parameter, by name. */
export type MassModelParameters = Record<MassFitParameterName, number>;

/** The Crystal Ball shape of a parameter vector (order of `MASS_FIT_PARAMETERS`). */
export function shapeOf(vector: ArrayLike<number>): CrystalBallShape {
  return {
    mean: vector[1],
    sigma: vector[2],
    alphaLeft: vector[3],
    nLeft: vector[4],
    alphaRight: vector[5],
    nRight: vector[6],
  };
}

/**
 * Fills `signal` and `background` with the expected events per bin for the parameter vector
 * (order of `MASS_FIT_PARAMETERS`) and returns false, leaving them unspecified, when the vector
 * describes no valid model (σ, α ≤ 0, n ≤ 1, or a background that goes negative).
 */
export function expectedCounts(
  vector: ArrayLike<number>,
  edges: Float64Array,
  signal: Float64Array,
  background: Float64Array,
): boolean {
  const shape = shapeOf(vector);
  const { mean, sigma, alphaLeft, nLeft, alphaRight, nRight } = shape;
  if (!(sigma > 0 && alphaLeft > 0 && alphaRight > 0 && nLeft > 1 && nRight > 1)) return false;
  const yields: [number, number, number] = [vector[7], vector[8], vector[9]];
  if (!isBernsteinNonNegative(yields)) return false;

  const bins = edges.length - 1;
  const low = edges[0];
  const width = edges[bins] - low;
  const signalYield = vector[0];

  const firstPrimitive = crystalBallPrimitive((low - mean) / sigma, shape);
  const total = crystalBallPrimitive((edges[bins] - mean) / sigma, shape) - firstPrimitive;
  if (!(total > 0)) return false;
  const signalScale = signalYield / total;

  let previousSignal = firstPrimitive;
  let previousBackground = 0;
  for (let i = 0; i < bins; i++) {
    const edge = edges[i + 1];
    const signalPrimitive = crystalBallPrimitive((edge - mean) / sigma, shape);
    const backgroundPrimitive = bernsteinPrimitive((edge - low) / width, yields);
    signal[i] = signalScale * (signalPrimitive - previousSignal);
    background[i] = backgroundPrimitive - previousBackground;
    previousSignal = signalPrimitive;
    previousBackground = backgroundPrimitive;
  }
  return true;
}

/**
 * The signal probability density at x, normalised to 1 over [low, high].
 */
export function signalDensity(
  x: number,
  parameters: MassModelParameters,
  low: number,
  high: number,
): number {
  const shape = shapeOf(vectorOf(parameters));
  return (
    crystalBallValue((x - shape.mean) / shape.sigma, shape) / crystalBallIntegral(low, high, shape)
  );
}

/**
 * The background probability density at x, normalised to 1 over [low, high].
 */
export function backgroundDensity(
  x: number,
  parameters: MassModelParameters,
  low: number,
  high: number,
): number {
  const yields = [
    parameters.backgroundYieldLow,
    parameters.backgroundYieldMiddle,
    parameters.backgroundYieldHigh,
  ] as const;
  return bernsteinBackgroundDensity(x, yields, low, high) / (yields[0] + yields[1] + yields[2]);
}

/**
 * The expected events per unit mass at x, N_sig·f_sig(x) + N_bkg·f_bkg(x); its integral over
 * [low, high] is N_sig + N_bkg.
 */
export function massSpectrumDensity(
  x: number,
  parameters: MassModelParameters,
  low: number,
  high: number,
): number {
  const yields = [
    parameters.backgroundYieldLow,
    parameters.backgroundYieldMiddle,
    parameters.backgroundYieldHigh,
  ] as const;
  return (
    parameters.signalYield * signalDensity(x, parameters, low, high) +
    bernsteinBackgroundDensity(x, yields, low, high)
  );
}

function vectorOf(parameters: MassModelParameters): number[] {
  return MASS_FIT_PARAMETERS.map((name) => parameters[name]);
}
