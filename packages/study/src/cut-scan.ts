/**
 * Figure of merit and purity versus the classifier cut (Kelleher & Vossen, arXiv:2403.14804,
 * sect. 5.2). For a cut k the selected candidates are those with classifier output s ≥ k; inside
 * the signal window [low, high) of the invariant mass,
 *
 *   purity P(k) = N_sig(k) / N_tot(k),   figure of merit F(k) = N_sig(k) / √N_tot(k)
 *
 * with N_tot the selected candidates in the window. N_sig comes either from the truth labels
 * (`truthCutScan`: the labelled Λs in the window) or from a binned maximum-likelihood fit of the
 * selected candidates' mass spectrum (`fittedCutScan`, `fitMassSpectrum` of `@flowda/fit` with the
 * window held fixed, so every cut counts in the same window).
 *
 * A cut that removes most of the background can leave a spectrum falling faster than any
 * non-negative quadratic (the background that survives piles up at threshold and under the peak);
 * the full fit then stops on the non-negativity boundary and reports a failure. Such a cut is
 * fitted once more with the middle Bernstein coefficient fixed at 0, i.e. the convex background
 * b₀(1 − x)² + b₂x², which can fall steeply without touching the boundary; the point records
 * which background model it used.
 */

import {
  fitMassSpectrum,
  type MassFitOptions,
  type MassFitResult,
  type Measurement,
} from '@flowda/fit';

// Why: `fixed` replaces the fit's default, which holds the tail powers at 5.
const FIT_DEFAULT_FIXED = { nLeft: 5, nRight: 5 } as const;

/** Cuts 0, 0.05, …, 0.95. */
export const DEFAULT_CUTS: readonly number[] = Object.freeze(
  Array.from({ length: 20 }, (_, k) => Number((0.05 * k).toFixed(2))),
);

/** The cut range over which the flatness of the figure of merit is measured, as in the study. */
export const FLATNESS_CUT_RANGE: readonly [number, number] = Object.freeze([0.2, 0.8]) as readonly [
  number,
  number,
];

/** Counts at one cut, from the truth labels. */
export interface TruthPoint {
  cut: number;
  /** Labelled Λs selected in the window. */
  signal: number;
  /** Candidates selected in the window. */
  total: number;
  /** signal / total; null when nothing is selected. */
  purity: number | null;
  /** signal / √total; null when nothing is selected. */
  figureOfMerit: number | null;
}

/** Background model of a fit: the full quadratic, or the convex fallback with b₁ = 0. */
export type BackgroundModel = 'quadratic' | 'convex';

/** A mass fit at one cut; the measured quantities are null when the fit failed. */
export interface FittedPoint {
  cut: number;
  status: 'converged' | 'failed';
  message: string;
  background: BackgroundModel;
  /** Pearson χ² of the fit and its degrees of freedom. */
  chiSquare: number;
  ndf: number;
  /** Candidates passing the cut (whole fit range). */
  selected: number;
  /** Candidates selected in the window. */
  total: number;
  signal: Measurement | null;
  purity: Measurement | null;
  figureOfMerit: Measurement | null;
}

/** The fitted scan and each fit, for plotting. */
export interface FittedCutScan {
  points: FittedPoint[];
  fits: MassFitResult[];
}

/**
 * Truth-label purity and figure of merit at each cut.
 *
 * @throws RangeError when the arrays differ in length, or the window or a cut is invalid
 */
export function truthCutScan(
  scores: ArrayLike<number>,
  masses: ArrayLike<number>,
  labels: ArrayLike<number>,
  cuts: readonly number[],
  window: readonly [number, number],
): TruthPoint[] {
  checkInputs(scores, masses, cuts, window);
  if (labels.length !== scores.length) {
    throw new RangeError(
      `labels has ${labels.length} entries but scores has ${scores.length}; give one label per candidate`,
    );
  }
  const [low, high] = window;
  return cuts.map((cut) => {
    let signal = 0;
    let total = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i] < cut || masses[i] < low || masses[i] >= high) continue;
      total++;
      if (labels[i] === 1) signal++;
    }
    return {
      cut,
      signal,
      total,
      purity: total > 0 ? signal / total : null,
      figureOfMerit: total > 0 ? signal / Math.sqrt(total) : null,
    };
  });
}

/**
 * Fits the mass spectrum of the candidates passing each cut and reads purity and figure of merit
 * in the fixed `window`. A failed fit is reported with its message, never thrown.
 *
 * @param onFit called after each fit with its index and the number of fits
 * @throws RangeError when the arrays differ in length, or the window or a cut is invalid
 */
export function fittedCutScan(
  scores: ArrayLike<number>,
  masses: ArrayLike<number>,
  cuts: readonly number[],
  window: readonly [number, number],
  options: { massFit?: MassFitOptions; onFit?: (index: number, count: number) => void } = {},
): FittedCutScan {
  checkInputs(scores, masses, cuts, window);
  const points: FittedPoint[] = [];
  const fits: MassFitResult[] = [];
  cuts.forEach((cut, index) => {
    const selected: number[] = [];
    for (let i = 0; i < scores.length; i++) if (scores[i] >= cut) selected.push(masses[i]);
    const settings = { ...options.massFit, window: [window[0], window[1]] as [number, number] };
    let fit = fitMassSpectrum(selected, settings);
    let background: BackgroundModel = 'quadratic';
    if (fit.status === 'failed' && fit.eventsInRange > 0) {
      const convex = fitMassSpectrum(selected, {
        ...settings,
        fixed: { ...(options.massFit?.fixed ?? FIT_DEFAULT_FIXED), backgroundYieldMiddle: 0 },
      });
      if (convex.status === 'converged') {
        fit = convex;
        background = 'convex';
      }
    }
    const converged = fit.status === 'converged';
    fits.push(fit);
    points.push({
      cut,
      status: fit.status,
      message: fit.message,
      background,
      chiSquare: fit.chiSquare,
      ndf: fit.ndf,
      selected: selected.length,
      total: fit.window.total,
      signal: converged ? fit.window.signal : null,
      purity: converged ? fit.window.purity : null,
      figureOfMerit: converged ? fit.window.figureOfMerit : null,
    });
    options.onFit?.(index, cuts.length);
  });
  return { points, fits };
}

/**
 * Index of the cut with the largest fitted figure of merit among converged fits, or -1 when no
 * fit converged.
 */
export function bestCutIndex(points: readonly FittedPoint[]): number {
  let best = -1;
  points.forEach((point, index) => {
    const value = point.figureOfMerit?.value;
    if (value === undefined || !Number.isFinite(value)) return;
    if (best < 0 || value > (points[best].figureOfMerit as Measurement).value) best = index;
  });
  return best;
}

/**
 * Relative spread of a figure-of-merit curve over the cuts in [low, high]:
 * (max F − min F) / max F over the points with a value; 0 for a flat curve. Null when fewer
 * than two points have a value.
 */
export function figureOfMeritSpread(
  cuts: readonly number[],
  values: readonly (number | null)[],
  range: readonly [number, number] = FLATNESS_CUT_RANGE,
): number | null {
  const inside = values.filter(
    (value, i): value is number =>
      value !== null &&
      Number.isFinite(value) &&
      cuts[i] >= range[0] - 1e-12 &&
      cuts[i] <= range[1] + 1e-12,
  );
  if (inside.length < 2) return null;
  const largest = Math.max(...inside);
  const smallest = Math.min(...inside);
  return largest > 0 ? (largest - smallest) / largest : null;
}

function checkInputs(
  scores: ArrayLike<number>,
  masses: ArrayLike<number>,
  cuts: readonly number[],
  window: readonly [number, number],
): void {
  if (masses.length !== scores.length) {
    throw new RangeError(
      `masses has ${masses.length} entries but scores has ${scores.length}; give one mass per candidate`,
    );
  }
  if (!(Number.isFinite(window[0]) && Number.isFinite(window[1]) && window[0] < window[1])) {
    throw new RangeError(`window must be [low, high] with low < high, received [${window}]`);
  }
  cuts.forEach((cut, i) => {
    if (!Number.isFinite(cut))
      throw new RangeError(`cuts[${i}] must be a finite number, received ${cut}`);
  });
}
