export type { CandidateScores } from './classifier-scores.js';
export { scoreCandidates } from './classifier-scores.js';
export type { ConditionalFlowKind, ConditionalFlowOptions } from './conditional-flow.js';
export { CONDITIONAL_FLOW_KINDS, conditionalFlow } from './conditional-flow.js';
export type { BackgroundModel, FittedCutScan, FittedPoint, TruthPoint } from './cut-scan.js';
export {
  bestCutIndex,
  DEFAULT_CUTS,
  FLATNESS_CUT_RANGE,
  figureOfMeritSpread,
  fittedCutScan,
  truthCutScan,
} from './cut-scan.js';
export type { DensitySplit } from './density-flow.js';
export { mapThroughLatent, trainDensityFlow } from './density-flow.js';
export type {
  DistortionCaseResult,
  DistortionReversalOptions,
  DistortionReversalProgress,
  DistortionReversalResult,
  DistortionSpec,
  MethodValues,
  ReversalFlowArchitecture,
  ReversalFlowSummary,
} from './distortion-reversal.js';
export { DEFAULT_DISTORTIONS, runDistortionReversal } from './distortion-reversal.js';
export type { LambdaCandidates, NamedTable } from './lambda-candidates.js';
export { candidatesFromTable } from './lambda-candidates.js';
export { lambdaReportSections, lambdaSummaryRows, massFitPanel } from './lambda-report.js';
export type {
  BestCut,
  LambdaAnalysis,
  LambdaStudyOptions,
  LambdaStudyResult,
  LambdaStudyStage,
  SampleCutScan,
} from './lambda-study.js';
export { analyseLambdaCandidates, runLambdaStudy } from './lambda-study.js';
export { LAMBDA_UNITS, TRACK_VARIABLES, unitOf } from './lambda-variables.js';
export type { ReversalHeadline, SampleHeadline, StudyHeadline } from './study-summary.js';
export { studyHeadline } from './study-summary.js';
