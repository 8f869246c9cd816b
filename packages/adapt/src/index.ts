export { adapt } from './adapt.js';
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
export { Classifier } from './classifier/classifier.js';
export type { ClassifierOptions } from './classifier/classifier.js';
export { DomainChain } from './chain/domain-chain.js';
export { train, evaluate, TrainingDivergedError } from './training/train.js';
export type {
  Objective,
  Split,
  TrainingData,
  TrainingHistory,
  TrainingOptions,
  TrainingProgress,
} from './training/train.js';
export { mapRows, toTensor } from './training/tensors.js';
export { writeAdaptRun, writeJsonAtomically, RUN_FILES } from './run-files.js';
export type { RunExtras } from './run-files.js';
export { adaptReportData } from './report-sections.js';
export type { AdaptReportOptions } from './report-sections.js';
export { trainFlowParallel } from './parallel/train-flow-parallel.js';
export type { ParallelTrainingOptions } from './parallel/train-flow-parallel.js';
export { ParallelTrainingError } from './parallel/parallel-training-error.js';
