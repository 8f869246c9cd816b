/**
 * Domain adaptation with two flows (Kelleher & Vossen 2024, arXiv:2403.14804):
 *
 *   data ──data-flow f──▶ N(0, I) ──sim-flow g⁻¹──▶ simulation-like events ──▶ classifier
 *
 * `adapt()` splits each domain (seeded), fits a standardisation on each training split, trains
 * f on data and g on simulation by maximum likelihood, trains a classifier on labelled
 * simulation, maps the data through g⁻¹∘f and measures how close the result comes to
 * simulation. Labels of the data domain, when given, are used only to report truth figures.
 */

import {
  type Activation,
  activeBackend,
  type Flow,
  FlowdaError,
  realNVP,
  type ScaleBoundKind,
} from '@flowda/core';
import { type Matrix, Standardizer, splitRows, takeRows } from '@flowda/io';
import { ksDistance, moments, rocAuc } from '@flowda/metrics';
import * as tf from '@tensorflow/tfjs-core';
import { DomainChain } from './chain/domain-chain.js';
import { Classifier } from './classifier/classifier.js';
import { trainFlowParallel } from './parallel/train-flow-parallel.js';
import { mapRows } from './training/tensors.js';
import {
  type TrainingHistory,
  type TrainingOptions,
  type TrainingProgress,
  train,
} from './training/train.js';

export interface DomainSample {
  /** Raw features, one row per event. */
  features: Matrix;
  /** 1 for signal, 0 for background; required for simulation, optional (truth only) for data. */
  labels?: ArrayLike<number>;
}

export interface FlowArchitecture {
  /** Defaults to 32. */
  layers?: number;
  /** Defaults to two hidden layers of 2·D. */
  hidden?: number[];
  activation?: Activation;
  scaleBound?: ScaleBoundKind;
  scaleBoundValue?: number;
}

export interface ClassifierSettings extends Omit<TrainingOptions, 'onProgress'> {
  /** Defaults to `[64, 64]`. */
  hidden?: number[];
}

export type AdaptStage = 'data-flow' | 'sim-flow' | 'classifier';

export interface AdaptProgress extends TrainingProgress {
  stage: AdaptStage;
}

export interface AdaptOptions {
  featureNames: string[];
  /** Features read as ln(1 + x) before standardising (heavy-tailed, positive quantities). */
  log1pFeatures?: string[];
  flow?: FlowArchitecture;
  /** Flow training; `onProgress` is set through {@link AdaptOptions.onProgress}. */
  training?: Omit<TrainingOptions, 'onProgress'>;
  classifier?: ClassifierSettings;
  /** Fractions of each domain held out. Defaults to 0.1 and 0.1. */
  validationFraction?: number;
  testFraction?: number;
  /** Seed of splits, initialisation and batch order. Defaults to 0. */
  seed?: number;
  /**
   * Threads that train each flow, counting the calling thread (see `trainFlowParallel`); the
   * result does not depend on it beyond float32 rounding. Defaults to 1: no worker threads.
   */
  workers?: number;
  onProgress?: (progress: AdaptProgress) => void;
  /** Called when a stage starts, so a caller can label its progress display. */
  onStage?: (stage: AdaptStage, trainingEvents: number) => void;
}

export interface LatentMoments {
  feature: string;
  mean: number;
  std: number;
  skewness: number;
  excessKurtosis: number;
}

export interface FlowReport {
  testNll: number | null;
  bestValidationNll: number;
  bestEpoch: number;
  epochsRun: number;
  stoppedEarly: boolean;
  trainingSeconds: number;
  eventsPerSecond: number;
  /** Moments of the latent of the test split, per dimension. */
  latentMoments: LatentMoments[];
  history: { trainLoss: number[]; validationLoss: number[] };
}

export interface AdaptMetrics {
  features: string[];
  backend: string | null;
  events: Record<'simulation' | 'data', { train: number; validation: number; test: number }>;
  dataFlow: FlowReport;
  simulationFlow: FlowReport;
  classifier: {
    simulationTestAuc: number;
    testLoss: number | null;
    bestEpoch: number;
    history: { trainLoss: number[]; validationLoss: number[] };
  };
  /** KS distance between classifier outputs on data (test split) and on simulation (test split). */
  classifierOutputKs: { rawData: number; transformedData: number };
  /** Per-feature KS distance to simulation, before and after the chain. */
  featureKs: { feature: string; rawData: number; transformedData: number }[];
  /** Present when the data carries labels: truth a real measurement would not have. */
  dataTruth?: { rawAuc: number; transformedAuc: number };
}

export interface AdaptResult {
  dataFlow: Flow;
  simulationFlow: Flow;
  classifier: Classifier;
  dataStandardizer: Standardizer;
  simulationStandardizer: Standardizer;
  chain: DomainChain;
  metrics: AdaptMetrics;
  /** Test-split arrays kept for reports: classifier scores and the events themselves. */
  evaluation: {
    simulationScores: Float32Array;
    rawDataScores: Float32Array;
    transformedDataScores: Float32Array;
    simulationTest: Matrix;
    dataTest: Matrix;
    transformedDataTest: Matrix;
    dataLatent: Matrix;
    simulationLatent: Matrix;
    simulationTestLabels: Float32Array;
    dataTestLabels?: Float32Array;
  };
}

interface PreparedDomain {
  standardizer: Standardizer;
  train: Matrix;
  validation: Matrix;
  test: Matrix;
  rawTest: Matrix;
  labels?: { train: Float32Array; validation: Float32Array; test: Float32Array };
}

function prepare(
  sample: DomainSample,
  name: string,
  dimension: number,
  options: AdaptOptions,
  seedOffset: number,
): PreparedDomain {
  const { features, labels } = sample;
  if (features.cols !== dimension) {
    throw new FlowdaError(
      `${name} has ${features.cols} feature columns, expected ${dimension} (${options.featureNames.join(', ')})`,
    );
  }
  if (labels && labels.length !== features.rows) {
    throw new FlowdaError(`${name} has ${labels.length} labels for ${features.rows} events`);
  }
  const split = splitRows(features.rows, {
    validation: options.validationFraction ?? 0.1,
    test: options.testFraction ?? 0.1,
    seed: (options.seed ?? 0) + seedOffset,
  });
  if (split.train.length < 2 || split.validation.length < 1 || split.test.length < 1) {
    throw new FlowdaError(
      `${name} has ${features.rows} events: too few to split into training, validation and test sets`,
    );
  }
  const rawTrain = takeRows(features, split.train);
  const log1p = options.featureNames.map((name) => (options.log1pFeatures ?? []).includes(name));
  const standardizer = Standardizer.fit(rawTrain, { columns: options.featureNames, log1p });
  const standardized = (m: Matrix) => toFloat32(standardizer.transform(m));
  const pick = (indices: ArrayLike<number>) =>
    Float32Array.from(indices as ArrayLike<number>, (i) => Number(labels![i]));
  const rawTest = takeRows(features, split.test);
  return {
    standardizer,
    train: standardized(rawTrain),
    validation: standardized(takeRows(features, split.validation)),
    test: standardized(rawTest),
    rawTest,
    labels: labels
      ? { train: pick(split.train), validation: pick(split.validation), test: pick(split.test) }
      : undefined,
  };
}

function toFloat32(m: Matrix): Matrix {
  return m.data instanceof Float32Array
    ? m
    : { rows: m.rows, cols: m.cols, data: Float32Array.from(m.data) };
}

function column(labels: Float32Array): Matrix {
  return { rows: labels.length, cols: 1, data: labels };
}

function trainFlow(
  stage: AdaptStage,
  domain: PreparedDomain,
  dimension: number,
  options: AdaptOptions,
  seed: number,
): { flow: Flow; report: FlowReport; latent: Matrix } {
  const architecture = options.flow ?? {};
  const flow = realNVP({ dimension, ...architecture, seed });
  options.onStage?.(stage, domain.train.rows);
  const history = trainFlowParallel(
    flow,
    {
      train: { inputs: domain.train },
      validation: { inputs: domain.validation },
      test: { inputs: domain.test },
    },
    {
      ...options.training,
      seed,
      workers: options.workers,
      onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, stage })),
    },
  );
  const latent = mapRows(domain.test, dimension, (batch) => flow.forward(batch));
  const m = moments(latent);
  const latentMoments = options.featureNames.map((feature, i) => ({
    feature,
    mean: m.mean[i],
    std: m.std[i],
    skewness: m.skewness[i],
    excessKurtosis: m.excessKurtosis[i],
  }));
  return { flow, report: flowReport(history, latentMoments), latent };
}

function flowReport(history: TrainingHistory, latentMoments: LatentMoments[]): FlowReport {
  return {
    testNll: history.testLoss,
    bestValidationNll: history.bestValidationLoss,
    bestEpoch: history.bestEpoch,
    epochsRun: history.epochsRun,
    stoppedEarly: history.stoppedEarly,
    trainingSeconds: history.seconds,
    eventsPerSecond: history.eventsPerSecond,
    latentMoments,
    history: { trainLoss: history.trainLoss, validationLoss: history.validationLoss },
  };
}

export function adapt(
  simulation: DomainSample,
  data: DomainSample,
  options: AdaptOptions,
): AdaptResult {
  const dimension = options.featureNames.length;
  if (dimension < 2) {
    throw new FlowdaError(
      `adapt needs at least 2 feature columns, got ${dimension} (${options.featureNames.join(', ')})`,
    );
  }
  if (!simulation.labels)
    throw new FlowdaError('the simulation sample needs labels to train the classifier');
  for (const name of options.log1pFeatures ?? []) {
    if (!options.featureNames.includes(name)) {
      throw new FlowdaError(
        `log1p feature "${name}" is not one of the features (${options.featureNames.join(', ')})`,
      );
    }
  }
  const seed = options.seed ?? 0;
  const sim = prepare(simulation, 'simulation', dimension, options, 1);
  const dat = prepare(data, 'data', dimension, options, 2);

  const dataResult = trainFlow('data-flow', dat, dimension, options, seed + 10);
  const simResult = trainFlow('sim-flow', sim, dimension, options, seed + 20);

  // The classifier sees simulation standardised with the sim-flow's standardisation.
  const { hidden: classifierHidden, ...classifierGiven } = options.classifier ?? {};
  // Why filtered: an option passed as undefined must not replace the classifier's defaults.
  const classifierTraining = Object.fromEntries(
    Object.entries(classifierGiven).filter(([, value]) => value !== undefined),
  ) as typeof classifierGiven;
  const classifier = new Classifier({ dimension, hidden: classifierHidden, seed: seed + 30 });
  options.onStage?.('classifier', sim.train.rows);
  const simLabels = sim.labels!;
  const classifierHistory = train(
    (x, y) => classifier.loss(x, y!),
    classifier.variables(),
    {
      train: { inputs: sim.train, targets: column(simLabels.train) },
      validation: { inputs: sim.validation, targets: column(simLabels.validation) },
      test: { inputs: sim.test, targets: column(simLabels.test) },
    },
    {
      batchSize: 256,
      epochs: 30,
      patience: 4,
      ...classifierTraining,
      seed: seed + 31,
      onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, stage: 'classifier' })),
    },
  );

  const chain = new DomainChain(
    dataResult.flow,
    simResult.flow,
    dat.standardizer,
    sim.standardizer,
  );
  const transformedRaw = chain.transform(dat.rawTest);
  const score = (standardizedInputs: Matrix) =>
    mapRows(standardizedInputs, 1, (b) => classifier.predict(b)).data as Float32Array;
  const simulationScores = score(sim.test);
  const rawDataScores = score(toFloat32(sim.standardizer.transform(dat.rawTest)));
  const transformedDataScores = score(toFloat32(sim.standardizer.transform(transformedRaw)));

  const featureKs = options.featureNames.map((feature, i) => ({
    feature,
    rawData: ksDistance(columnOf(dat.rawTest, i), columnOf(sim.rawTest, i)),
    transformedData: ksDistance(columnOf(transformedRaw, i), columnOf(sim.rawTest, i)),
  }));
  const metrics: AdaptMetrics = {
    features: [...options.featureNames],
    backend: activeBackend()?.name ?? tf.getBackend(),
    events: {
      simulation: { train: sim.train.rows, validation: sim.validation.rows, test: sim.test.rows },
      data: { train: dat.train.rows, validation: dat.validation.rows, test: dat.test.rows },
    },
    dataFlow: dataResult.report,
    simulationFlow: simResult.report,
    classifier: {
      simulationTestAuc: rocAuc(simulationScores, simLabels.test),
      testLoss: classifierHistory.testLoss,
      bestEpoch: classifierHistory.bestEpoch,
      history: {
        trainLoss: classifierHistory.trainLoss,
        validationLoss: classifierHistory.validationLoss,
      },
    },
    classifierOutputKs: {
      rawData: ksDistance(rawDataScores, simulationScores),
      transformedData: ksDistance(transformedDataScores, simulationScores),
    },
    featureKs,
  };
  if (dat.labels) {
    metrics.dataTruth = {
      rawAuc: rocAuc(rawDataScores, dat.labels.test),
      transformedAuc: rocAuc(transformedDataScores, dat.labels.test),
    };
  }
  return {
    dataFlow: dataResult.flow,
    simulationFlow: simResult.flow,
    classifier,
    dataStandardizer: dat.standardizer,
    simulationStandardizer: sim.standardizer,
    chain,
    metrics,
    evaluation: {
      simulationScores,
      rawDataScores,
      transformedDataScores,
      simulationTest: sim.rawTest,
      dataTest: dat.rawTest,
      transformedDataTest: transformedRaw,
      dataLatent: dataResult.latent,
      simulationLatent: simResult.latent,
      simulationTestLabels: simLabels.test,
      dataTestLabels: dat.labels?.test,
    },
  };
}

function columnOf(m: Matrix, index: number): Float64Array {
  const out = new Float64Array(m.rows);
  for (let r = 0; r < m.rows; r++) out[r] = m.data[r * m.cols + index];
  return out;
}
