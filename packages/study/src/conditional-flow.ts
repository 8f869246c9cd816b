/**
 * Flows of one variable x given a context c, p(x | c), for the conditional distortion reversal.
 *
 * 'affine': RealNVP with D = 1 (`realNVP` with `contextDimension`): every layer is
 * y = x·exp(s(c)) + t(c), so the whole flow is affine in x and p(x | c) is a Gaussian whose mean
 * and width follow c.
 * 'spline': the same stack with rational-quadratic spline couplings (Durkan et al. 2019,
 * arXiv:1906.04032): each layer is a monotone spline of x on [−B, B] whose knots follow c, so
 * p(x | c) can be skewed or have several modes.
 */

import {
  Compose,
  type Flow,
  Flow as FlowClass,
  RationalQuadraticSplineCoupling,
  realNVP,
  type ScaleBoundKind,
  StandardNormal,
} from '@flowda/core';

export const CONDITIONAL_FLOW_KINDS = ['affine', 'spline'] as const;
export type ConditionalFlowKind = (typeof CONDITIONAL_FLOW_KINDS)[number];

export interface ConditionalFlowOptions {
  /**
   * Defaults to 'affine', which undid both distortions of the toy better than 'spline' with the
   * training budgets tried (the spline flows stopped early on a noisier validation loss).
   */
  kind?: ConditionalFlowKind;
  /** Defaults to 4 (affine) or 2 (spline). */
  layers?: number;
  /** Hidden widths of each conditioner. Defaults to [64, 64]. */
  hidden?: number[];
  /** Affine only. Defaults to 'tanh'. */
  scaleBound?: ScaleBoundKind;
  scaleBoundValue?: number;
  /** Spline only: bins K. Defaults to 8. */
  bins?: number;
  /** Spline only: half-width B of the spline interval (standardised units). Defaults to 5. */
  bound?: number;
}

/**
 * A flow of one variable conditioned on `contextDimension` others.
 *
 * @throws RangeError for an unknown kind
 */
export function conditionalFlow(
  contextDimension: number,
  options: ConditionalFlowOptions,
  seed: number,
): Flow {
  const kind = options.kind ?? 'affine';
  const hidden = options.hidden ?? [64, 64];
  if (kind === 'affine') {
    return realNVP({
      dimension: 1,
      contextDimension,
      layers: options.layers ?? 4,
      hidden,
      scaleBound: options.scaleBound ?? 'tanh',
      scaleBoundValue: options.scaleBoundValue,
      seed,
    });
  }
  if (kind !== 'spline') {
    throw new RangeError(
      `conditional flow kind must be one of ${CONDITIONAL_FLOW_KINDS.join(', ')}, received ${String(kind)}`,
    );
  }
  const layers = options.layers ?? 2;
  const steps = Array.from(
    { length: layers },
    (_, k) =>
      new RationalQuadraticSplineCoupling({
        dimension: 1,
        mask: [0],
        contextDimension,
        hidden,
        bins: options.bins,
        bound: options.bound,
        seed: seed + 1000 * k,
      }),
  );
  return new FlowClass(new Compose(steps), new StandardNormal(1));
}
