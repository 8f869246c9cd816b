/**
 * Binned extended maximum-likelihood fit of an invariant-mass spectrum: a double-sided Crystal
 * Ball signal on a quadratic background (see `mass-model.ts`).
 *
 * The masses are binned over the range; the fit minimises the Poisson deviance
 * D = −2 ln(L / L_saturated) of the bin counts, equivalent to maximising the extended likelihood
 * L = Πᵢ νᵢ^nᵢ e^(−νᵢ) / nᵢ!. Bounded parameters are moved through MINUIT's transforms
 * (`parameters.ts`). The minimisation runs a Nelder–Mead simplex with restarts from
 * histogram-based starting values, then polishes with Levenberg–Marquardt on the deviance until
 * the estimated distance to the minimum of −ln L is below 1e-6 (retrying once from the simplex if
 * the polish stalls). Uncertainties come from the covariance C = H⁻¹, H the numerical Hessian of
 * −ln L = D/2 in the bounded parameters at the minimum, over the floated parameters not at a
 * limit.
 */

import { LAMBDA_MASS_GEV } from './constants.js';
import { crystalBallPrimitive } from './crystal-ball.js';
import { binMasses } from './histogram.js';
import { estimateStartingValues } from './initial-estimate.js';
import type {
  FittedParameter,
  MassFitOptions,
  MassFitResult,
  Measurement,
  SignalWindowResult,
} from './mass-fit-result.js';
import { expectedCounts, type MassModelParameters, shapeOf } from './mass-model.js';
import { inversePositiveDefinite } from './minimise/linear-algebra.js';
import { nelderMead } from './minimise/nelder-mead.js';
import { numericalHessian } from './minimise/numerical-hessian.js';
import { poissonLevenbergMarquardt } from './minimise/poisson-levenberg-marquardt.js';
import {
  externalDerivative,
  MASS_FIT_PARAMETERS,
  type MassFitParameterName,
  type ParameterBounds,
  toExternal,
  toInternal,
} from './parameters.js';
import { poissonDeviance } from './poisson-deviance.js';

const EDM_TOLERANCE = 1e-6;
const PARAMETER_COUNT = MASS_FIT_PARAMETERS.length;
const DEFAULT_FIXED: Partial<MassModelParameters> = { nLeft: 5, nRight: 5 };

/**
 * Fits the invariant-mass spectrum of `masses` (GeV).
 *
 * Degenerate input (no events, or fewer than two per floated parameter in the range) and a fit
 * that does not converge are reported through `status: 'failed'` and `message`, never thrown.
 *
 * @throws RangeError for invalid options, or a mass that is not a finite number (naming its index).
 */
export function fitMassSpectrum(
  masses: Float64Array | readonly number[],
  options: MassFitOptions = {},
): MassFitResult {
  const settings = checkOptions(options);
  const { range, bins, bounds, fixed } = settings;
  const histogram = binMasses(masses, range[0], range[1], bins);
  const { edges, counts } = histogram;

  const estimates = estimateStartingValues(edges, counts, settings.expectedMass);
  const start = MASS_FIT_PARAMETERS.map((name) => {
    if (fixed[name] !== undefined) return fixed[name] as number;
    const given = options.initial?.[name];
    if (given !== undefined) return given;
    const [low, high] = bounds[name];
    return Math.min(Math.max(estimates[name], low), high);
  });

  const free = MASS_FIT_PARAMETERS.map((_, index) => index).filter(
    (index) => fixed[MASS_FIT_PARAMETERS[index]] === undefined,
  );
  const context: FitContext = { masses, settings, edges, counts, histogram, free };

  if (histogram.inRange === 0) {
    return failedResult(
      context,
      start,
      `no events in the fit range [${range[0]}, ${range[1]}) GeV ` +
        `(${histogram.outsideRange} outside it)`,
      0,
      Number.POSITIVE_INFINITY,
    );
  }
  const needed = 2 * free.length;
  if (histogram.inRange < needed) {
    return failedResult(
      context,
      start,
      `only ${histogram.inRange} events in the fit range [${range[0]}, ${range[1]}) GeV; a fit ` +
        `of ${free.length} floated parameters needs at least ${needed}`,
      0,
      Number.POSITIVE_INFINITY,
    );
  }

  // The minimisers move the internal (unbounded) coordinates of the floated parameters.
  const freeBounds = free.map((index) => bounds[MASS_FIT_PARAMETERS[index]]);
  const toFull = (internal: readonly number[]): Float64Array => {
    const vector = Float64Array.from(start);
    free.forEach((index, k) => {
      vector[index] = toExternal(internal[k], freeBounds[k]);
    });
    return vector;
  };
  const signalScratch = new Float64Array(bins);
  const backgroundScratch = new Float64Array(bins);
  const expectedAt = (vector: Float64Array, out: Float64Array): boolean => {
    if (!expectedCounts(vector, edges, signalScratch, backgroundScratch)) return false;
    for (let i = 0; i < bins; i++) out[i] = signalScratch[i] + backgroundScratch[i];
    return true;
  };
  const totalScratch = new Float64Array(bins);
  let evaluations = 0;
  const devianceOfInternal = (internal: readonly number[]): number => {
    evaluations++;
    if (!expectedAt(toFull(internal), totalScratch)) return Number.POSITIVE_INFINITY;
    return poissonDeviance(counts, totalScratch);
  };

  let internal = free.map((index, k) => toInternal(start[index], freeBounds[k]));
  let polish = minimiseOnce();
  if (!polish.converged) polish = minimiseOnce();
  evaluations += polish.evaluations;

  const best = toFull(polish.point);
  if (!polish.converged) {
    return failedResult(
      context,
      Array.from(best),
      `the minimiser did not converge: ${polish.reason}`,
      evaluations,
      polish.edm,
    );
  }

  return finish(context, Array.from(best), polish.edm, evaluations, expectedAt);

  function minimiseOnce() {
    const simplexSteps = free.map((index, k) =>
      internalStep(index, start, internal[k], freeBounds[k], 'simplex'),
    );
    const simplex = nelderMead(devianceOfInternal, internal, {
      steps: simplexSteps,
      tolerance: 1e-7,
      maxEvaluations: 400 * Math.max(free.length, 1),
      restarts: 3,
    });
    internal = simplex.point;

    const derivativeSteps = free.map((index, k) =>
      internalStep(index, Array.from(toFull(internal)), internal[k], freeBounds[k], 'derivative'),
    );
    const result = poissonLevenbergMarquardt(
      {
        counts,
        expected: (point, out) => expectedAt(toFull(point), out),
      },
      internal,
      { steps: derivativeSteps, edmTolerance: EDM_TOLERANCE, maxIterations: 200 },
    );
    internal = result.point;
    return result;
  }
}

interface ResolvedSettings {
  range: [number, number];
  bins: number;
  expectedMass: number;
  fixed: Partial<MassModelParameters>;
  bounds: Record<MassFitParameterName, ParameterBounds>;
  windowSigmas: number;
  window: readonly [number, number] | undefined;
}

interface FitContext {
  masses: ArrayLike<number>;
  settings: ResolvedSettings;
  edges: Float64Array;
  counts: Float64Array;
  histogram: { inRange: number; outsideRange: number };
  free: number[];
}

/**
 * A typical scale of a parameter, in its own unit: what the simplex steps by, and (divided by
 * 1000) the finite-difference step of derivatives.
 */
function parameterScale(index: number, vector: readonly number[]): number {
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

function internalStep(
  index: number,
  vector: readonly number[],
  internal: number,
  bounds: ParameterBounds,
  purpose: 'simplex' | 'derivative',
): number {
  const external = parameterScale(index, vector) * (purpose === 'simplex' ? 1 : 1e-3);
  const slope = Math.abs(externalDerivative(internal, bounds));
  const bounded = Number.isFinite(bounds[0]) || Number.isFinite(bounds[1]);
  const cap = purpose === 'simplex' ? 0.5 : 1e-3;
  if (!bounded) return external;
  if (slope < 1e-12) return cap;
  return Math.min(external / slope, cap);
}

/** Covariance, errors and derived quantities at a converged minimum. */
function finish(
  context: FitContext,
  best: number[],
  edm: number,
  evaluations: number,
  expectedAt: (vector: Float64Array, out: Float64Array) => boolean,
): MassFitResult {
  const { settings, counts, free } = context;
  const { bounds } = settings;
  const bins = counts.length;
  const scratch = new Float64Array(bins);
  const halfDeviance = (vector: Float64Array): number =>
    expectedAt(vector, scratch) ? poissonDeviance(counts, scratch) / 2 : Number.POSITIVE_INFINITY;

  // Errors from the expected information Σ (∂ν/∂x)(∂ν/∂x)ᵀ/ν set the Hessian's step sizes and
  // decide which parameters sit on a bound.
  const expected = new Float64Array(bins);
  expectedAt(Float64Array.from(best), expected);
  const plus = new Float64Array(bins);
  const minus = new Float64Array(bins);
  const jacobian = free.map((index) => {
    const name = MASS_FIT_PARAMETERS[index];
    const [low, high] = bounds[name];
    let step = parameterScale(index, best) * 1e-3;
    step = Math.min(step, Math.max(best[index] - low, 0) / 2 || step, Math.max(high - best[index], 0) / 2 || step);
    const up = Float64Array.from(best);
    up[index] += step;
    const down = Float64Array.from(best);
    down[index] -= step;
    const row = new Float64Array(bins);
    const upOk = expectedAt(up, plus);
    const downOk = expectedAt(down, minus);
    for (let i = 0; i < bins; i++) {
      if (upOk && downOk) row[i] = (plus[i] - minus[i]) / (2 * step);
      else if (upOk) row[i] = (plus[i] - expected[i]) / step;
      else if (downOk) row[i] = (expected[i] - minus[i]) / step;
    }
    return row;
  });
  const information = free.map((_, j) =>
    free.map((__, k) => {
      let sum = 0;
      for (let i = 0; i < bins; i++) {
        if (expected[i] > 0) sum += (jacobian[j][i] * jacobian[k][i]) / expected[i];
      }
      return sum;
    }),
  );
  const informationCovariance = inversePositiveDefinite(information);
  const roughErrors = free.map((index, k) => {
    const variance = informationCovariance?.[k][k];
    return variance !== undefined && variance > 0
      ? Math.sqrt(variance)
      : parameterScale(index, best);
  });

  const atLimit = new Set<number>();
  const hessianIndices: number[] = [];
  const hessianSteps: number[] = [];
  free.forEach((index, k) => {
    const [low, high] = bounds[MASS_FIT_PARAMETERS[index]];
    const distance = Math.min(best[index] - low, high - best[index]);
    if (distance < 1e-3 * roughErrors[k]) {
      atLimit.add(index);
      return;
    }
    hessianIndices.push(index);
    hessianSteps.push(Math.min(0.1 * roughErrors[k], distance / 2));
  });

  const hessian = numericalHessian(
    (point) => {
      const vector = Float64Array.from(best);
      hessianIndices.forEach((index, k) => {
        vector[index] = point[k];
      });
      return halfDeviance(vector);
    },
    hessianIndices.map((index) => best[index]),
    hessianSteps,
  );
  const covariance = hessian.every((row) => row.every(Number.isFinite))
    ? inversePositiveDefinite(hessian)
    : null;
  if (!covariance) {
    return failedResult(
      context,
      best,
      'the Hessian of −ln L at the minimum is not positive definite; the minimum is not ' +
        'well defined (fix some parameters, e.g. the Crystal Ball tails, or give starting values)',
      evaluations,
      edm,
    );
  }

  const covarianceParameters = hessianIndices.map((index) => MASS_FIT_PARAMETERS[index]);
  const errors = new Array<number>(PARAMETER_COUNT).fill(0);
  hessianIndices.forEach((index, k) => {
    errors[index] = Math.sqrt(covariance[k][k]);
  });

  const limitNames = [...atLimit].map((index) => MASS_FIT_PARAMETERS[index]);
  const message =
    `converged (EDM ${edm.toExponential(2)})` +
    (limitNames.length > 0 ? `; at a limit and left out of the covariance: ${limitNames.join(', ')}` : '');
  return assemble(context, best, {
    status: 'converged',
    message,
    errors,
    atLimit,
    covariance,
    covarianceIndices: hessianIndices,
    edm,
    evaluations,
  });
}

function failedResult(
  context: FitContext,
  vector: number[],
  message: string,
  evaluations: number,
  edm: number,
): MassFitResult {
  return assemble(context, vector, {
    status: 'failed',
    message,
    errors: new Array<number>(PARAMETER_COUNT).fill(0),
    atLimit: new Set(),
    covariance: null,
    covarianceIndices: [],
    edm: Number.isFinite(edm) ? edm : Number.MAX_VALUE,
    evaluations,
  });
}

interface Outcome {
  status: 'converged' | 'failed';
  message: string;
  errors: number[];
  atLimit: Set<number>;
  covariance: number[][] | null;
  covarianceIndices: number[];
  edm: number;
  evaluations: number;
}

function assemble(context: FitContext, vector: number[], outcome: Outcome): MassFitResult {
  const { settings, edges, counts, histogram, masses } = context;
  const { range, fixed } = settings;
  const bins = counts.length;

  const signal = new Float64Array(bins);
  const background = new Float64Array(bins);
  const total = new Float64Array(bins);
  const centres = new Float64Array(bins);
  const valid = expectedCounts(vector, edges, signal, background);
  for (let i = 0; i < bins; i++) {
    centres[i] = (edges[i] + edges[i + 1]) / 2;
    if (!valid) {
      signal[i] = 0;
      background[i] = 0;
    }
    total[i] = signal[i] + background[i];
  }

  let deviance = poissonDeviance(counts, total);
  if (!Number.isFinite(deviance)) deviance = Number.MAX_VALUE;
  let chiSquare = 0;
  for (let i = 0; i < bins; i++) {
    if (total[i] > 0) chiSquare += (counts[i] - total[i]) ** 2 / total[i];
  }

  const parameters = Object.fromEntries(
    MASS_FIT_PARAMETERS.map((name, index) => [
      name,
      {
        value: vector[index],
        error: outcome.errors[index],
        fixed: fixed[name] !== undefined,
        atLimit: outcome.atLimit.has(index),
      } satisfies FittedParameter,
    ]),
  ) as Record<MassFitParameterName, FittedParameter>;

  const propagate = (quantity: (vector: number[]) => number): Measurement => {
    const value = quantity(vector);
    const { covariance, covarianceIndices } = outcome;
    if (!covariance || !Number.isFinite(value)) {
      return { value: Number.isFinite(value) ? value : 0, error: 0 };
    }
    const gradient = covarianceIndices.map((index) => {
      const step = parameterScale(index, vector) * 1e-4;
      const up = [...vector];
      up[index] += step;
      const down = [...vector];
      down[index] -= step;
      return (quantity(up) - quantity(down)) / (2 * step);
    });
    let variance = 0;
    for (let j = 0; j < gradient.length; j++) {
      for (let k = 0; k < gradient.length; k++) variance += gradient[j] * covariance[j][k] * gradient[k];
    }
    return { value, error: Math.sqrt(Math.max(variance, 0)) };
  };

  const backgroundYield = propagate((v) => v[7] + v[8] + v[9]);
  const window = signalWindow(context, vector, propagate, masses);

  return {
    status: outcome.status,
    message: outcome.message,
    range: [range[0], range[1]],
    parameters,
    covariance: outcome.covariance,
    covarianceParameters: outcome.covarianceIndices.map((index) => MASS_FIT_PARAMETERS[index]),
    signalYield: { value: parameters.signalYield.value, error: parameters.signalYield.error },
    backgroundYield,
    window,
    deviance,
    chiSquare,
    ndf: bins - context.free.length,
    edm: outcome.edm,
    evaluations: outcome.evaluations,
    edges,
    counts,
    curve: { centres, total, signal, background },
    eventsInRange: histogram.inRange,
    eventsOutsideRange: histogram.outsideRange,
  };
}

function signalWindow(
  context: FitContext,
  vector: number[],
  propagate: (quantity: (vector: number[]) => number) => Measurement,
  masses: ArrayLike<number>,
): SignalWindowResult {
  const { range, window, windowSigmas } = context.settings;
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
    const primitive = (x: number) => {
      const u = (x - range[0]) / width;
      const w = 1 - u;
      return v[7] * (1 - w * w * w) + v[8] * (3 * u * u - 2 * u * u * u) + v[9] * u * u * u;
    };
    return high > low ? primitive(high) - primitive(low) : 0;
  };

  const signal = propagate((v) => v[0] * signalFraction(v));
  const background = propagate(backgroundIn);
  let total = 0;
  for (let index = 0; index < masses.length; index++) {
    const mass = masses[index];
    if (mass >= low && mass < high) total++;
  }
  const purity: Measurement =
    total > 0 ? { value: signal.value / total, error: signal.error / total } : { value: 0, error: 0 };
  const root = Math.sqrt(total);
  const figureOfMerit: Measurement =
    total > 0 ? { value: signal.value / root, error: signal.error / root } : { value: 0, error: 0 };
  return { low, high, signal, background, total, purity, figureOfMerit };
}

function checkOptions(options: MassFitOptions): ResolvedSettings {
  const range = options.range ?? [1.08, 1.24];
  if (
    range.length !== 2 ||
    !Number.isFinite(range[0]) ||
    !Number.isFinite(range[1]) ||
    range[0] >= range[1]
  ) {
    throw new RangeError(
      `range must be [low, high] with finite low < high, received ${JSON.stringify(range)}`,
    );
  }
  const bins = options.bins ?? 100;
  if (!Number.isSafeInteger(bins) || bins < 12) {
    throw new RangeError(`bins must be an integer ≥ 12, received ${bins}`);
  }
  const expectedMass = options.expectedMass ?? LAMBDA_MASS_GEV;
  if (!(expectedMass > range[0] && expectedMass < range[1])) {
    throw new RangeError(
      `expectedMass must lie inside the range (${range[0]}, ${range[1]}), received ${expectedMass}` +
        (options.expectedMass === undefined ? ' (the default, m_Λ); pass expectedMass' : ''),
    );
  }
  const windowSigmas = options.windowSigmas ?? 3;
  if (!(windowSigmas > 0 && Number.isFinite(windowSigmas))) {
    throw new RangeError(`windowSigmas must be a finite number > 0, received ${windowSigmas}`);
  }
  const window = options.window;
  if (
    window !== undefined &&
    (window.length !== 2 ||
      !Number.isFinite(window[0]) ||
      !Number.isFinite(window[1]) ||
      window[0] >= window[1])
  ) {
    throw new RangeError(
      `window must be [low, high] with finite low < high, received ${JSON.stringify(window)}`,
    );
  }

  const width = range[1] - range[0];
  const binWidth = width / bins;
  const bounds: Record<MassFitParameterName, ParameterBounds> = {
    signalYield: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    mean: [range[0] + 0.05 * width, range[1] - 0.05 * width],
    sigma: [binWidth / 20, width / 8],
    alphaLeft: [0.3, 6],
    nLeft: [1.05, 50],
    alphaRight: [0.3, 6],
    nRight: [1.05, 50],
    backgroundYieldLow: [0, Number.POSITIVE_INFINITY],
    backgroundYieldMiddle: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    backgroundYieldHigh: [0, Number.POSITIVE_INFINITY],
  };
  for (const [name, given] of Object.entries(options.bounds ?? {})) {
    checkName(name, 'bounds');
    if (
      !Array.isArray(given) ||
      given.length !== 2 ||
      Number.isNaN(given[0]) ||
      Number.isNaN(given[1]) ||
      !(given[0] < given[1])
    ) {
      throw new RangeError(
        `bounds.${name} must be [low, high] with low < high, received ${JSON.stringify(given)}`,
      );
    }
    bounds[name as MassFitParameterName] = [given[0], given[1]];
  }
  if (bounds.sigma[0] <= 0) {
    throw new RangeError(`bounds.sigma must keep sigma > 0, received [${bounds.sigma}]`);
  }

  const fixed = options.fixed ?? DEFAULT_FIXED;
  for (const [name, value] of Object.entries(fixed)) {
    checkName(name, 'fixed');
    checkDomain(name as MassFitParameterName, value, 'fixed');
  }
  for (const [name, value] of Object.entries(options.initial ?? {})) {
    checkName(name, 'initial');
    checkDomain(name as MassFitParameterName, value, 'initial');
    const [low, high] = bounds[name as MassFitParameterName];
    if (fixed[name as MassFitParameterName] === undefined && !(value >= low && value <= high)) {
      throw new RangeError(
        `initial.${name} must lie within its bounds [${low}, ${high}], received ${value}`,
      );
    }
  }
  return { range: [range[0], range[1]], bins, expectedMass, fixed, bounds, windowSigmas, window };
}

function checkName(name: string, option: string): void {
  if (!(MASS_FIT_PARAMETERS as readonly string[]).includes(name)) {
    throw new RangeError(
      `${option} names an unknown parameter '${name}'; valid names are ` +
        MASS_FIT_PARAMETERS.join(', '),
    );
  }
}

function checkDomain(name: MassFitParameterName, value: number | undefined, option: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value)) {
    throw new RangeError(`${option}.${name} must be a finite number, received ${value}`);
  }
  if ((name === 'sigma' || name === 'alphaLeft' || name === 'alphaRight') && !(value > 0)) {
    throw new RangeError(`${option}.${name} must be > 0, received ${value}`);
  }
  if ((name === 'nLeft' || name === 'nRight') && !(value > 1)) {
    throw new RangeError(`${option}.${name} must be > 1, received ${value}`);
  }
}
