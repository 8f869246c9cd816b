/** A complete, made-up `ReportData` with every section, drawn from seeded samples. */

import { SeededRandom } from '@flowda/random';
import {
  commonRange,
  type HistogramData,
  histogramData,
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
  type ReportData,
} from '@flowda/report';

function normals(count: number, mean: number, std: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  return Float64Array.from({ length: count }, () => mean + std * random.normal());
}

function hist(values: Float64Array, bins = 40, range?: [number, number]): HistogramData {
  const [low, high] = range ?? commonRange([values]);
  return histogramData(values, low, high, bins);
}

/** Expected figures: 2 latent, classifier output, cut scan, mass fits, losses, 2 distortion. */
export const FIXTURE_FIGURE_COUNT = 8;

export function fixtureReportData(): ReportData {
  const features = [
    { name: 'p_pt', unit: 'GeV' },
    { name: 'p_theta', unit: 'rad' },
    { name: 'decay_length', unit: 'cm' },
  ];
  const latent = ['data', 'simulation'].map((domain, d) => ({
    domain,
    flow: domain === 'data' ? 'data-flow' : 'sim-flow',
    dimensions: features.map((feature, i) => ({
      feature,
      before: hist(normals(4000, 1 + i, 0.3 + 0.1 * i, 10 * d + i)),
      after: hist(normals(4000, 0.05, 1.02, 100 + 10 * d + i), 40, [-4.5, 4.5]),
    })),
  }));
  const scores = (seed: number, shift: number) =>
    normals(5000, shift, 0.25, seed).map((x) => 1 / (1 + Math.exp(-8 * (x - 0.5))));
  const cuts = Array.from({ length: 19 }, (_, k) => 0.05 * (k + 1));
  const curve = (scale: number, slope: number) => cuts.map((c) => scale * (1 - slope * c * c));
  const masses = normals(3000, 1.1157, 0.002, 7);
  const background = new SeededRandom(8);
  const all = Float64Array.from([
    ...masses,
    ...Array.from({ length: 6000 }, () => 1.08 + 0.16 * background.uniform()),
  ]);
  const massHistogram = histogramData(all, 1.08, 1.24, 100);
  const centres = massHistogram.counts.map((_, k) => 1.08 + (k + 0.5) * 0.0016);
  const signalCurve = centres.map(
    (m) =>
      (3000 * 0.0016 * Math.exp(-0.5 * ((m - 1.1157) / 0.002) ** 2)) /
      (0.002 * Math.sqrt(2 * Math.PI)),
  );
  const backgroundCurve = centres.map(() => 60);
  const fit = (label: string, cut: number) => ({
    label,
    cut,
    histogram: massHistogram,
    curve: {
      total: signalCurve.map((s, k) => s + backgroundCurve[k]),
      signal: signalCurve,
      background: backgroundCurve,
    },
    window: [1.1097, 1.1217] as [number, number],
    status: 'converged',
    message: 'converged (EDM 1.0e-7)',
    signal: { value: 2990, error: 61 },
    total: 3450,
    purity: { value: 0.867, error: 0.018 },
    figureOfMerit: { value: 50.9, error: 1.04 },
    mean: { value: 1.11571, error: 0.00004 },
    sigma: { value: 0.00201, error: 0.00004 },
    chiSquare: 93.1,
    ndf: 92,
    truePurity: 0.871,
  });
  const distortionCase = (name: string, shift: number, smear: number) => {
    const ideal = normals(3000, 0.5, 0.2, 21);
    const distorted = normals(3000, 0.5 + shift, Math.hypot(0.2, smear), 22);
    const unconditional = normals(3000, 0.5 + shift / 3, 0.21, 23);
    const conditional = normals(3000, 0.5, 0.2, 24);
    const range = commonRange([ideal, distorted]);
    const angle = (seed: number) => hist(normals(3000, 0.3, 0.1, seed), 30, [0, 0.6]);
    return {
      name,
      description: `Proton p_T ${shift ? `shifted by ${shift} GeV` : `smeared by ${smear} GeV`}.`,
      histograms: [
        {
          variable: { name: 'p_pt', unit: 'GeV' },
          ideal: histogramData(ideal, range[0], range[1], 40),
          distorted: histogramData(distorted, range[0], range[1], 40),
          unconditional: histogramData(unconditional, range[0], range[1], 40),
          conditional: histogramData(conditional, range[0], range[1], 40),
        },
        {
          variable: { name: 'p_theta', unit: 'rad' },
          ideal: angle(31),
          distorted: angle(31),
          unconditional: angle(32),
          conditional: angle(31),
        },
      ],
      ks: [
        { variable: 'p_pt', distorted: 0.2, unconditional: 0.08, conditional: 0.02 },
        { variable: 'p_theta', distorted: 0, unconditional: 0.03, conditional: 0 },
      ],
      energy: [{ variables: 'all', distorted: 0.05, unconditional: 0.02, conditional: 0.004 }],
      correlation: { distorted: 0.1, unconditional: 0.05, conditional: 0.01 },
      better: 'conditional',
    };
  };
  return {
    format: REPORT_DATA_FORMAT,
    version: REPORT_DATA_VERSION,
    title: 'Fixture report <with markup & "quotes">',
    createdAt: '2026-01-01T00:00:00Z',
    notes: ['Made-up numbers for the rendering tests.'],
    summary: [
      { label: 'KS of classifier outputs, raw → transformed', value: '0.098 → 0.060' },
      { label: 'events', value: '5000' },
    ],
    latent,
    classifierOutputs: {
      simulation: hist(scores(1, 0.4), 50, [0, 1]),
      rawData: hist(scores(2, 0.45), 50, [0, 1]),
      transformedData: hist(scores(3, 0.41), 50, [0, 1]),
      ks: { rawData: 0.098, transformedData: 0.06 },
    },
    losses: [
      {
        name: 'data-flow',
        quantity: 'negative log-likelihood',
        unit: 'nats/event',
        train: [8, 6, 5.5, 5.2],
        validation: [7, 5.8, 5.4, 5.3],
        bestEpoch: 4,
      },
      {
        name: 'sim-flow',
        quantity: 'negative log-likelihood',
        unit: 'nats/event',
        train: [8, 6.2, 5.6],
        validation: [7.1, 5.9, 5.5],
        bestEpoch: 3,
      },
      {
        name: 'classifier',
        quantity: 'binary cross-entropy',
        unit: 'nats/event',
        train: [0.4, 0.1, 0.07],
        validation: [0.3, 0.09, 0.08],
        bestEpoch: 3,
      },
    ],
    cutScan: {
      window: [1.1097, 1.1217],
      raw: {
        fitted: {
          cuts,
          figureOfMerit: curve(50, 0.3),
          figureOfMeritError: cuts.map(() => 1.1),
          purity: curve(0.9, -0.1).map((p) => Math.min(p, 0.999)),
          purityError: cuts.map(() => 0.01),
        },
        truth: {
          cuts,
          figureOfMerit: curve(50.5, 0.3),
          purity: curve(0.905, -0.1).map((p) => Math.min(p, 1)),
        },
      },
      transformed: {
        fitted: {
          cuts,
          figureOfMerit: curve(49, 0.1).map((v, k) => (k === 5 ? null : v)),
          figureOfMeritError: cuts.map(() => 1.2),
          purity: curve(0.88, -0.08),
          purityError: cuts.map(() => 0.012),
        },
        truth: { cuts, figureOfMerit: curve(49.2, 0.1), purity: curve(0.885, -0.08) },
      },
    },
    massFits: [fit('raw data', 0.6), fit('transformed data', 0.55)],
    distortion: {
      distortedVariable: 'p_pt',
      cases: [distortionCase('Gaussian smear', 0, 0.1), distortionCase('constant shift', 0.1, 0)],
      conclusion:
        'The conditional flows undo both distortions better than the unconditional chain.',
    },
  };
}
