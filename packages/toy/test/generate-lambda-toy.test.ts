import {
  DETECTORS,
  generateLambdaToy,
  LAMBDA_DECAY_LENGTH,
  LAMBDA_MASS,
  type LambdaToySample,
  PION_MASS,
  PROTON_MASS,
  TOY_COLUMNS,
  TOY_FEATURES,
  TOY_TRUTH_COLUMNS,
} from '@flowda/toy';
import { describe, expect, it } from 'vitest';

const THRESHOLD = PROTON_MASS + PION_MASS;
const columnIndex = (name: string) => (TOY_COLUMNS as readonly string[]).indexOf(name);
const MASS = columnIndex('mass');
const LABEL = columnIndex('label');

function column(sample: LambdaToySample, name: string, label?: 0 | 1): number[] {
  const width = sample.columns.length;
  const index = sample.columns.indexOf(name);
  const values: number[] = [];
  for (let row = 0; row < sample.rows; row++) {
    if (label !== undefined && sample.data[row * width + LABEL] !== label) continue;
    values.push(sample.data[row * width + index]);
  }
  return values;
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(q * (sorted.length - 1))];
}

/** Invariant mass from two 3-momenta, written out here rather than taken from the package. */
function pairMass(p: number[], pi: number[]): number {
  const energyP = Math.sqrt(p[0] ** 2 + p[1] ** 2 + p[2] ** 2 + PROTON_MASS ** 2);
  const energyPi = Math.sqrt(pi[0] ** 2 + pi[1] ** 2 + pi[2] ** 2 + PION_MASS ** 2);
  const e = energyP + energyPi;
  const px = p[0] + pi[0];
  const py = p[1] + pi[1];
  const pz = p[2] + pi[2];
  return Math.sqrt(e * e - px * px - py * py - pz * pz);
}

/** A momentum vector from the measured (p_T, φ, θ) columns. */
function fromFeatures(pt: number, phi: number, theta: number): number[] {
  return [pt * Math.cos(phi), pt * Math.sin(phi), pt / Math.tan(theta)];
}

describe('generateLambdaToy', () => {
  const simulation = generateLambdaToy({ domain: 'simulation', seed: 11, events: 40_000 });
  const data = generateLambdaToy({ domain: 'data', seed: 12, events: 40_000 });

  it('lays out the table as TOY_COLUMNS: 8 features, then mass and label', () => {
    expect(TOY_FEATURES).toHaveLength(8);
    expect(TOY_COLUMNS).toEqual([...TOY_FEATURES, 'mass', 'label']);
    expect(TOY_FEATURES).not.toContain('mass');
    expect(TOY_FEATURES).not.toContain('label');
    expect(simulation.columns).toEqual([...TOY_COLUMNS]);
    expect(simulation.rows).toBe(40_000);
    expect(simulation.data).toHaveLength(40_000 * TOY_COLUMNS.length);
    expect(simulation.data.every(Number.isFinite)).toBe(true);
    expect(new Set(column(simulation, 'label'))).toEqual(new Set([0, 1]));
  });

  it('gives signal whose true p + π⁻ mass is m_Λ to 1e-9', () => {
    const sample = generateLambdaToy({
      domain: 'data',
      seed: 3,
      events: 5_000,
      includeTruth: true,
    });
    const truth = sample.truth!;
    expect(truth.columns).toEqual([...TOY_TRUTH_COLUMNS]);
    const width = truth.columns.length;
    let signalRows = 0;
    for (let row = 0; row < sample.rows; row++) {
      const t = truth.data.subarray(row * width, row * width + 6);
      const mass = pairMass([t[0], t[1], t[2]], [t[3], t[4], t[5]]);
      if (sample.data[row * TOY_COLUMNS.length + LABEL] === 1) {
        signalRows++;
        expect(Math.abs(mass - LAMBDA_MASS)).toBeLessThan(1e-9);
      } else {
        expect(mass).toBeGreaterThanOrEqual(THRESHOLD - 1e-12);
      }
    }
    expect(signalRows).toBeGreaterThan(1_000);
  });

  it('computes mass and opening angle from the measured (smeared) feature columns', () => {
    const width = TOY_COLUMNS.length;
    for (let row = 0; row < 2_000; row++) {
      const r = data.data.subarray(row * width, (row + 1) * width);
      const p = fromFeatures(r[0], r[1], r[2]);
      const pi = fromFeatures(r[3], r[4], r[5]);
      expect(pairMass(p, pi)).toBeCloseTo(r[MASS], 9);
      const dot = p[0] * pi[0] + p[1] * pi[1] + p[2] * pi[2];
      const norms = Math.hypot(p[0], p[1], p[2]) * Math.hypot(pi[0], pi[1], pi[2]);
      expect(Math.acos(Math.min(1, dot / norms))).toBeCloseTo(r[columnIndex('opening_angle')], 6);
    }
  });

  it('peaks the measured signal mass at m_Λ, wider in data than in simulation', () => {
    const widths = [simulation, data].map((sample) => {
      const masses = column(sample, 'mass', 1);
      const median = quantile(masses, 0.5);
      expect(Math.abs(median - LAMBDA_MASS)).toBeLessThan(0.001);
      return quantile(masses, 0.75) - quantile(masses, 0.25);
    });
    // Resolution of a few MeV, and data (twice the smearing) clearly wider.
    expect(widths[0]).toBeGreaterThan(0.0005);
    expect(widths[1]).toBeLessThan(0.01);
    expect(widths[1] / widths[0]).toBeGreaterThan(1.3);
  });

  it('shifts the data peak up by its momentum scale', () => {
    const shift =
      quantile(column(data, 'mass', 1), 0.5) - quantile(column(simulation, 'mass', 1), 0.5);
    expect(shift).toBeGreaterThan(0);
    expect(shift).toBeLessThan(0.001);
  });

  it('keeps every candidate inside the mass window, background above threshold', () => {
    for (const sample of [simulation, data]) {
      const masses = column(sample, 'mass');
      expect(Math.min(...masses)).toBeGreaterThan(1.08);
      expect(Math.max(...masses)).toBeLessThan(1.24);
      expect(Math.min(...column(sample, 'mass', 0))).toBeGreaterThan(THRESHOLD);
    }
  });

  it('spreads the background smoothly over the window, without a peak', () => {
    const masses = column(data, 'mass', 0);
    const counts = new Array(8).fill(0);
    for (const mass of masses) counts[Math.floor((mass - 1.08) / 0.02)]++;
    for (const count of counts) expect(count).toBeGreaterThan(masses.length / 40);
    // No bin stands out from the average of its neighbours by more than 25 %.
    for (let i = 1; i < 7; i++) {
      const neighbours = (counts[i - 1] + counts[i + 1]) / 2;
      expect(Math.abs(counts[i] / neighbours - 1)).toBeLessThan(0.25);
    }
  });

  it('keeps the polar angles inside each domain’s acceptance', () => {
    for (const sample of [simulation, data]) {
      const { thetaMin, thetaMax } = sample.detector;
      for (const name of ['p_theta', 'pi_theta']) {
        const thetas = column(sample, name);
        expect(Math.min(...thetas)).toBeGreaterThanOrEqual(thetaMin);
        expect(Math.max(...thetas)).toBeLessThanOrEqual(thetaMax);
      }
    }
    // The narrower data acceptance matters: simulation has tracks the data cut removes.
    const outsideData = column(simulation, 'pi_theta').filter(
      (theta) => theta < DETECTORS.data.thetaMin || theta > DETECTORS.data.thetaMax,
    );
    expect(outsideData.length).toBeGreaterThan(100);
  });

  it('applies detector overrides', () => {
    const thetaMin = (12 * Math.PI) / 180;
    const sample = generateLambdaToy({
      domain: 'simulation',
      seed: 4,
      events: 2_000,
      detector: { thetaMin },
    });
    expect(sample.detector).toEqual({ ...DETECTORS.simulation, thetaMin });
    expect(Math.min(...column(sample, 'p_theta'), ...column(sample, 'pi_theta'))).toBeGreaterThan(
      thetaMin,
    );
  });

  it.each([
    ['simulation', undefined, 0.35],
    ['data', undefined, 0.25],
    ['data', 0.6, 0.6],
  ] as const)(
    '[%s, signalFraction %s] has signal fraction %s within 4σ',
    (domain, fraction, expected) => {
      const events = 20_000;
      const sample = generateLambdaToy({ domain, seed: 21, events, signalFraction: fraction });
      const observed = mean(column(sample, 'label'));
      const sigma = Math.sqrt((expected * (1 - expected)) / events);
      expect(Math.abs(observed - expected)).toBeLessThan(4 * sigma);
    },
  );

  it('is deterministic in its seed', () => {
    const same = (a: Float64Array, b: Float64Array) =>
      a.length === b.length && a.every((value, index) => value === b[index]);
    const again = generateLambdaToy({ domain: 'simulation', seed: 11, events: 40_000 });
    expect(same(again.data, simulation.data)).toBe(true);
    const other = generateLambdaToy({ domain: 'simulation', seed: 99, events: 40_000 });
    expect(same(other.data, simulation.data)).toBe(false);
  });

  it('flies the Λ a mean decay length (P / m_Λ)·cτ', () => {
    const momentum = 3;
    const sample = generateLambdaToy({
      domain: 'simulation',
      seed: 5,
      events: 20_000,
      signalFraction: 1,
      lambdaMomentumRange: [momentum, momentum],
      includeTruth: true,
    });
    const expected = (momentum / LAMBDA_MASS) * LAMBDA_DECAY_LENGTH;
    const width = TOY_TRUTH_COLUMNS.length;
    const lengths: number[] = [];
    for (let row = 0; row < sample.rows; row++) lengths.push(sample.truth!.data[row * width + 6]);
    // The decay length is exponential: standard error of the mean = mean / √N.
    const standardError = expected / Math.sqrt(lengths.length);
    expect(Math.abs(mean(lengths) - expected)).toBeLessThan(4 * standardError);
    // The measured proxy adds zero-mean vertex smearing only.
    expect(Math.abs(mean(column(sample, 'decay_length')) - expected)).toBeLessThan(
      4 * standardError + 0.01,
    );
  });

  it('gives background a short, prompt-like vertex separation', () => {
    const background = mean(column(data, 'decay_length', 0));
    const signal = mean(column(data, 'decay_length', 1));
    expect(background).toBeLessThan(1);
    expect(signal).toBeGreaterThan(5 * background);
  });

  it.each([
    [{ domain: 'detector' as never, seed: 1 }, /domain must be one of 'simulation', 'data'/],
    [{ domain: 'data' as const, seed: 1.5 }, /seed must be a safe integer, received 1.5/],
    [{ domain: 'data' as const, seed: 1, events: -3 }, /events must be .* received -3/],
    [{ domain: 'data' as const, seed: 1, signalFraction: 1.5 }, /signalFraction .* received 1.5/],
    [{ domain: 'data' as const, seed: 1, massWindow: [1.2, 1.1] as const }, /massWindow/],
    [
      { domain: 'data' as const, seed: 1, detector: { momentumResolution: -1 } },
      /momentumResolution/,
    ],
  ])('rejects invalid options (%#)', (options, message) => {
    expect(() => generateLambdaToy(options)).toThrow(message);
  });
});
