import {
  bestCutIndex,
  type FittedPoint,
  figureOfMeritSpread,
  fittedCutScan,
  truthCutScan,
} from '@flowda/study';
import { generateLambdaToy, SeededRandom } from '@flowda/toy';
import { describe, expect, test } from 'vitest';

describe('truthCutScan', () => {
  // Six candidates: score, mass (GeV), label. The window is [1.11, 1.12).
  const scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.95];
  const masses = [1.115, 1.118, 1.113, 1.116, 1.2, 1.119];
  const labels = [1, 1, 0, 1, 0, 0];
  const window = [1.11, 1.12] as const;

  test('counts signal and total in the window above each cut, as by hand', () => {
    const points = truthCutScan(scores, masses, labels, [0, 0.5, 0.85, 0.99], window);
    // cut 0: five in the window (the 1.2 GeV one is out), three of them signal.
    expect(points[0]).toEqual({
      cut: 0,
      signal: 3,
      total: 5,
      purity: 3 / 5,
      figureOfMerit: 3 / Math.sqrt(5),
    });
    // cut 0.5: 0.9, 0.8, 0.7, 0.95 pass; signal 0.9 and 0.8.
    expect(points[1]).toMatchObject({ signal: 2, total: 4, purity: 0.5, figureOfMerit: 1 });
    // cut 0.85: 0.9 (signal) and 0.95 (background).
    expect(points[2]).toMatchObject({ signal: 1, total: 2, purity: 0.5 });
    expect(points[2].figureOfMerit).toBeCloseTo(1 / Math.SQRT2, 15);
    // cut 0.99: nothing passes, so there is no purity.
    expect(points[3]).toMatchObject({ signal: 0, total: 0, purity: null, figureOfMerit: null });
  });

  test('the window is half-open: a mass on its upper edge is out', () => {
    const [point] = truthCutScan([1, 1], [1.11, 1.12], [1, 1], [0], window);
    expect(point.total).toBe(1);
  });

  test('refuses arrays of different lengths and a bad window, naming them', () => {
    expect(() => truthCutScan([1], [1, 2], [1], [0], window)).toThrow(
      /masses has 2 entries but scores has 1/,
    );
    expect(() => truthCutScan([1], [1], [], [0], window)).toThrow(/labels has 0 entries/);
    expect(() => truthCutScan([1], [1], [1], [0], [2, 1])).toThrow(/window must be \[low, high\]/);
    expect(() => truthCutScan([1], [1], [1], [Number.NaN], window)).toThrow(
      /cuts\[0\] must be a finite number/,
    );
  });
});

describe('figureOfMeritSpread and bestCutIndex', () => {
  test('spread is (max − min)/max over the cuts in [0.2, 0.8]', () => {
    const cuts = [0, 0.2, 0.5, 0.8, 0.9];
    const values = [1000, 100, 90, null, 10];
    // Inside: 100 and 90 (0.8 has no value); outside values are ignored.
    expect(figureOfMeritSpread(cuts, values)).toBeCloseTo(0.1, 15);
    expect(figureOfMeritSpread(cuts, [1, 5, null, null, 1])).toBeNull();
  });

  test('the best cut is the largest converged figure of merit', () => {
    const point = (cut: number, value: number | null): FittedPoint => ({
      cut,
      status: value === null ? 'failed' : 'converged',
      message: '',
      background: 'quadratic',
      chiSquare: 0,
      ndf: 0,
      selected: 0,
      total: 0,
      signal: null,
      purity: null,
      figureOfMerit: value === null ? null : { value, error: 1 },
    });
    expect(bestCutIndex([point(0, 5), point(0.5, null), point(0.7, 7), point(0.9, 6)])).toBe(2);
    expect(bestCutIndex([point(0, null)])).toBe(-1);
  });
});

describe('fittedCutScan on the toy', () => {
  test('fitted purity and figure of merit follow the truth in the same window', () => {
    const sample = generateLambdaToy({ domain: 'data', events: 20_000, seed: 5 });
    const width = sample.columns.length;
    const massColumn = sample.columns.indexOf('mass');
    const labelColumn = sample.columns.indexOf('label');
    const masses = new Float64Array(sample.rows);
    const labels = new Float64Array(sample.rows);
    const scores = new Float64Array(sample.rows);
    // A score that prefers signal but is independent of the mass, like an ideal classifier.
    const random = new SeededRandom(9);
    for (let i = 0; i < sample.rows; i++) {
      masses[i] = sample.data[i * width + massColumn];
      labels[i] = sample.data[i * width + labelColumn];
      scores[i] = labels[i] === 1 ? 0.3 + 0.7 * random.uniform() : 0.8 * random.uniform();
    }
    const window = [1.1096, 1.1221] as const;
    const cuts = [0, 0.4, 0.7];
    const fitted = fittedCutScan(scores, masses, cuts, window);
    const truth = truthCutScan(scores, masses, labels, cuts, window);
    expect(fitted.fits).toHaveLength(3);
    fitted.points.forEach((point, k) => {
      expect(point.status, point.message).toBe('converged');
      expect(point.total).toBe(truth[k].total);
      expect(Number.isFinite(point.purity!.value)).toBe(true);
      // Within three standard errors of the fit, or 2 %, of the truth.
      const tolerance = Math.max(3 * point.purity!.error, 0.02);
      expect(Math.abs(point.purity!.value - truth[k].purity!)).toBeLessThan(tolerance);
    });
    // The cuts remove background, so the purity rises.
    expect(fitted.points[2].purity!.value).toBeGreaterThan(fitted.points[0].purity!.value);
  });
});
