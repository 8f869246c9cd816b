/**
 * Application 1 of Kelleher & Vossen (arXiv:2403.14804, sect. 4.1 and 5.2) on Λ → pπ⁻
 * candidates: the two-flow domain chain and the simulation-trained classifier (`adapt()` of
 * `@flowda/adapt`), then, for raw and for transformed data, the invariant-mass fit of the
 * candidates passing each classifier cut, purity and figure of merit versus the cut, the same
 * from the truth labels where the data carry them, and the cut that maximises the fitted figure
 * of merit.
 *
 * The signal window is fixed once, at μ ± k·σ of a fit of all data candidates (no cut), so that
 * every cut and both samples count N_sig and N_tot in the same mass interval.
 */

import {
  type AdaptOptions,
  type AdaptProgress,
  type AdaptResult,
  type AdaptStage,
  adapt,
} from '@flowda/adapt';
import {
  fitMassSpectrum,
  type MassFitOptions,
  type MassFitResult,
  type Measurement,
} from '@flowda/fit';
import { type CandidateScores, scoreCandidates } from './classifier-scores.js';
import {
  type BackgroundModel,
  bestCutIndex,
  DEFAULT_CUTS,
  type FittedPoint,
  FLATNESS_CUT_RANGE,
  figureOfMeritSpread,
  fittedCutScan,
  type TruthPoint,
  truthCutScan,
} from './cut-scan.js';
import type { LambdaCandidates } from './lambda-candidates.js';

/** What the study is doing, for a progress display. */
export type LambdaStudyStage = AdaptStage | 'scoring' | 'mass-fits';

export interface LambdaStudyOptions {
  /** Options of `adapt()`, but the feature names, which come from the candidates. */
  adapt?: Omit<AdaptOptions, 'featureNames' | 'onProgress' | 'onStage'>;
  /** Classifier cuts (output ≥ cut). Defaults to 0, 0.05, …, 0.95. */
  cuts?: readonly number[];
  /** Options of every mass fit (range, bins, fixed parameters); the window is set here. */
  massFit?: Omit<MassFitOptions, 'window' | 'windowSigmas'>;
  /** Half-width of the signal window in fitted σ. Defaults to 3. */
  windowSigmas?: number;
  onProgress?: (progress: AdaptProgress) => void;
  /** Called when a stage starts, with the number of events (training) or fits it handles. */
  onStage?: (stage: LambdaStudyStage, count: number) => void;
  /** Called after each mass fit. */
  onFit?: (sample: 'raw' | 'transformed', index: number, count: number) => void;
}

/** Purity and figure of merit at the cut that maximises the fitted figure of merit. */
export interface BestCut {
  cut: number;
  background: BackgroundModel;
  chiSquare: number;
  ndf: number;
  signal: Measurement;
  total: number;
  fittedPurity: Measurement;
  fittedFigureOfMerit: Measurement;
  /** From the truth labels in the same window; null without labels. */
  truePurity: number | null;
  trueFigureOfMerit: number | null;
}

/** One sample's (raw or transformed data) scan over the cuts. */
export interface SampleCutScan {
  fitted: FittedPoint[];
  /** Fits that converged, and how many of them needed the convex background. */
  fitsConverged: number;
  convexBackgroundFits: number;
  truth?: TruthPoint[];
  best: BestCut | null;
  /**
   * Relative spread (max − min)/max of the figure of merit over cuts in `cutRange`: 0 for a
   * flat curve.
   */
  figureOfMeritSpread: { cutRange: [number, number]; fitted: number | null; truth: number | null };
}

/** The JSON-able result of the study. */
export interface LambdaStudyResult {
  /** The fixed signal window and the fit (all candidates, no cut) that set it. */
  window: {
    low: number;
    high: number;
    windowSigmas: number;
    status: string;
    message: string;
    mean: Measurement;
    sigma: Measurement;
  };
  /** Candidates in the data sample, and the labelled Λs among them when known. */
  events: { data: number; trueSignal: number | null };
  /** KS distance of classifier outputs to simulation (test splits), from `adapt()`. */
  classifierOutputKs: { rawData: number; transformedData: number };
  raw: SampleCutScan;
  transformed: SampleCutScan;
}

/** The study's result with what the report needs beyond it. */
export interface LambdaAnalysis {
  result: LambdaStudyResult;
  /** The fits at each sample's best cut (null when no fit converged). */
  bestFits: { raw: MassFitResult | null; transformed: MassFitResult | null };
  /** Classifier outputs of every data candidate. */
  scores: CandidateScores;
}

/** `adapt()` on the candidates' features, then {@link analyseLambdaCandidates}. */
export function runLambdaStudy(
  simulation: LambdaCandidates,
  data: LambdaCandidates,
  options: LambdaStudyOptions = {},
): LambdaAnalysis & { adapt: AdaptResult } {
  const names = simulation.featureNames;
  if (names.join(',') !== data.featureNames.join(',')) {
    throw new RangeError(
      `simulation features (${names.join(', ')}) differ from data features (${data.featureNames.join(', ')})`,
    );
  }
  if (!simulation.labels) {
    throw new RangeError('simulation candidates need labels to train the classifier');
  }
  const adaptResult = adapt(
    { features: simulation.features, labels: simulation.labels },
    { features: data.features, labels: data.labels },
    {
      ...options.adapt,
      featureNames: [...names],
      onProgress: options.onProgress,
      onStage: options.onStage,
    },
  );
  return { adapt: adaptResult, ...analyseLambdaCandidates(adaptResult, data, options) };
}

/**
 * Scores every data candidate before and after the chain of `adaptResult` and scans the cuts.
 *
 * @throws RangeError when the candidates do not match the run's features or each other
 */
export function analyseLambdaCandidates(
  adaptResult: AdaptResult,
  data: LambdaCandidates,
  options: LambdaStudyOptions = {},
): LambdaAnalysis {
  const { features, masses, labels } = data;
  if (masses.length !== features.rows) {
    throw new RangeError(`data has ${masses.length} masses for ${features.rows} candidates`);
  }
  if (labels && labels.length !== features.rows) {
    throw new RangeError(`data has ${labels.length} labels for ${features.rows} candidates`);
  }
  const cuts = options.cuts ?? DEFAULT_CUTS;
  const windowSigmas = options.windowSigmas ?? 3;
  if (!(windowSigmas > 0)) {
    throw new RangeError(`windowSigmas must be a positive number, received ${windowSigmas}`);
  }

  options.onStage?.('scoring', features.rows);
  const scores = scoreCandidates(adaptResult, features);

  const reference = fitMassSpectrum(masses, { ...options.massFit, windowSigmas });
  const window: [number, number] = [reference.window.low, reference.window.high];

  options.onStage?.('mass-fits', 2 * cuts.length);
  const scan = (sample: 'raw' | 'transformed') => {
    const sampleScores = scores[sample];
    const fitted = fittedCutScan(sampleScores, masses, cuts, window, {
      massFit: options.massFit,
      onFit: options.onFit && ((index, count) => options.onFit!(sample, index, count)),
    });
    const truth = labels ? truthCutScan(sampleScores, masses, labels, cuts, window) : undefined;
    const bestIndex = bestCutIndex(fitted.points);
    const best = bestIndex >= 0 ? bestCut(fitted.points[bestIndex], truth?.[bestIndex]) : null;
    const converged = fitted.points.filter((p) => p.status === 'converged');
    const summary: SampleCutScan = {
      fitted: fitted.points,
      fitsConverged: converged.length,
      convexBackgroundFits: converged.filter((p) => p.background === 'convex').length,
      truth,
      best,
      figureOfMeritSpread: {
        cutRange: [FLATNESS_CUT_RANGE[0], FLATNESS_CUT_RANGE[1]],
        fitted: figureOfMeritSpread(
          cuts,
          fitted.points.map((p) => p.figureOfMerit?.value ?? null),
        ),
        truth: truth
          ? figureOfMeritSpread(
              cuts,
              truth.map((p) => p.figureOfMerit),
            )
          : null,
      },
    };
    return { summary, bestFit: bestIndex >= 0 ? fitted.fits[bestIndex] : null };
  };
  const raw = scan('raw');
  const transformed = scan('transformed');

  let trueSignal: number | null = null;
  if (labels) {
    trueSignal = 0;
    for (let i = 0; i < labels.length; i++) if (labels[i] === 1) trueSignal++;
  }
  const result: LambdaStudyResult = {
    window: {
      low: window[0],
      high: window[1],
      windowSigmas,
      status: reference.status,
      message: reference.message,
      mean: measurement(reference.parameters.mean),
      sigma: measurement(reference.parameters.sigma),
    },
    events: { data: features.rows, trueSignal },
    classifierOutputKs: { ...adaptResult.metrics.classifierOutputKs },
    raw: raw.summary,
    transformed: transformed.summary,
  };
  return {
    result,
    bestFits: { raw: raw.bestFit, transformed: transformed.bestFit },
    scores,
  };
}

function bestCut(point: FittedPoint, truth: TruthPoint | undefined): BestCut {
  return {
    cut: point.cut,
    background: point.background,
    chiSquare: point.chiSquare,
    ndf: point.ndf,
    signal: point.signal as Measurement,
    total: point.total,
    fittedPurity: point.purity as Measurement,
    fittedFigureOfMerit: point.figureOfMerit as Measurement,
    truePurity: truth?.purity ?? null,
    trueFigureOfMerit: truth?.figureOfMerit ?? null,
  };
}

function measurement(value: Measurement): Measurement {
  return { value: value.value, error: value.error };
}
