/**
 * The quadratic background as a Bernstein polynomial with yields as coefficients.
 *
 * With u = (x − x_lo)/(x_hi − x_lo) ∈ [0, 1] and W = x_hi − x_lo, the background density is
 *
 *   b(x) = [b₀·3(1 − u)² + b₁·6u(1 − u) + b₂·3u²] / W,
 *
 * where each bracketed basis function integrates to 1 over the range, so b₀, b₁, b₂ are event
 * yields and the background yield is b₀ + b₁ + b₂. The density is b₀·3/W at the low edge and
 * b₂·3/W at the high edge; it is ≥ 0 on the whole range exactly when b₀ ≥ 0, b₂ ≥ 0 and
 * (b₁ ≥ 0 or b₁² ≤ b₀b₂), which is how the fit keeps it non-negative.
 */

/** Yields of the three Bernstein components, low to high. */
export type BernsteinYields = readonly [number, number, number];

/** The background density (events per unit x) at x. */
export function bernsteinBackgroundDensity(
  x: number,
  yields: BernsteinYields,
  low: number,
  high: number,
): number {
  const width = high - low;
  const u = (x - low) / width;
  const v = 1 - u;
  return (3 * yields[0] * v * v + 6 * yields[1] * u * v + 3 * yields[2] * u * u) / width;
}

/** Expected background events between x₁ and x₂ (analytic integral of the density). */
export function bernsteinBackgroundIntegral(
  x1: number,
  x2: number,
  yields: BernsteinYields,
  low: number,
  high: number,
): number {
  return (
    bernsteinPrimitive((x2 - low) / (high - low), yields) -
    bernsteinPrimitive((x1 - low) / (high - low), yields)
  );
}

/**
 * ∫₀ᵘ of the bracketed density in u: b₀(1 − (1 − u)³) + b₁(3u² − 2u³) + b₂u³.
 */
export function bernsteinPrimitive(u: number, yields: BernsteinYields): number {
  const v = 1 - u;
  const u2 = u * u;
  return yields[0] * (1 - v * v * v) + yields[1] * (3 * u2 - 2 * u2 * u) + yields[2] * u2 * u;
}

/** Whether the background density is ≥ 0 everywhere on the range. */
export function isBernsteinNonNegative(yields: BernsteinYields): boolean {
  const [low, middle, high] = yields;
  if (low < 0 || high < 0) return false;
  return middle >= 0 || middle * middle <= low * high;
}
