/**
 * Assembling a `MassFitResult` from a point in parameter space and what the minimiser learnt
 * about it: model curve, goodness of fit, propagated errors and the signal window.
 */

import type { ResolvedSettings } from './mass-fit-options.js';
import type { FittedParameter, MassFitResult, Measurement } from './mass-fit-result.js';
import { expectedCounts } from './mass-model.js';
import { MASS_FIT_PARAMETERS, type MassFitParameterName, parameterScale } from './parameters.js';
import { poissonDeviance } from './poisson-deviance.js';
import { signalWindow } from './signal-window.js';

/** Everything about the input a result needs. */
export interface FitContext {
  masses: ArrayLike<number>;
  settings: ResolvedSettings;
  edges: Float64Array;
  counts: Float64Array;
  histogram: { inRange: number; outsideRange: number };
  free: number[];
}

/** What the minimisation concluded. */
export interface Outcome {
  status: 'converged' | 'failed';
  message: string;
  errors: number[];
  atLimit: Set<number>;
  covariance: number[][] | null;
  covarianceIndices: number[];
  edm: number;
  evaluations: number;
}

/** A failed fit: finite values at `vector`, zero errors, no covariance. */
export function failedResult(
  context: FitContext,
  vector: number[],
  message: string,
  evaluations: number,
  edm: number,
): MassFitResult {
  return assemble(context, vector, {
    status: 'failed',
    message,
    errors: new Array<number>(MASS_FIT_PARAMETERS.length).fill(0),
    atLimit: new Set(),
    covariance: null,
    covarianceIndices: [],
    edm: Number.isFinite(edm) ? edm : Number.MAX_VALUE,
    evaluations,
  });
}

/**
 * The result at `vector`. Derived quantities q(x) get the error √(∇qᵀ C ∇q), the gradient by
 * central differences over the parameters of the covariance C.
 */
export function assemble(context: FitContext, vector: number[], outcome: Outcome): MassFitResult {
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
      for (let k = 0; k < gradient.length; k++)
        variance += gradient[j] * covariance[j][k] * gradient[k];
    }
    return { value, error: Math.sqrt(Math.max(variance, 0)) };
  };

  const backgroundYield = propagate((v) => v[7] + v[8] + v[9]);
  const window = signalWindow(settings, vector, propagate, masses);

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
