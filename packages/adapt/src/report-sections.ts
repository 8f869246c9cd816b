/**
 * The parts of a report that every adapt run has (see `@flowda/report`): key figures, each
 * domain's features before and latent after its flow (Fig. 2 of the study), classifier outputs
 * for simulation, raw and transformed data (Fig. 3, left), and the loss curves.
 */

import type { Matrix } from '@flowda/io';
import {
  commonRange,
  histogramData,
  type LatentSection,
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
  type ReportData,
} from '@flowda/report';
import type { AdaptResult, FlowReport } from './adapt.js';

export interface AdaptReportOptions {
  /** Defaults to 'flowda adapt run'. */
  title?: string;
  /** Unit of each feature, for axis titles ('' or absent: dimensionless or unknown). */
  units?: Readonly<Record<string, string>>;
  /** Bins of the feature and latent histograms. Defaults to 40. */
  bins?: number;
  /** ISO time stamp. Defaults to now. */
  createdAt?: string;
}

/** Latent histograms span ±4.5, where N(0, 1) holds all but 7 in a million. */
const LATENT_RANGE: [number, number] = [-4.5, 4.5];

/** The generic report data of an adapt run; built from its test splits, never all events. */
export function adaptReportData(result: AdaptResult, options: AdaptReportOptions = {}): ReportData {
  const { metrics, evaluation } = result;
  const bins = options.bins ?? 40;
  const units = options.units ?? {};
  const latent = (domain: string, flow: string, raw: Matrix, z: Matrix): LatentSection => ({
    domain,
    flow,
    dimensions: metrics.features.map((name, index) => {
      const values = column(raw, index);
      const [low, high] = commonRange([values], 0.002);
      return {
        feature: { name, unit: units[name] ?? '' },
        before: histogramData(values, low, high, bins),
        after: histogramData(column(z, index), LATENT_RANGE[0], LATENT_RANGE[1], 45),
      };
    }),
  });
  const scores = (values: Float32Array) => histogramData(values, 0, 1, 50);
  const flowCurve = (name: string, report: FlowReport) => ({
    name,
    quantity: 'negative log-likelihood',
    unit: 'nats/event',
    train: report.history.trainLoss,
    validation: report.history.validationLoss,
    bestEpoch: report.bestEpoch,
  });
  const fixed = (value: number | null, digits = 3) =>
    value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits);
  const summary = [
    { label: 'features', value: metrics.features.join(', ') },
    {
      label: 'events (train / validation / test)',
      value:
        `simulation ${metrics.events.simulation.train} / ${metrics.events.simulation.validation} / ` +
        `${metrics.events.simulation.test}; data ${metrics.events.data.train} / ` +
        `${metrics.events.data.validation} / ${metrics.events.data.test}`,
    },
    { label: 'TensorFlow.js backend', value: metrics.backend ?? 'unknown' },
    {
      label: 'test negative log-likelihood (nats/event)',
      value: `data-flow ${fixed(metrics.dataFlow.testNll)}, sim-flow ${fixed(metrics.simulationFlow.testNll)}`,
    },
    {
      label: 'classifier ROC AUC on simulation',
      value: fixed(metrics.classifier.simulationTestAuc),
    },
    {
      label: 'KS distance of classifier outputs to simulation',
      value: `raw data ${fixed(metrics.classifierOutputKs.rawData)} → transformed data ${fixed(metrics.classifierOutputKs.transformedData)}`,
    },
  ];
  if (metrics.dataTruth) {
    summary.push({
      label: 'ROC AUC on data (truth labels)',
      value: `raw ${fixed(metrics.dataTruth.rawAuc)} → transformed ${fixed(metrics.dataTruth.transformedAuc)}`,
    });
  }
  return {
    format: REPORT_DATA_FORMAT,
    version: REPORT_DATA_VERSION,
    title: options.title ?? 'flowda adapt run',
    createdAt: options.createdAt ?? new Date().toISOString(),
    summary,
    latent: [
      latent('data', 'data-flow', evaluation.dataTest, evaluation.dataLatent),
      latent('simulation', 'sim-flow', evaluation.simulationTest, evaluation.simulationLatent),
    ],
    classifierOutputs: {
      simulation: scores(evaluation.simulationScores),
      rawData: scores(evaluation.rawDataScores),
      transformedData: scores(evaluation.transformedDataScores),
      ks: { ...metrics.classifierOutputKs },
    },
    losses: [
      flowCurve('data-flow', metrics.dataFlow),
      flowCurve('sim-flow', metrics.simulationFlow),
      {
        name: 'classifier',
        quantity: 'binary cross-entropy',
        unit: 'nats/event',
        train: metrics.classifier.history.trainLoss,
        validation: metrics.classifier.history.validationLoss,
        bestEpoch: metrics.classifier.bestEpoch,
      },
    ],
  };
}

function column(m: Matrix, index: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + index];
  return out;
}
