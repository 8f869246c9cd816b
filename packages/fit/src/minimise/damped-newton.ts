/**
 * Damped Newton minimisation with a finite-difference gradient and Hessian, inside a box.
 *
 * Each iteration takes g and H of the objective f by central differences (`numericalHessian`
 * steps), solves (H + μ·diag H) δ = −g with the smallest μ ≥ 0 that makes the matrix positive
 * definite, and halves the step until f decreases; the step is clipped into the box and
 * coordinates sitting on a bound with the gradient pointing outwards are held. It converges
 * quadratically where the Fisher-scoring steps of `poissonLevenbergMarquardt` only converge
 * linearly (along directions where the expected and the observed Hessian differ), and stops when
 * EDM = gᵀH⁻¹g / 4 (for f = −2 ln L) falls below the tolerance.
 */

import { cholesky, choleskySolve } from './linear-algebra.js';
import { numericalHessian } from './numerical-hessian.js';

/** Settings of `dampedNewton`. */
export interface DampedNewtonOptions {
  /** Finite-difference step of each coordinate. */
  steps: readonly number[];
  /** Lower bound of each coordinate (−Infinity for none). */
  lower: readonly number[];
  /** Upper bound of each coordinate (+Infinity for none). */
  upper: readonly number[];
  /** Converged when EDM is below this. */
  edmTolerance: number;
  /** Iteration budget. */
  maxIterations: number;
}

/** Result of `dampedNewton`. */
export interface DampedNewtonResult {
  point: number[];
  value: number;
  edm: number;
  evaluations: number;
  converged: boolean;
  reason: string;
}

/** Minimises `objective` (a −2 ln L) from `start`. */
export function dampedNewton(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: DampedNewtonOptions,
): DampedNewtonResult {
  let evaluations = 0;
  const evaluate = (point: readonly number[]): number => {
    evaluations++;
    const value = objective(point);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };

  let point = [...start];
  let value = evaluate(point);
  let edm = Number.POSITIVE_INFINITY;
  for (let iteration = 1; iteration <= options.maxIterations; iteration++) {
    // Keep the difference stencil inside the box.
    const steps = options.steps.map((step, j) =>
      Math.max(
        Math.min(step, (point[j] - options.lower[j]) / 2, (options.upper[j] - point[j]) / 2),
        step * 1e-3,
      ),
    );
    const gradient = point.map((_, j) => {
      const up = [...point];
      up[j] += steps[j];
      const down = [...point];
      down[j] -= steps[j];
      return (evaluate(up) - evaluate(down)) / (2 * steps[j]);
    });
    const hessian = numericalHessian(evaluate, point, steps);
    if (!gradient.every(Number.isFinite) || !hessian.every((row) => row.every(Number.isFinite))) {
      return result(false, 'the objective is not finite around the point');
    }

    const active = gradient
      .map((_, j) => j)
      .filter(
        (j) =>
          !(point[j] <= options.lower[j] && gradient[j] > 0) &&
          !(point[j] >= options.upper[j] && gradient[j] < 0),
      );
    if (active.length === 0) return result(true, 'every coordinate is held on a bound');

    let step: number[] | null = null;
    for (let damping = 0; damping < 1e8; damping = damping === 0 ? 1e-6 : damping * 10) {
      const matrix = active.map((j) =>
        active.map((k) => (j === k ? hessian[j][k] * (1 + damping) + 1e-300 : hessian[j][k])),
      );
      const lower = cholesky(matrix);
      if (!lower) continue;
      const solution = choleskySolve(
        lower,
        active.map((j) => -gradient[j]),
      );
      if (damping === 0) {
        edm = -active.reduce((sum, j, a) => sum + gradient[j] * solution[a], 0) / 4;
      }
      step = solution;
      break;
    }
    if (!step) return result(false, 'the Hessian cannot be made positive definite');
    if (edm < options.edmTolerance)
      return result(true, `EDM ${edm.toExponential(2)} below tolerance`);

    let accepted = false;
    for (let scale = 1; scale > 1e-6; scale /= 2) {
      const candidate = [...point];
      active.forEach((j, a) => {
        candidate[j] = Math.min(
          Math.max(candidate[j] + scale * step[a], options.lower[j]),
          options.upper[j],
        );
      });
      const candidateValue = evaluate(candidate);
      if (candidateValue < value) {
        point = candidate;
        value = candidateValue;
        accepted = true;
        break;
      }
    }
    if (!accepted)
      return result(false, `no step lowers the objective (EDM ${edm.toExponential(2)})`);
  }
  return result(
    false,
    `iteration budget of ${options.maxIterations} spent (EDM ${edm.toExponential(2)})`,
  );

  function result(converged: boolean, reason: string): DampedNewtonResult {
    return { point, value, edm, evaluations, converged, reason };
  }
}
