import { checkFinite } from './sample.js';

/**
 * The two-sample Kolmogorov–Smirnov statistic D = sup_x |F_a(x) − F_b(x)|, with F_a and F_b the
 * empirical distribution functions of the one-dimensional samples `a` and `b`.
 *
 * Both samples are sorted and walked together; all values equal to the current x are taken from
 * both before the difference is measured, so ties between (and within) the samples are handled
 * exactly. D is 0 for identical samples and 1 for samples with disjoint ranges.
 */
export function ksDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const first = sortedCopy(a, 'a');
  const second = sortedCopy(b, 'b');
  const n = first.length;
  const m = second.length;

  let i = 0;
  let j = 0;
  let distance = 0;
  while (i < n && j < m) {
    const x = Math.min(first[i], second[j]);
    while (i < n && first[i] === x) i++;
    while (j < m && second[j] === x) j++;
    distance = Math.max(distance, Math.abs(i / n - j / m));
  }
  // Why stop when one sample runs out: its F is then 1 and |1 − F_other| only shrinks.
  return distance;
}

/**
 * The asymptotic p-value of a two-sample KS statistic `d` for samples of sizes `n` and `m`:
 * P(D ≥ d) ≈ Q_KS(λ) with λ = (√nₑ + 0.12 + 0.11/√nₑ)·d and nₑ = nm/(n+m) (Stephens 1970).
 *
 * Q_KS(λ) = 2 Σ_{k≥1} (−1)^{k−1} exp(−2k²λ²), summed in this form for λ ≥ 1.18; below, the
 * equivalent 1 − (√(2π)/λ) Σ_{k≥1} exp(−(2k−1)²π²/(8λ²)) converges faster.
 */
export function ksPValue(d: number, n: number, m: number): number {
  if (!(d >= 0 && d <= 1)) throw new RangeError(`d must be in [0, 1], got ${d}`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`m must be an integer >= 1, got ${m}`);

  const effective = Math.sqrt((n * m) / (n + m));
  return kolmogorovSurvival((effective + 0.12 + 0.11 / effective) * d);
}

/** Q_KS(λ) = P(K > λ) for the Kolmogorov distribution K. */
export function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1.18) {
    const factor = -(Math.PI * Math.PI) / 8 / (lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 20; k++) sum += Math.exp(factor * (2 * k - 1) ** 2);
    return clamp(1 - (Math.sqrt(2 * Math.PI) / lambda) * sum);
  }
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return clamp(2 * sum);
}

function clamp(probability: number): number {
  return Math.min(1, Math.max(0, probability));
}

function sortedCopy(values: ArrayLike<number>, name: string): Float64Array {
  const copy = Float64Array.from(values);
  if (copy.length === 0) throw new RangeError(`${name} must hold at least one value, got 0`);
  checkFinite({ rows: copy.length, cols: 1, data: copy }, name);
  return copy.sort();
}
