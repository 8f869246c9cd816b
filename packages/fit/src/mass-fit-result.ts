/**
 * Options and result of `fitMassSpectrum`.
 */

import type { MassModelParameters } from './mass-model.js';
import type { MassFitParameterName, ParameterBounds } from './parameters.js';

/** Options of `fitMassSpectrum`. */
export interface MassFitOptions {
  /** Fit range [low, high) of the invariant mass, GeV. Defaults to `[1.08, 1.24]`. */
  range?: readonly [number, number];
  /** Number of equal-width bins over the range. Defaults to `100`. */
  bins?: number;
  /** Where the peak is expected, the starting value of `mean`. Defaults to m_Λ = 1.115683 GeV. */
  expectedMass?: number;
  /** Starting values overriding the estimates made from the histogram. */
  initial?: Partial<MassModelParameters>;
  /**
   * Parameters held constant at the given values. Replaces the default, which is
   * `{ nLeft: 5, nRight: 5 }`: the tail powers are fixed because, for a resolution-dominated peak,
   * they are nearly degenerate with the α's and leave the Hessian close to singular. Pass `{}` to
   * float every parameter.
   */
  fixed?: Partial<MassModelParameters>;
  /**
   * Bounds overriding the defaults: mean within the range less 5 % at each end; σ in
   * [bin width / 4, range / 8] (a peak narrower than a quarter bin is not resolved; rebin or
   * override); α in [0.3, 6]; n in [1.05, 50]; `backgroundYieldLow` and
   * `backgroundYieldHigh` ≥ 0; `signalYield` and `backgroundYieldMiddle` unbounded (the
   * background is kept non-negative by a wall, see `bernstein-background.ts`). A signal yield may
   * go negative so that a sample without signal gives an unbiased estimate around zero.
   */
  bounds?: Partial<Record<MassFitParameterName, ParameterBounds>>;
  /**
   * Half-width of the signal window in units of the fitted core σ: the window is μ ± k·σ, clipped
   * to the range. Defaults to `3`. Ignored when `window` is given.
   */
  windowSigmas?: number;
  /** A fixed signal window [low, high], GeV, instead of μ ± k·σ. */
  window?: readonly [number, number];
}

/** A number with its standard uncertainty. */
export interface Measurement {
  value: number;
  error: number;
}

/** One fitted parameter. */
export interface FittedParameter extends Measurement {
  /** Held at its value (see `MassFitOptions.fixed`). */
  fixed: boolean;
  /** Ended on (or within a negligible distance of) a bound; left out of the covariance. */
  atLimit: boolean;
}

/** Yields and derived quantities inside the signal window. */
export interface SignalWindowResult {
  /** Window [low, high), GeV. */
  low: number;
  high: number;
  /**
   * Fitted signal events in the window, N_sig × (fraction of the signal shape in the window).
   * The error propagates the full covariance through the gradient of that product, with the
   * window edges held fixed (they are a cut, like the one that counts `total`).
   */
  signal: Measurement;
  /** Fitted background events in the window, with its error propagated the same way. */
  background: Measurement;
  /** Observed events in the window (counted from the masses, not the histogram). */
  total: number;
  /**
   * Purity N_sig / N_tot. Its error is the signal error divided by N_tot (the observed count is
   * not fluctuated again: the signal error already contains its Poisson fluctuation). 0 when the
   * window is empty.
   */
  purity: Measurement;
  /**
   * Figure of merit N_sig / √N_tot, with the error of the signal divided by √N_tot. 0 when the
   * window is empty.
   */
  figureOfMerit: Measurement;
}

/** Per-bin model curve, for plotting against the histogram. */
export interface MassFitCurve {
  /** Bin centres, GeV. */
  centres: Float64Array;
  /** Expected events per bin, signal plus background. */
  total: Float64Array;
  /** Expected signal events per bin. */
  signal: Float64Array;
  /** Expected background events per bin. */
  background: Float64Array;
}

/** Result of `fitMassSpectrum`. */
export interface MassFitResult {
  /**
   * 'converged' when the minimiser met its EDM tolerance and the Hessian at the minimum is
   * positive definite; 'failed' otherwise, with the reason in `message`. A failed fit still
   * carries finite parameter values (the last point reached, or the starting values), but its
   * errors are 0 and its covariance null: do not use them.
   */
  status: 'converged' | 'failed';
  /** What happened, in one sentence. */
  message: string;
  /** Fit range [low, high), GeV. */
  range: [number, number];
  /** Every parameter by name. */
  parameters: Record<MassFitParameterName, FittedParameter>;
  /** Covariance of the floated parameters not at a limit, ordered as `covarianceParameters`. */
  covariance: number[][] | null;
  /** Parameter names labelling the rows and columns of `covariance`. */
  covarianceParameters: MassFitParameterName[];
  /** Signal yield in the fit range (= `parameters.signalYield`). */
  signalYield: Measurement;
  /** Background yield in the fit range, b₀ + b₁ + b₂, with its propagated error. */
  backgroundYield: Measurement;
  /** Signal-window yields, purity and figure of merit. */
  window: SignalWindowResult;
  /** Poisson deviance −2 ln(L / L_saturated) at the minimum. */
  deviance: number;
  /** Pearson χ² = Σ (n − ν)² / ν over bins with ν > 0. */
  chiSquare: number;
  /** Degrees of freedom, bins − floated parameters. */
  ndf: number;
  /** Estimated distance to the minimum of −ln L when the minimiser stopped. */
  edm: number;
  /** Evaluations of the model used by the minimisers. */
  evaluations: number;
  /** Bin edges, `bins + 1` values. */
  edges: Float64Array;
  /** Observed events per bin. */
  counts: Float64Array;
  /** Fitted model per bin. */
  curve: MassFitCurve;
  /** Events inside the fit range. */
  eventsInRange: number;
  /** Events outside the fit range (not used). */
  eventsOutsideRange: number;
}
