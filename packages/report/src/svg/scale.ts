/**
 * Maps from data coordinates to SVG pixels, and the tick positions of an axis.
 *
 * Linear: p = r₀ + (v − d₀)·(r₁ − r₀)/(d₁ − d₀). Logarithmic (d₀ > 0): the same in log₁₀ v.
 * Ticks are "nice" numbers 1, 2 or 5 × 10ᵏ apart (linear) or the decades (logarithmic).
 */

export type ScaleKind = 'linear' | 'log';

/** A data → pixel map with its domain, range and ticks. */
export interface Scale {
  readonly kind: ScaleKind;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Pixel position of `value`; values outside the domain map outside the range. */
  map(value: number): number;
  /** Tick values inside the domain. */
  ticks(count?: number): number[];
}

/** A linear scale from `domain` to `range`. */
export function linearScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = checkDomain(domain, 'linear');
  const [r0, r1] = range;
  const factor = (r1 - r0) / (d1 - d0);
  return {
    kind: 'linear',
    domain: [d0, d1],
    range: [r0, r1],
    map: (value) => r0 + (value - d0) * factor,
    ticks: (count = 5) => niceTicks(d0, d1, count),
  };
}

/** A base-10 logarithmic scale; the domain must be positive. */
export function logScale(
  domain: readonly [number, number],
  range: readonly [number, number],
): Scale {
  const [d0, d1] = checkDomain(domain, 'log');
  const [r0, r1] = range;
  const l0 = Math.log10(d0);
  const factor = (r1 - r0) / (Math.log10(d1) - l0);
  return {
    kind: 'log',
    domain: [d0, d1],
    range: [r0, r1],
    map: (value) => r0 + (Math.log10(value) - l0) * factor,
    ticks: () => {
      const ticks: number[] = [];
      for (let k = Math.ceil(Math.log10(d0) - 1e-9); k <= Math.floor(Math.log10(d1) + 1e-9); k++) {
        ticks.push(10 ** k);
      }
      return ticks;
    },
  };
}

/**
 * The step between ticks: 1, 2 or 5 × 10ᵏ, giving about `count` ticks over [low, high] (the
 * nice value nearest the raw step on a log scale: thresholds √2, √10, √50).
 */
export function tickStep(low: number, high: number, count = 5): number {
  const raw = (high - low) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const nice =
    fraction < Math.SQRT2 ? 1 : fraction < Math.sqrt(10) ? 2 : fraction < Math.sqrt(50) ? 5 : 10;
  return nice * power;
}

/** Multiples of {@link tickStep} inside [low, high]. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low)) return [low];
  const step = tickStep(low, high, count);
  const ticks: number[] = [];
  const first = Math.ceil(low / step - 1e-9);
  const last = Math.floor(high / step + 1e-9);
  for (let k = first; k <= last; k++) ticks.push(roundToStep(k * step, step));
  return ticks;
}

/** [low, high] widened outwards to multiples of the tick step. */
export function niceDomain(low: number, high: number, count = 5): [number, number] {
  if (!(high > low)) {
    const pad = low === 0 ? 1 : Math.abs(low) * 0.1;
    return [low - pad, high + pad];
  }
  const step = tickStep(low, high, count);
  return [
    roundToStep(Math.floor(low / step + 1e-9) * step, step),
    roundToStep(Math.ceil(high / step - 1e-9) * step, step),
  ];
}

// Why: k·step in floating point gives 0.30000000000000004; round to the step's decimals.
function roundToStep(value: number, step: number): number {
  const decimals = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(value.toFixed(Math.min(decimals, 15)));
}

function checkDomain(domain: readonly [number, number], kind: ScaleKind): [number, number] {
  const [d0, d1] = domain;
  if (!(Number.isFinite(d0) && Number.isFinite(d1) && d0 < d1)) {
    throw new RangeError(
      `${kind} scale domain must be two finite numbers with low < high, received [${d0}, ${d1}]`,
    );
  }
  if (kind === 'log' && !(d0 > 0)) {
    throw new RangeError(`log scale domain must be positive, received [${d0}, ${d1}]`);
  }
  return [d0, d1];
}
