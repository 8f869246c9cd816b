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
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

// Wichura's AS 241 (PPND16), lowest power first. Every term is positive in its region, so the
// sums do not cancel in float32 (Acklam's central fit loses four digits there).
const CENTRAL_NUMERATOR = [
  3.3871328727963665, 133.14166789178438, 1971.5909503065513, 13731.69376550946, 45921.95393154987,
  67265.7709270087, 33430.57558358813, 2509.0809287301227,
];
const CENTRAL_DENOMINATOR = [
  1, 42.31333070160091, 687.1870074920579, 5394.196021424751, 21213.794301586597, 39307.89580009271,
  28729.085735721943, 5226.495278852854,
];
const NEAR_TAIL_NUMERATOR = [
  1.4234371107496835, 4.630337846156546, 5.769497221460691, 3.6478483247632045, 1.2704582524523684,
  0.2417807251774506, 0.022723844989269184, 0.0007745450142783414,
];
const NEAR_TAIL_DENOMINATOR = [
  1, 2.053191626637759, 1.6763848301838038, 0.6897673349851, 0.14810397642748008,
  0.015198666563616457, 0.0005475938084995345, 1.0507500716444169e-9,
];
const FAR_TAIL_NUMERATOR = [
  6.657904643501103, 5.463784911164114, 1.7848265399172913, 0.29656057182850487,
  0.026532189526576124, 0.0012426609473880784, 2.7115555687434876e-5, 2.0103343992922881e-7,
];
const FAR_TAIL_DENOMINATOR = [
  1, 0.599832206555888, 0.1369298809227358, 0.014875361290850615, 0.0007868691311456133,
  1.8463183175100548e-5, 1.421511758316446e-7, 2.0442631033899397e-15,
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
