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
 * equals Φ(u_k) at c_j, so the mixture's root lies in [min_j c_j, max_j c_j]. Starting from
 * Σⱼ ω_jk·c_j, each step is Newton on the log of the tail probability on u_k's side (log Φ is
 * concave, so Newton behaves in the tails), evaluates the residual to shrink the bracket, and
 * falls back to bisection when the step leaves the bracket or is not finite.
 *
 * References: M. Rosenblatt, "Remarks on a multivariate transformation", Ann. Math. Statist. 23
 * (1952) 470–472.
 */
import {
  LOG_SQRT_TWO_PI,
  normalQuantileFromTails,
  normalTail,
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
  return { lower: ops.where(negative, tail, complement), upper: ops.where(negative, complement, tail) };
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
    const densityFactor = column((j) => Math.exp(-logScale(j) - LOG_SQRT_TWO_PI));
    const logNormalizer = column((j) => -logScale(j) - LOG_SQRT_TWO_PI);

    const weights = softmax(ops, logConditional, 1);
    const target = ops.column(u, k);
    const lowerSide = ops.lessEqual(target, zero);
    const logTargetTail = ops.log(normalTail(ops, target));

    const candidates = ops.add(mean, ops.mul(scale, target));
    let low = ops.min(candidates, 1, true);
    let high = ops.max(candidates, 1, true);
    let z = ops.sum(ops.mul(weights, candidates), 1, true);

    for (let step = 0; step < iterations; step++) {
      const t = ops.mul(ops.sub(z, mean), inverseScale);
      const { lower, upper } = bothTails(ops, t);
      const tail = ops.sum(ops.mul(weights, ops.where(lowerSide, lower, upper)), 1, true);
      const density = ops.sum(
        ops.mul(ops.mul(weights, densityFactor), ops.exp(ops.mul(ops.mul(t, t), ops.neg(half)))),
        1,
        true,
      );
      // Increasing in z on either side; positive when z lies beyond the root.
      const logRatio = ops.sub(ops.log(tail), logTargetTail);
      const residual = ops.where(lowerSide, logRatio, ops.neg(logRatio));

      const below = ops.less(residual, zero);
      low = ops.where(below, z, low);
      high = ops.where(below, high, z);
      const newton = ops.sub(z, ops.div(ops.mul(residual, tail), density));
      const inside = ops.and(ops.lessEqual(low, newton), ops.lessEqual(newton, high));
      z = ops.where(inside, newton, ops.mul(ops.add(low, high), half));
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
