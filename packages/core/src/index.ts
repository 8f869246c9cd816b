export { SeededRandom } from '@flowda/random';
export type { BackendChoice, BackendName } from './backend.js';
export { activeBackend, BACKEND_NAMES, selectBackend } from './backend.js';
export type { DiagonalGaussianOptions } from './distributions/diagonal-gaussian.js';
export { DiagonalGaussian } from './distributions/diagonal-gaussian.js';
export type { Distribution, DistributionConfig } from './distributions/distribution.js';
export type { GaussianMixtureOptions } from './distributions/gaussian-mixture.js';
export { GaussianMixture } from './distributions/gaussian-mixture.js';
export type { MixtureParameters } from './distributions/mixture-rosenblatt.js';
export {
  normalCdf,
  normalQuantileFromTails,
  normalQuantileLower,
  normalTail,
} from './distributions/normal-functions.js';
export { createDistribution, registerDistribution } from './distributions/registry.js';
export { StandardNormal } from './distributions/standard-normal.js';
export type { TensorOps } from './distributions/tensor-ops.js';
export { onnxOps, tfjsOps } from './distributions/tensor-ops.js';
export { checkArgument, checkBatch, checkInteger, FlowdaError } from './errors.js';
export { Flow } from './flows/flow.js';
export type { NeuralSplineFlowOptions } from './flows/neural-spline-flow.js';
export { neuralSplineFlow } from './flows/neural-spline-flow.js';
export type { RealNvpOptions } from './flows/realnvp.js';
export { realNVP } from './flows/realnvp.js';
export { dense } from './nn/dense.js';
export type { Activation, MlpOptions, NamedVariable } from './nn/mlp.js';
export { ACTIVATIONS, Mlp } from './nn/mlp.js';
export type {
  OnnxAttributeValue,
  OnnxDataTypeName,
  OnnxInitializer,
  OnnxNode,
  OnnxValueInfo,
} from './onnx/graph.js';
export { OnnxDataType, OnnxGraph } from './onnx/graph.js';
export type { FlowManifest, SerializedFlow, WeightEntry } from './serialize/flow-weights.js';
export {
  deserializeFlow,
  FLOW_FORMAT,
  FLOW_FORMAT_VERSION,
  serializeFlow,
} from './serialize/flow-weights.js';
export type { ActNormOptions } from './transforms/actnorm.js';
export { ActNorm } from './transforms/actnorm.js';
export { Compose } from './transforms/compose.js';
export type {
  AffineCouplingOptions,
  ScaleBoundKind,
} from './transforms/coupling/affine-coupling.js';
export { MaskedAffineCoupling, SCALE_BOUNDS } from './transforms/coupling/affine-coupling.js';
export { alternatingMask, checkMask } from './transforms/coupling/mask.js';
export type { ElementwiseResult } from './transforms/coupling/masked-coupling.js';
export { MaskedCoupling } from './transforms/coupling/masked-coupling.js';
export type { SplineKnots, SplineShape } from './transforms/coupling/rational-quadratic-spline.js';
export {
  checkSplineShape,
  DEFAULT_SPLINE_SHAPE,
  rationalQuadraticSpline,
  rationalQuadraticSplineOnnx,
  splineKnots,
  splineParameterCount,
} from './transforms/coupling/rational-quadratic-spline.js';
export type { SplineCouplingOptions } from './transforms/coupling/spline-coupling.js';
export { RationalQuadraticSplineCoupling } from './transforms/coupling/spline-coupling.js';
export type { LULinearOptions } from './transforms/lu-linear.js';
export { LULinear } from './transforms/lu-linear.js';
export { invertMatrix, matrixInverse } from './transforms/matrix-inverse.js';
export type { PermutationOptions } from './transforms/permutation.js';
export { Permutation, reversePermutation } from './transforms/permutation.js';
export { createTransform, registerTransform } from './transforms/registry.js';
export type {
  Direction,
  Transform,
  TransformConfig,
  TransformResult,
} from './transforms/transform.js';
