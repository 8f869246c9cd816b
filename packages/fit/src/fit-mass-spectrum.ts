/**
 * Binned extended maximum-likelihood fit of an invariant-mass spectrum: a double-sided Crystal
 * Ball signal on a quadratic background (see `mass-model.ts`).
 *
 * The masses are binned over the range; the fit minimises the Poisson deviance
 * D = −2 ln(L / L_saturated) of the bin counts, equivalent to maximising the extended likelihood
 * L = Πᵢ νᵢ^nᵢ e^(−νᵢ) / nᵢ!. The minimisation runs in three stages:
 *
 * 1. a Nelder–Mead simplex, with one restart, from histogram-based starting values
 *    (`initial-estimate.ts`), moving bounded parameters through MINUIT's transforms
 *    (`parameters.ts`);
 * 2. Levenberg–Marquardt (Fisher scoring) on the deviance, bounds by projection, until the
 *    estimated distance to the minimum of −ln L is below 1e-6 (or no step helps and it is below
 *    1e-4, MIGRAD's default);
 * 3. if that stalls, damped Newton steps with the numerical Hessian to the same tolerance.
 *
 * The three are run once more from where they stopped if they did not converge. Uncertainties
 * come from the covariance C = H⁻¹, H the numerical Hessian of −ln L = D/2 in the bounded
 * parameters at the minimum, over the floated parameters not at a limit.
 */

import { binMasses } from './histogram.js';
import { estimateStartingValues } from './initial-estimate.js';
import { assemble, type FitContext, failedResult } from './mass-fit-assembly.js';
import { resolveMassFitOptions } from './mass-fit-options.js';
import type { MassFitOptions, MassFitResult } from './mass-fit-result.js';
import { expectedCounts } from './mass-model.js';
import { dampedNewton } from './minimise/damped-newton.js';
import { inversePositiveDefinite } from './minimise/linear-algebra.js';
import { nelderMead } from './minimise/nelder-mead.js';
import { numericalHessian } from './minimise/numerical-hessian.js';
import { poissonLevenbergMarquardt } from './minimise/poisson-levenberg-marquardt.js';
import {
  externalDerivative,
  MASS_FIT_PARAMETERS,
  type ParameterBounds,
  parameterScale,
  toExternal,
  toInternal,
} from './parameters.js';
import { poissonDeviance } from './poisson-deviance.js';

const EDM_TOLERANCE = 1e-6;
// Why: MIGRAD's default convergence, 0.002 × tolerance 0.1 × up 0.5 for −ln L.
const EDM_ACCEPTABLE = 1e-4;
const PARAMETER_COUNT = MASS_FIT_PARAMETERS.length;

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
  const settings = resolveMassFitOptions(options);
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
  const fromInternal = (internal: readonly number[]): Float64Array => {
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
  const devianceOfExternal = (vector: Float64Array): number => {
    evaluations++;
    if (!expectedAt(vector, totalScratch)) return Number.POSITIVE_INFINITY;
    return poissonDeviance(counts, totalScratch);
  };
  const devianceOfInternal = (internal: readonly number[]): number =>
    devianceOfExternal(fromInternal(internal));

  // Simplex in the internal coordinates, then projected Levenberg–Marquardt (and, if it stalls,
  // damped Newton) in the bounded ones.
  const lower = freeBounds.map((b) => b[0]);
  const upper = freeBounds.map((b) => b[1]);
  const withFree = (values: readonly number[]): Float64Array => {
    const vector = Float64Array.from(start);
    free.forEach((index, k) => {
      vector[index] = values[k];
    });
    return vector;
  };
  let internal = free.map((index, k) => toInternal(start[index], freeBounds[k]));
  let polish = minimiseOnce();
  if (!polish.converged) polish = minimiseOnce();

  const best = Array.from(withFree(polish.point));
  if (!polish.converged) {
    return failedResult(
      context,
      best,
      `the minimiser did not converge: ${polish.reason}`,
      evaluations,
      polish.edm,
    );
  }
  return finish(context, best, polish, evaluations, expectedAt);

  function minimiseOnce(): MinimiserOutcome {
    const simplexSteps = free.map((index, k) =>
      simplexStep(index, start, internal[k], freeBounds[k]),
    );
    const simplex = nelderMead(devianceOfInternal, internal, {
      steps: simplexSteps,
      tolerance: 1e-7,
      maxEvaluations: 150 * Math.max(free.length, 1),
      restarts: 1,
    });
    const external = simplex.point.map((y, k) => toExternal(y, freeBounds[k]));
    const vector = Array.from(withFree(external));
    const scoring = poissonLevenbergMarquardt(
      { counts, expected: (point, out) => expectedAt(withFree(point), out) },
      external,
      {
        steps: free.map((index) => 1e-3 * parameterScale(index, vector)),
        lower,
        upper,
        edmTolerance: EDM_TOLERANCE,
        edmAcceptable: EDM_ACCEPTABLE,
        maxIterations: 30,
      },
    );
    evaluations += scoring.evaluations;
    let outcome: MinimiserOutcome = scoring;

    // Why: Fisher scoring converges only linearly along weakly constrained directions (a tail
    // parameter far out); Newton steps with the observed Hessian finish the job.
    if (!scoring.converged && Number.isFinite(scoring.deviance)) {
      const errors = roughErrors(scoring.information, free, Array.from(withFree(scoring.point)));
      const newton = dampedNewton((point) => devianceOfExternal(withFree(point)), scoring.point, {
        steps: errors.map((error) => 0.1 * error),
        lower,
        upper,
        edmTolerance: EDM_TOLERANCE,
        maxIterations: 20,
      });
      if (newton.value <= scoring.deviance) {
        // The information matrix of the scoring step still sets the Hessian's steps later on.
        outcome = { ...newton, deviance: newton.value, information: scoring.information };
      }
    }
    internal = outcome.point.map((x, k) => toInternal(x, freeBounds[k]));
    return outcome;
  }
}

/** What one simplex + polish round returns. */
interface MinimiserOutcome {
  point: number[];
  deviance: number;
  edm: number;
  converged: boolean;
  reason: string;
  information: number[][];
}

/**
 * Standard errors from the expected information (its inverse's diagonal), or the parameter scale
 * where the information is singular.
 */
function roughErrors(information: number[][], free: number[], vector: number[]): number[] {
  const covariance = inversePositiveDefinite(information);
  return free.map((index, k) => {
    const variance = covariance?.[k][k];
    return variance !== undefined && variance > 0
      ? Math.sqrt(variance)
      : parameterScale(index, vector);
  });
}

/** The simplex step of a parameter in internal coordinates: its scale through dx/dy. */
function simplexStep(
  index: number,
  vector: readonly number[],
  internal: number,
  bounds: ParameterBounds,
): number {
  const external = parameterScale(index, vector);
  const bounded = Number.isFinite(bounds[0]) || Number.isFinite(bounds[1]);
  if (!bounded) return external;
  const slope = Math.abs(externalDerivative(internal, bounds));
  return slope < 1e-12 ? 0.5 : Math.min(external / slope, 0.5);
}

/** Covariance, errors and derived quantities at a converged minimum. */
function finish(
  context: FitContext,
  best: number[],
  minimum: { edm: number; information: number[][] },
  evaluations: number,
  expectedAt: (vector: Float64Array, out: Float64Array) => boolean,
): MassFitResult {
  const { edm, information } = minimum;
  const { settings, counts, free } = context;
  const { bounds } = settings;
  const bins = counts.length;
  const scratch = new Float64Array(bins);
  const halfDeviance = (vector: Float64Array): number =>
    expectedAt(vector, scratch) ? poissonDeviance(counts, scratch) / 2 : Number.POSITIVE_INFINITY;

  // Errors from the expected information (the minimiser's last Fisher matrix) set the Hessian's
  // step sizes and decide which parameters sit on a bound.
  const errors = roughErrors(information, free, best);

  const atLimit = new Set<number>();
  const hessianIndices: number[] = [];
  const hessianSteps: number[] = [];
  free.forEach((index, k) => {
    const [low, high] = bounds[MASS_FIT_PARAMETERS[index]];
    const distance = Math.min(best[index] - low, high - best[index]);
    if (distance < 1e-3 * errors[k]) {
      atLimit.add(index);
      return;
    }
    hessianIndices.push(index);
    hessianSteps.push(Math.min(0.1 * errors[k], distance / 2));
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

  const parameterErrors = new Array<number>(PARAMETER_COUNT).fill(0);
  hessianIndices.forEach((index, k) => {
    parameterErrors[index] = Math.sqrt(covariance[k][k]);
  });

  const limitNames = [...atLimit].map((index) => MASS_FIT_PARAMETERS[index]);
  const message =
    `converged (EDM ${edm.toExponential(2)})` +
    (limitNames.length > 0
      ? `; at a limit and left out of the covariance: ${limitNames.join(', ')}`
      : '');
  return assemble(context, best, {
    status: 'converged',
    message,
    errors: parameterErrors,
    atLimit,
    covariance,
    covarianceIndices: hessianIndices,
    edm,
    evaluations,
  });
}
