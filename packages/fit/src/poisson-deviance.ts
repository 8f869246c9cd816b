/**
 * The binned Poisson deviance.
 */

/**
 * D = 2 Σᵢ [νᵢ − nᵢ + nᵢ ln(nᵢ/νᵢ)] = −2 ln(L(ν) / L_saturated) for observed counts n and expected
 * counts ν (a term with nᵢ = 0 is 2νᵢ). Returns +∞ when some νᵢ is negative, or zero where
 * nᵢ > 0, so a minimiser sees those points as a wall.
 */
export function poissonDeviance(counts: Float64Array, expected: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const n = counts[i];
    const nu = expected[i];
    if (n > 0) {
      if (!(nu > 0)) return Number.POSITIVE_INFINITY;
      sum += nu - n + n * Math.log(n / nu);
    } else {
      if (!(nu >= 0)) return Number.POSITIVE_INFINITY;
      sum += nu;
    }
  }
  return 2 * sum;
}
