/**
 * The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt, to about 1e-15 absolute.
 *
 * For |x| < 3 the Maclaurin series erf(x) = (2/√π) Σₙ (−1)ⁿ x^(2n+1) / (n! (2n+1)) is summed
 * (its largest term stays below 200, so cancellation costs at most two digits); beyond, the
 * continued fraction erfc(x) = e^(−x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))) is
 * evaluated by the modified Lentz method.
 */

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const TINY = 1e-300;

/** The error function. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const absolute = Math.abs(x);
  if (absolute < 3) return erfSeries(x);
  const complement = erfcContinuedFraction(absolute);
  return x > 0 ? 1 - complement : complement - 1;
}

/** The complementary error function erfc(x) = 1 − erf(x), accurate in the far tail. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x >= 3) return erfcContinuedFraction(x);
  return 1 - erf(x);
}

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const contribution = term / (2 * n + 1);
    sum += contribution;
    if (Math.abs(contribution) < 1e-17 * Math.abs(sum)) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

function erfcContinuedFraction(x: number): number {
  if (x > 27) return 0;

  // Lentz's method for x + a₁/(x + a₂/(x + …)) with aₖ = k/2.
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    const a = k / 2;
    d = x + a * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = x + a / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}
