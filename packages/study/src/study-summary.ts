/**
 * The headline figures of a study run, for the `study` key of metrics.json and the closing
 * summary of `flowda demo`.
 */

import type { DistortionReversalResult } from './distortion-reversal.js';
import type { LambdaStudyResult, SampleCutScan } from './lambda-study.js';

/** Best-cut figures of one sample. */
export interface SampleHeadline {
  /** KS distance of the classifier outputs to simulation (test splits). */
  classifierOutputKs: number;
  bestCut: number | null;
  /** Mass fits that converged over all cuts, and the number of cuts. */
  fitsConverged: number;
  cuts: number;
  fittedPurity: number | null;
  fittedPurityError: number | null;
  truePurity: number | null;
  fittedFigureOfMerit: number | null;
  /** (max − min)/max of the fitted figure of merit over cuts in [0.2, 0.8]. */
  figureOfMeritSpread: number | null;
  figureOfMeritSpreadTruth: number | null;
}

/** Distances of the distorted variable for one distortion. */
export interface ReversalHeadline {
  distortion: string;
  variable: string;
  ks: { none: number; unconditional: number; conditional: number; idealFloor: number };
  energyAll: { none: number; unconditional: number; conditional: number; idealFloor: number };
  better: 'conditional' | 'unconditional';
}

export interface StudyHeadline {
  raw: SampleHeadline;
  transformed: SampleHeadline;
  distortionReversal?: ReversalHeadline[];
  reversalConclusion?: string;
}

/** The headline figures of the Λ study and, when run, of the distortion reversal. */
export function studyHeadline(
  lambda: LambdaStudyResult,
  reversal?: DistortionReversalResult,
): StudyHeadline {
  const sample = (scan: SampleCutScan, ks: number): SampleHeadline => ({
    classifierOutputKs: ks,
    bestCut: scan.best?.cut ?? null,
    fitsConverged: scan.fitsConverged,
    cuts: scan.fitted.length,
    fittedPurity: scan.best?.fittedPurity.value ?? null,
    fittedPurityError: scan.best?.fittedPurity.error ?? null,
    truePurity: scan.best?.truePurity ?? null,
    fittedFigureOfMerit: scan.best?.fittedFigureOfMerit.value ?? null,
    figureOfMeritSpread: scan.figureOfMeritSpread.fitted,
    figureOfMeritSpreadTruth: scan.figureOfMeritSpread.truth,
  });
  const headline: StudyHeadline = {
    raw: sample(lambda.raw, lambda.classifierOutputKs.rawData),
    transformed: sample(lambda.transformed, lambda.classifierOutputKs.transformedData),
  };
  if (reversal) {
    headline.distortionReversal = reversal.cases.map((c) => {
      const ks = c.ks.find((entry) => entry.variable === reversal.distortedVariable) ?? c.ks[0];
      const all = c.energy[c.energy.length - 1];
      return {
        distortion: c.name,
        variable: ks.variable,
        ks: {
          none: ks.distorted,
          unconditional: ks.unconditional,
          conditional: ks.conditional,
          idealFloor: ks.reference,
        },
        energyAll: {
          none: all.distorted,
          unconditional: all.unconditional,
          conditional: all.conditional,
          idealFloor: all.reference,
        },
        better: c.better,
      };
    });
    headline.reversalConclusion = reversal.conclusion;
  }
  return headline;
}
