/**
 * The signal window: yields, purity and figure of merit around the fitted peak.
 *
 * The window is μ ± k·σ (k = `windowSigmas`, σ the Crystal Ball core width) or a given
 * [low, high], clipped to the fit range. Inside it, N_sig = N_sig,range × F_sig(window), with F_sig
 * the fraction of the normalised signal shape in the window (analytic, `crystalBallPrimitive`), and
 * N_bkg likewise from the Bernstein primitive; N_tot counts the observed masses. Purity is
 * N_sig / N_tot and the figure of merit N_sig / √N_tot (Kelleher & Vossen, arXiv:2403.14804,
 * sect. 5.2).
 */

import { bernsteinPrimitive } from './bernstein-background.js';
import { crystalBallPrimitive } from './crystal-ball.js';
import type { ResolvedSettings } from './mass-fit-options.js';
import type { Measurement, SignalWindowResult } from './mass-fit-result.js';
import { shapeOf } from './mass-model.js';

/**
 * Yields and derived quantities in the signal window at the parameter vector `vector`; errors come
 * from `propagate` with the window edges held fixed.
 */
export function signalWindow(
  settings: ResolvedSettings,
  vector: number[],
  propagate: (quantity: (vector: number[]) => number) => Measurement,
  masses: ArrayLike<number>,
): SignalWindowResult {
  const { range, window, windowSigmas } = settings;
  const mean = vector[1];
  const sigma = vector[2];
  const low = Math.max(range[0], window ? window[0] : mean - windowSigmas * sigma);
  const high = Math.min(range[1], window ? window[1] : mean + windowSigmas * sigma);

  const signalFraction = (v: number[]): number => {
    const shape = shapeOf(v);
    if (!(shape.sigma > 0) || high <= low) return 0;
    const at = (x: number) => crystalBallPrimitive((x - shape.mean) / shape.sigma, shape);
    const inRange = at(range[1]) - at(range[0]);
    return inRange > 0 ? (at(high) - at(low)) / inRange : 0;
  };
  const backgroundIn = (v: number[]): number => {
    const width = range[1] - range[0];
    const yields = [v[7], v[8], v[9]] as const;
    const at = (x: number) => bernsteinPrimitive((x - range[0]) / width, yields);
    return high > low ? at(high) - at(low) : 0;
  };

  const signal = propagate((v) => v[0] * signalFraction(v));
  const background = propagate(backgroundIn);
  let total = 0;
  for (let index = 0; index < masses.length; index++) {
    const mass = masses[index];
    if (mass >= low && mass < high) total++;
  }
  const purity: Measurement =
    total > 0
      ? { value: signal.value / total, error: signal.error / total }
      : { value: 0, error: 0 };
  const root = Math.sqrt(total);
  const figureOfMerit: Measurement =
    total > 0 ? { value: signal.value / root, error: signal.error / root } : { value: 0, error: 0 };
  return { low, high, signal, background, total, purity, figureOfMerit };
}
