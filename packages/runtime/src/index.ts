export { FlowdaRuntimeError } from './errors.js';
export type { OnnxModelDescription, OnnxValueDescription } from './model-description.js';
export { readOnnxModelDescription } from './model-description.js';
export { FlowdaModel } from './node-model.js';
export type {
  ExecutionProvider,
  FlowdaModelParts,
  LoadOptions,
  ModelInput,
  ModelOutput,
  OrtModuleLike,
  OrtSessionLike,
  OrtTensorLike,
  RunChunkedOptions,
} from './session.js';
export { BaseFlowdaModel } from './session.js';

export const VERSION = '0.1.0';
