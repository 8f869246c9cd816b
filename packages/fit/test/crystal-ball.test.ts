import {
  backgroundDensity,
  type CrystalBallShape,
  crystalBallDoubleSided,
  crystalBallIntegral,
  erf,
  erfc,
  type MassModelParameters,
  massSpectrumDensity,
  signalDensity,
} from '@flowda/fit';
import { describe, expect, it } from 'vitest';

const SHAPE: CrystalBallShape = {
  mean: 1.1157,
  sigma: 0.0025,
  alphaLeft: 1.3,
  nLeft: 3,
  alphaRight: 2.1,
  nRight: 8,
};

/** Composite Simpson rule with `intervals` (even) sub-intervals. */
function simpson(f: (x: number) => number, low: number, high: number, intervals = 20_000): number {
  const h = (high - low) / intervals;
  let sum = f(low) + f(high);
  for (let i = 1; i < intervals; i++) sum += (i % 2 === 1 ? 4 : 2) * f(low + i * h);
  return (sum * h) / 3;
}

describe('erf', () => {
  // Reference values: Abramowitz & Stegun, table 7.1, and erfc(5) from its asymptotic series.
  it.each([
    [0, 0],
    [0.5, 0.5204998778130465],
    [1, 0.8427007929497149],
    [2, 0.9953222650189527],
    [-2, -0.9953222650189527],
    [3.5, 0.9999992569016276],
  ])('erf(%s) = %s', (x, expected) => {
    expect(erf(x)).toBeCloseTo(expected, 14);
  });

  it('keeps relative precision of erfc in the far tail', () => {
    expect(erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
  });

  it('is the integral of (2/√π)·exp(−t²)', () => {
    const numerical = simpson((t) => (2 / Math.sqrt(Math.PI)) * Math.exp(-t * t), 0, 2.7);
    expect(erf(2.7)).toBeCloseTo(numerical, 12);
  });
});

describe('crystalBallDoubleSided', () => {
  it('is 1 at the mean and continuous with continuous slope where the tails join', () => {
    expect(crystalBallDoubleSided(SHAPE.mean, SHAPE)).toBe(1);
    for (const t of [-SHAPE.alphaLeft, SHAPE.alphaRight]) {
      const x = SHAPE.mean + t * SHAPE.sigma;
      const h = 1e-9;
      const below = crystalBallDoubleSided(x - h, SHAPE);
      const above = crystalBallDoubleSided(x + h, SHAPE);
      expect(above).toBeCloseTo(below, 6);
      const slopeBelow = (below - crystalBallDoubleSided(x - 1e-6, SHAPE)) / (1e-6 - h);
      const slopeAbove = (crystalBallDoubleSided(x + 1e-6, SHAPE) - above) / (1e-6 - h);
      expect(slopeAbove / slopeBelow).toBeCloseTo(1, 2);
    }
  });

  it('has power-law tails: f ∝ (B − t)^(−n) far below the mean', () => {
    const at = (t: number) => crystalBallDoubleSided(SHAPE.mean + t * SHAPE.sigma, SHAPE);
    const b = SHAPE.nLeft / SHAPE.alphaLeft - SHAPE.alphaLeft;
    const ratio = at(-20) / at(-40);
    expect(ratio).toBeCloseTo(((b + 40) / (b + 20)) ** SHAPE.nLeft, 10);
  });

  it.each([
    ['core', SHAPE.mean - 0.002, SHAPE.mean + 0.003],
    ['left tail', 1.08, SHAPE.mean - 0.004],
    ['right tail', SHAPE.mean + 0.006, 1.24],
    ['across both joins', 1.08, 1.24],
    ['narrow bin on a join', SHAPE.mean - 0.0034, SHAPE.mean - 0.003],
  ])('[%s] analytic integral equals Simpson', (_, low, high) => {
    const numerical = simpson((x) => crystalBallDoubleSided(x, SHAPE), low, high);
    expect(crystalBallIntegral(low, high, SHAPE) / numerical).toBeCloseTo(1, 9);
  });

  it.each([
    [{ sigma: 0 }, /sigma must be a finite number > 0, received 0/],
    [{ alphaLeft: -1 }, /alphaLeft must be a finite number > 0, received -1/],
    [{ nRight: 1 }, /nRight must be a finite number > 1, received 1/],
  ])('rejects invalid shapes (%#)', (change, message) => {
    expect(() => crystalBallDoubleSided(1.1, { ...SHAPE, ...change })).toThrow(message);
  });
});

describe('mass model densities', () => {
  const parameters: MassModelParameters = {
    signalYield: 3000,
    ...SHAPE,
    backgroundYieldLow: 2000,
    backgroundYieldMiddle: 5000,
    backgroundYieldHigh: 3000,
  };

  it('normalises the signal and background densities to 1 over the range', () => {
    expect(simpson((x) => signalDensity(x, parameters, 1.08, 1.24), 1.08, 1.24)).toBeCloseTo(1, 9);
    expect(simpson((x) => backgroundDensity(x, parameters, 1.08, 1.24), 1.08, 1.24)).toBeCloseTo(
      1,
      12,
    );
  });

  it('integrates the spectrum density to the total yield', () => {
    const total = simpson((x) => massSpectrumDensity(x, parameters, 1.08, 1.24), 1.08, 1.24);
    expect(total / 13_000).toBeCloseTo(1, 9);
  });
});
