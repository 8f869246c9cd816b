/**
 * Levenberg–Marquardt minimisation of a binned Poisson deviance (Fisher scoring with damping).
 *
 * For expected counts ν(y) and observed counts n, the deviance D(y) = 2 Σᵢ [νᵢ − nᵢ + nᵢ ln(nᵢ/νᵢ)]
 * has gradient g = 2 Σᵢ (1 − nᵢ/νᵢ) ∂νᵢ/∂y and expected Hessian (Fisher information)
 * F = 2 Σᵢ (∂νᵢ/∂y)(∂νᵢ/∂y)ᵀ / νᵢ. Each iteration solves (F + λ·diag F) δ = −g, keeps the step when
 * D decreases (and divides λ by 10) or multiplies λ by 10 otherwise. Derivatives of ν are central
 * differences (one-sided next to a bound). The search stops when the estimated distance to the
 * minimum of −ln L = D/2, EDM = gᵀF⁻¹g / 4, falls below the tolerance (the convergence test of
 * MINUIT's MIGRAD), or when no step lowers the deviance and EDM is below a looser, acceptable
 * tolerance.
 *
 * Bounds are handled by projection: a step is clipped into the box, and a coordinate that sits on
 * a bound while the gradient pushes it outwards is held there for the iteration (and left out of
 * the EDM), so a minimum on a bound is found without the flat directions a transform would add.
 */

import { poissonDeviance } from '../poisson-deviance.js';
import { cholesky, choleskySolve } from './linear-algebra.js';

/** A binned model: observed counts and a function giving the expected counts at a point. */
export interface BinnedPoissonModel {
  /** Observed events per bin. */
  counts: Float64Array;
  /**
   * Writes the expected events per bin at `point` into `out`; returns false when the point is
   * outside the model's domain.
   */
  expected(point: readonly number[], out: Float64Array): boolean;
}

/** Settings of `poissonLevenbergMarquardt`. */
export interface PoissonLevenbergMarquardtOptions {
  /** Finite-difference step of each coordinate. */
  steps: readonly number[];
  /** Lower bound of each coordinate (−Infinity for none). */
  lower: readonly number[];
  /** Upper bound of each coordinate (+Infinity for none). */
  upper: readonly number[];
  /** Converged when EDM (on the −ln L scale) is below this. */
  edmTolerance: number;
  /**
   * Also converged when no step lowers the deviance any more and EDM is below this (the
   * finite-difference gradient limits how small EDM can get).
   */
  edmAcceptable: number;
  /** Iteration budget. */
  maxIterations: number;
}

/** Result of `poissonLevenbergMarquardt`. */
export interface PoissonLevenbergMarquardtResult {
  point: number[];
  deviance: number;
  edm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** Why the search stopped. */
  reason: string;
  /**
   * Expected information Σᵢ (∂νᵢ/∂y)(∂νᵢ/∂y)ᵀ / νᵢ (the expected Hessian of −ln L) at `point`,
   * from the last iteration.
   */
  information: number[][];
}

/** Minimises the Poisson deviance of `model` from `start`. */
export function poissonLevenbergMarquardt(
  model: BinnedPoissonModel,
  start: readonly number[],
  options: PoissonLevenbergMarquardtOptions,
): PoissonLevenbergMarquardtResult {
  const { counts } = model;
  const bins = counts.length;
  const size = start.length;
  let evaluations = 0;

  const expected = new Float64Array(bins);
  const trial = new Float64Array(bins);
  const plus = new Float64Array(bins);
  const minus = new Float64Array(bins);
  const jacobian = Array.from({ length: size }, () => new Float64Array(bins));

  const devianceAt = (point: readonly number[], out: Float64Array): number => {
    evaluations++;
    if (!model.expected(point, out)) return Number.POSITIVE_INFINITY;
    return poissonDeviance(counts, out);
  };

  let point = [...start];
  let current = devianceAt(point, expected);
  if (!Number.isFinite(current)) {
    return {
      point,
      deviance: current,
      edm: Number.POSITIVE_INFINITY,
      iterations: 0,
      evaluations,
      converged: false,
      reason: 'the starting point gives no valid model (non-positive expected counts)',
      information: [],
    };
  }

  let lambda = 1e-3;
  let edm = Number.POSITIVE_INFINITY;
  let information: number[][] = [];
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    // Jacobian of ν by central differences, one-sided where a side leaves the box or the domain.
    for (let j = 0; j < size; j++) {
      const step = options.steps[j];
      const forward = [...point];
      forward[j] += step;
      const backward = [...point];
      backward[j] -= step;
      evaluations += 2;
      const forwardOk = forward[j] <= options.upper[j] && model.expected(forward, plus);
      const backwardOk = backward[j] >= options.lower[j] && model.expected(backward, minus);
      const row = jacobian[j];
      for (let i = 0; i < bins; i++) {
        if (forwardOk && backwardOk) row[i] = (plus[i] - minus[i]) / (2 * step);
        else if (forwardOk) row[i] = (plus[i] - expected[i]) / step;
        else if (backwardOk) row[i] = (expected[i] - minus[i]) / step;
        else row[i] = 0;
      }
    }

    const gradient = new Array<number>(size).fill(0);
    const fisher = Array.from({ length: size }, () => new Array<number>(size).fill(0));
    for (let i = 0; i < bins; i++) {
      const nu = expected[i];
      if (!(nu > 0)) continue;
      const residual = 1 - counts[i] / nu;
      for (let j = 0; j < size; j++) {
        const dj = jacobian[j][i];
        if (dj === 0) continue;
        gradient[j] += 2 * residual * dj;
        const weighted = (2 * dj) / nu;
        for (let k = 0; k <= j; k++) fisher[j][k] += weighted * jacobian[k][i];
      }
    }
    for (let j = 0; j < size; j++) for (let k = 0; k < j; k++) fisher[k][j] = fisher[j][k];
    information = fisher.map((row) => row.map((value) => value / 2));

    // Coordinates held on a bound this iteration.
    const held = gradient.map(
      (g, j) =>
        fisher[j][j] <= 0 ||
        (point[j] <= options.lower[j] && g > 0) ||
        (point[j] >= options.upper[j] && g < 0),
    );
    const active = gradient.map((_, j) => j).filter((j) => !held[j]);

    edm = estimatedDistance(fisher, gradient, active);
    if (edm < options.edmTolerance) {
      return {
        point,
        deviance: current,
        edm,
        iterations: iteration,
        evaluations,
        converged: true,
        reason: `EDM ${edm.toExponential(2)} below tolerance ${options.edmTolerance}`,
        information,
      };
    }

    // Why: a coordinate that moves no expected count (a tail entirely outside the range) has a
    // zero row in F; it is held where it is instead of making F singular.
    // Damped steps until one lowers the deviance.
    let improved = false;
    while (lambda < 1e12) {
      const damped = active.map((j) =>
        active.map((k) => (j === k ? fisher[j][k] * (1 + lambda) : fisher[j][k])),
      );
      const lower = cholesky(damped);
      if (lower) {
        const activeStep = choleskySolve(
          lower,
          active.map((j) => -gradient[j]),
        );
        const candidate = [...point];
        active.forEach((j, a) => {
          candidate[j] = Math.min(
            Math.max(candidate[j] + activeStep[a], options.lower[j]),
            options.upper[j],
          );
        });
        const candidateDeviance = devianceAt(candidate, trial);
        if (candidateDeviance < current) {
          point = candidate;
          current = candidateDeviance;
          expected.set(trial);
          lambda = Math.max(lambda / 10, 1e-9);
          improved = true;
          break;
        }
      }
      lambda *= 10;
    }
    if (!improved) {
      const acceptable = edm < options.edmAcceptable;
      return {
        point,
        deviance: current,
        edm,
        iterations: iteration,
        evaluations,
        converged: acceptable,
        reason: acceptable
          ? `no step lowers the deviance further; EDM ${edm.toExponential(2)} is below ` +
            `${options.edmAcceptable}`
          : `no step lowers the deviance (EDM ${edm.toExponential(2)})`,
        information,
      };
    }
  }
  return {
    point,
    deviance: current,
    edm,
    iterations: options.maxIterations,
    evaluations,
    converged: false,
    reason: `iteration budget of ${options.maxIterations} spent (EDM ${edm.toExponential(2)})`,
    information,
  };
}

/** gᵀF⁻¹g / 4, the expected decrease of −ln L to the minimum; +∞ when F is singular. */
function estimatedDistance(fisher: number[][], gradient: number[], active: number[]): number {
  const size = active.length;
  if (size === 0) return 0;
  const scale = active.map((j) => 1 / Math.sqrt(fisher[j][j]));
  const scaled = active.map((j, a) => active.map((k, b) => fisher[j][k] * scale[a] * scale[b]));
  const lower = cholesky(scaled);
  if (!lower) return Number.POSITIVE_INFINITY;
  const scaledGradient = active.map((j, a) => gradient[j] * scale[a]);
  const solution = choleskySolve(lower, scaledGradient);
  let sum = 0;
  for (let i = 0; i < size; i++) sum += scaledGradient[i] * solution[i];
  return sum / 4;
}
