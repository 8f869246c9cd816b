/**
 * The Rosenblatt transform of a Gaussian mixture with diagonal components, which maps the
 * mixture to N(0, I) and back; written against {@link TensorOps}, so tfjs and ONNX share it.
 *
 * With weights w_j, means μ_j and scales σ_j (j = 1…K), the conditional of z_k given z_<k is
 * again a mixture of the same components' k-th coordinates, with weights
 *   ω_jk(z_<k) ∝ w_j·Πᵢ₍ᵢ<ₖ₎ N(zᵢ; μ_ji, σ_ji)
 * and CDF F_k(z_k | z_<k) = Σⱼ ω_jk·Φ((z_k − μ_jk)/σ_jk). The transform is
 *   toStandard:    u_k = Φ⁻¹(F_k(z_k | z_<k)),   all k at once (an exclusive cumulative sum
 *                  over k gives every conditional weight);
 *   fromStandard:  z_k solves F_k(z_k | z_<k) = Φ(u_k), one coordinate after the other.
 * Both tails are tracked (F and 1 − F each as a sum of accurate tail probabilities), so events
 * out to |u| ≈ 11 keep float32 precision.
 *
 * The solve is a fixed number of safeguarded Newton steps, unrolled, so the ONNX graph has no
 * loops. The root is bracketed from the start: with c_j = μ_jk + σ_jk·u_k every component's CDF
 * equals Φ(u_k) at c_j, so the mixture's root lies in [min_j c_j, max_j c_j], and the residuals
 * at all K candidates narrow that to the nearest candidates on either side; the start is the
 * secant point between them (exact when one component carries all the weight). Each step is
 * Newton on the log of the tail probability on u_k's side (log Φ is concave, so Newton behaves
 * in the tails), evaluates the residual to shrink the bracket, and falls back to bisection when
 * the step leaves the bracket or is not finite.
 *
 * References: M. Rosenblatt, "Remarks on a multivariate transformation", Ann. Math. Statist. 23
 * (1952) 470–472.
 */
import {
  LOG_SQRT_TWO_PI,
  normalQuantileFromTails,
  normalTail,
  SMALLEST_TAIL_PROBABILITY,
} from './normal-functions.js';
import type { TensorOps } from './tensor-ops.js';

/** A diagonal mixture's parameters in float64, row-major [K, D] for means and log-scales. */
export interface MixtureParameters {
  components: number;
  dimension: number;
  /** log w_j, normalised (Σ w_j = 1). */
  logWeights: Float64Array;
  means: Float64Array;
  logScales: Float64Array;
}

/** Normalised exp along `axis`, shifted by the maximum so nothing overflows. */
function softmax<T>(ops: TensorOps<T>, logits: T, axis: number): T {
  const shifted = ops.exp(ops.sub(logits, ops.max(logits, axis, true)));
  return ops.div(shifted, ops.sum(shifted, axis, true));
}

/** Φ(t) and Φ(−t), element-wise, both from the one tail Φ(−|t|). */
function bothTails<T>(ops: TensorOps<T>, t: T): { lower: T; upper: T } {
  const tail = normalTail(ops, t);
  const complement = ops.sub(ops.scalar(1), tail);
  const negative = ops.less(t, ops.scalar(0));
  return {
    lower: ops.where(negative, tail, complement),
    upper: ops.where(negative, complement, tail),
  };
}

/** u = T(z) for a [batch, D] batch. */
export function mixtureToStandard<T>(ops: TensorOps<T>, z: T, parameters: MixtureParameters): T {
  const { components, dimension } = parameters;
  const shape = [components, dimension];
  const means = ops.constant(parameters.means, shape);
  const inverseScales = ops.constant(
    parameters.logScales.map((v) => Math.exp(-v)),
    shape,
  );
  const logNormalizers = ops.constant(
    parameters.logScales.map((v) => -v - LOG_SQRT_TWO_PI),
    shape,
  );

  // [batch, K, D]: the standardised coordinate of every event under every component.
  const t = ops.mul(ops.sub(ops.expandDims(z, 1), means), inverseScales);
  const logDensity = ops.add(ops.mul(ops.mul(t, t), ops.scalar(-0.5)), logNormalizers);
  const logConditional = ops.add(
    ops.cumulativeSumExclusive(logDensity, 2),
    ops.constant(parameters.logWeights, [components, 1]),
  );
  const weights = softmax(ops, logConditional, 1);

  const { lower, upper } = bothTails(ops, t);
  return normalQuantileFromTails(
    ops,
    ops.sum(ops.mul(weights, lower), 1, false),
    ops.sum(ops.mul(weights, upper), 1, false),
  );
}

/** One coordinate's conditional mixture: per-component constants and the current weights. */
interface Conditional<T> {
  mean: T;
  inverseScale: T;
  /** ω_j·exp(−log σ_j)/√(2π), so that the density is Σ_j factor_j·exp(−t_j²/2). */
  densityFactor: T;
  weights: T;
  /** Whether u_k ≤ 0: then the lower tail F is matched, else the upper tail 1 − F. */
  lowerSide: T;
  /** log Φ(−|u_k|), floored at log 10⁻³⁰. */
  logTargetTail: T;
}

/** Floor of the tail before its log: the smallest normal float32 is 1.2·10⁻³⁸. */
const SMALLEST_TAIL = 1e-37;

/**
 * The log-tail residual r(x) at points x (components on the last axis of `weights`):
 *   r = log F(x) − log Φ(u_k) on the lower side, log Φ(−u_k) − log(1 − F(x)) on the upper,
 * increasing in x and zero at the root; also the matched tail and the density at x.
 */
function residualAt<T>(
  ops: TensorOps<T>,
  x: T,
  conditional: Conditional<T>,
  axis: number,
  withDensity: boolean,
): { residual: T; tail: T; density: T | null } {
  const { mean, inverseScale, weights, lowerSide, logTargetTail } = conditional;
  const t = ops.mul(ops.sub(x, mean), inverseScale);
  const { lower, upper } = bothTails(ops, t);
  const tail = ops.maximum(
    ops.sum(ops.mul(weights, ops.where(lowerSide, lower, upper)), axis, true),
    ops.scalar(SMALLEST_TAIL),
  );
  const logRatio = ops.sub(ops.log(tail), logTargetTail);
  const residual = ops.where(lowerSide, logRatio, ops.neg(logRatio));
  if (!withDensity) return { residual, tail, density: null };
  const gaussian = ops.exp(ops.mul(ops.mul(t, t), ops.scalar(-0.5)));
  const density = ops.sum(ops.mul(conditional.densityFactor, gaussian), axis, true);
  return { residual, tail, density };
}

/** z = T⁻¹(u) for a [batch, D] batch, with `iterations` safeguarded Newton steps per coordinate. */
export function mixtureFromStandard<T>(
  ops: TensorOps<T>,
  u: T,
  parameters: MixtureParameters,
  iterations: number,
): T {
  const { components, dimension } = parameters;
  const zero = ops.scalar(0);
  const half = ops.scalar(0.5);
  let logConditional = ops.constant(parameters.logWeights, [1, components]);
  const columns: T[] = [];

  for (let k = 0; k < dimension; k++) {
    const column = (values: (j: number) => number) =>
      ops.constant(
        Array.from({ length: components }, (_, j) => values(j)),
        [components],
      );
    const logScale = (j: number) => parameters.logScales[j * dimension + k];
    const mean = column((j) => parameters.means[j * dimension + k]);
    const scale = column((j) => Math.exp(logScale(j)));
    const inverseScale = column((j) => Math.exp(-logScale(j)));
    const logNormalizer = column((j) => -logScale(j) - LOG_SQRT_TWO_PI);

    const weights = softmax(ops, logConditional, 1);
    const target = ops.column(u, k);
    const lowerSide = ops.lessEqual(target, zero);
    const conditional: Conditional<T> = {
      mean,
      inverseScale,
      densityFactor: ops.mul(weights, ops.exp(logNormalizer)),
      weights,
      lowerSide,
      logTargetTail: ops.log(
        ops.maximum(normalTail(ops, target), ops.scalar(SMALLEST_TAIL_PROBABILITY)),
      ),
    };

    // Each candidate c_j = μ_j + σ_j·u_k is the root of its own component, and the mixture's
    // root lies between them: bracket it by the nearest candidates on either side (residuals
    // of all K candidates under all K components, [batch, K, K]) and start at their secant.
    const candidates = ops.add(mean, ops.mul(scale, target));
    const lowest = ops.min(candidates, 1, true);
    const highest = ops.max(candidates, 1, true);
    const atCandidates = residualAt(
      ops,
      ops.expandDims(candidates, 2),
      {
        ...conditional,
        weights: ops.expandDims(weights, 1),
        lowerSide: ops.expandDims(lowerSide, 2),
        logTargetTail: ops.expandDims(conditional.logTargetTail, 2),
      },
      2,
      false,
    ).residual;
    const residuals = ops.sum(atCandidates, 2, false);
    const below = ops.less(residuals, zero);
    let low = ops.max(ops.where(below, candidates, lowest), 1, true);
    let high = ops.min(ops.where(below, highest, candidates), 1, true);
    const residualLow = ops.max(ops.where(below, residuals, ops.scalar(-LARGE)), 1, true);
    const residualHigh = ops.min(ops.where(below, ops.scalar(LARGE), residuals), 1, true);
    let z = interpolate(ops, low, high, residualLow, residualHigh);

    for (let step = 0; step < iterations; step++) {
      const { residual, tail, density } = residualAt(ops, z, conditional, 1, true);
      const beyond = ops.less(residual, zero);
      low = ops.where(beyond, z, low);
      high = ops.where(beyond, high, z);
      // Newton on r (dr/dz = density/tail on either side), else bisection.
      const newton = ops.sub(z, ops.div(ops.mul(residual, tail), density as T));
      z = ops.where(inBracket(ops, newton, low, high), newton, ops.mul(ops.add(low, high), half));
    }

    columns.push(z);
    const t = ops.mul(ops.sub(z, mean), inverseScale);
    logConditional = ops.add(
      logConditional,
      ops.add(ops.mul(ops.mul(t, t), ops.neg(half)), logNormalizer),
    );
  }
  return ops.concatColumns(columns);
}

/** A residual bound that stands for "no candidate on this side". */
const LARGE = 1e30;

/** Whether low ≤ x ≤ high; false for NaN. */
function inBracket<T>(ops: TensorOps<T>, x: T, low: T, high: T): T {
  return ops.and(ops.lessEqual(low, x), ops.lessEqual(x, high));
}

/**
 * The secant (regula falsi) point of the bracket, where the line through (low, r_low) and
 * (high, r_high) crosses zero, clamped into the bracket against rounding; the midpoint where
 * the residuals are not finite enough to say.
 */
function interpolate<T>(ops: TensorOps<T>, low: T, high: T, residualLow: T, residualHigh: T): T {
  const fraction = ops.div(residualLow, ops.sub(residualLow, residualHigh));
  const secant = ops.minimum(
    ops.maximum(ops.add(low, ops.mul(fraction, ops.sub(high, low))), low),
    high,
  );
  const midpoint = ops.mul(ops.add(low, high), ops.scalar(0.5));
  return ops.where(inBracket(ops, secant, low, high), secant, midpoint);
}
