export type {
  AdaptMetrics,
  AdaptOptions,
  AdaptProgress,
  AdaptResult,
  AdaptStage,
  ClassifierSettings,
  DomainSample,
  FlowArchitecture,
  FlowReport,
  LatentMoments,
} from './adapt.js';
export { adapt } from './adapt.js';
export { DomainChain } from './chain/domain-chain.js';
export type { ClassifierOptions } from './classifier/classifier.js';
export { Classifier } from './classifier/classifier.js';
export { ParallelTrainingError } from './parallel/parallel-training-error.js';
export type { ParallelTrainingOptions } from './parallel/train-flow-parallel.js';
export { trainFlowParallel } from './parallel/train-flow-parallel.js';
export type { AdaptReportOptions } from './report-sections.js';
export { adaptReportData } from './report-sections.js';
export type { RunExtras } from './run-files.js';
export { RUN_FILES, writeAdaptRun, writeJsonAtomically } from './run-files.js';
export { mapRows, toTensor } from './training/tensors.js';
export type {
  Objective,
  Split,
  TrainingData,
  TrainingHistory,
  TrainingOptions,
  TrainingProgress,
} from './training/train.js';
export { evaluate, TrainingDivergedError, train } from './training/train.js';
