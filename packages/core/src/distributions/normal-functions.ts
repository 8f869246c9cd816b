/**
 * The standard normal's tail probability and quantile, written against {@link TensorOps} so the
 * same float32 maths runs in tfjs and in ONNX (which has `Erf` but neither `Erfc` nor an inverse).
 *
 *   tail:      Φ(−|x|) = ½·erfc(|x|/√2), with erfc from the Chebyshev fit of Press et al.
 *              (Numerical Recipes, §6.2, `erfcc`): relative error below 1.2·10⁻⁷ for every
 *              x ≥ 0, so far tails keep their relative precision where 1 − erf(x) would cancel;
 *   quantile:  Φ⁻¹(p) for p ∈ (0, ½] by Wichura's algorithm AS 241 (PPND16, relative error
 *              near 10⁻¹⁶ in float64, a few float32 ulps here): a central rational fit for
 *              p ≥ 0.075 and two tail fits in √(−log p). Upper-tail quantiles follow from
 *              Φ⁻¹(1 − p) = −Φ⁻¹(p), so callers pass the smaller of the two tail probabilities
 *              and lose no precision near 1.
 *
 * References: W. H. Press et al., "Numerical Recipes", 3rd ed., 2007, §6.2;
 * M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution",
 * Appl. Statist. 37 (1988) 477–484.
 */
import type { TensorOps } from './tensor-ops.js';

const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398,
  1.48851587, -0.82215223, 0.17087277,
];

// Wichura's AS 241 (PPND16), lowest power first. Every term is positive in its region, so the
// sums do not cancel in float32 (Acklam's central fit loses four digits there).
const CENTRAL_NUMERATOR = [
  3.387132872796366608, 1.3314166789178437745e2, 1.9715909503065514427e3,
  1.3731693765509461125e4, 4.5921953931549871457e4, 6.7265770927008700853e4,
  3.3430575583588128105e4, 2.5090809287301226727e3,
];
const CENTRAL_DENOMINATOR = [
  1, 4.2313330701600911252e1, 6.871870074920579083e2, 5.3941960214247511077e3,
  2.1213794301586595867e4, 3.930789580009271061e4, 2.8729085735721942674e4,
  5.226495278852854561e3,
];
const NEAR_TAIL_NUMERATOR = [
  1.42343711074968357734, 4.6303378461565452959, 5.7694972214606914055, 3.64784832476320460504,
  1.27045825245236838258, 2.4178072517745061177e-1, 2.27238449892691845833e-2,
  7.7454501427834140764e-4,
];
const NEAR_TAIL_DENOMINATOR = [
  1, 2.05319162663775882187, 1.6763848301838038494, 6.8976733498510000455e-1,
  1.4810397642748007459e-1, 1.51986665636164571966e-2, 5.475938084995344946e-4,
  1.05075007164441684324e-9,
];
const FAR_TAIL_NUMERATOR = [
  6.6579046435011037772, 5.4637849111641143699, 1.7848265399172913358, 2.9656057182850489123e-1,
  2.6532189526576123093e-2, 1.2426609473880784386e-3, 2.71155556874348757815e-5,
  2.01033439929228813265e-7,
];
const FAR_TAIL_DENOMINATOR = [
  1, 5.9983220655588793769e-1, 1.3692988092273580531e-1, 1.48753612908506148525e-2,
  7.868691311456132591e-4, 1.8463183175100546818e-5, 1.4215117583164458887e-7,
  2.04426310338993978564e-15,
];

/**
 * The smallest tail probability the quantile accepts: Φ⁻¹(10⁻³⁰) ≈ −11.4. Why a floor: float32
 * loses normal numbers below 1.2·10⁻³⁸ and some runtimes flush subnormals to zero.
 */
export const SMALLEST_TAIL_PROBABILITY = 1e-30;

export const LOG_SQRT_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** c₀ + x·(c₁ + x·(c₂ + …)) by Horner's rule, highest coefficient last. */
function polynomial<T>(ops: TensorOps<T>, x: T, coefficients: number[]): T {
  let value = ops.scalar(coefficients[coefficients.length - 1]);
  for (let k = coefficients.length - 2; k >= 0; k--) {
    value = ops.add(ops.mul(value, x), ops.scalar(coefficients[k]));
  }
  return value;
}

/** Φ(−|x|), the standard normal probability beyond |x|, element-wise. */
export function normalTail<T>(ops: TensorOps<T>, x: T): T {
  const a = ops.mul(ops.abs(x), ops.scalar(Math.SQRT1_2));
  const t = ops.div(ops.scalar(1), ops.add(ops.scalar(1), ops.mul(a, ops.scalar(0.5))));
  const exponent = ops.sub(polynomial(ops, t, ERFC_COEFFICIENTS), ops.mul(a, a));
  return ops.mul(ops.mul(t, ops.exp(exponent)), ops.scalar(0.5));
}

/** Φ(x), element-wise, through the tail on the side of x. */
export function normalCdf<T>(ops: TensorOps<T>, x: T): T {
  const tail = normalTail(ops, x);
  return ops.where(ops.less(x, ops.scalar(0)), tail, ops.sub(ops.scalar(1), tail));
}

/** Φ⁻¹(p) ≤ 0 for a lower-tail probability p, clamped to [10⁻³⁰, ½]. */
export function normalQuantileLower<T>(ops: TensorOps<T>, probability: T): T {
  const p = ops.minimum(
    ops.maximum(probability, ops.scalar(SMALLEST_TAIL_PROBABILITY)),
    ops.scalar(0.5),
  );

  // |p − ½| ≤ 0.425: a fit in r = 0.180625 − (p − ½)².
  const q = ops.sub(p, ops.scalar(0.5));
  const r = ops.sub(ops.scalar(0.180625), ops.mul(q, q));
  const central = ops.div(
    ops.mul(q, polynomial(ops, r, CENTRAL_NUMERATOR)),
    polynomial(ops, r, CENTRAL_DENOMINATOR),
  );

  // Otherwise fits in s = √(−log p): one for s ≤ 5 (p ≥ 1.4·10⁻¹¹), one beyond. All three are
  // evaluated for every element and `where` picks, so each stays finite on any p in range.
  const s = ops.sqrt(ops.neg(ops.log(p)));
  const near = ops.sub(s, ops.scalar(1.6));
  const nearTail = ops.div(
    polynomial(ops, near, NEAR_TAIL_NUMERATOR),
    polynomial(ops, near, NEAR_TAIL_DENOMINATOR),
  );
  const far = ops.sub(s, ops.scalar(5));
  const farTail = ops.div(
    polynomial(ops, far, FAR_TAIL_NUMERATOR),
    polynomial(ops, far, FAR_TAIL_DENOMINATOR),
  );
  const tail = ops.neg(ops.where(ops.lessEqual(s, ops.scalar(5)), nearTail, farTail));

  return ops.where(ops.less(q, ops.scalar(-0.425)), tail, central);
}

/**
 * Φ⁻¹(F) from both tails, F = lower and S = upper (F + S = 1 up to rounding): the quantile of
 * whichever is smaller, negated for the upper tail, so |u| up to ≈ 11 comes out accurate.
 */
export function normalQuantileFromTails<T>(ops: TensorOps<T>, lower: T, upper: T): T {
  const useLower = ops.lessEqual(lower, upper);
  const quantile = normalQuantileLower(ops, ops.minimum(lower, upper));
  return ops.where(useLower, quantile, ops.neg(quantile));
}
