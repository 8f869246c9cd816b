export type { ToyColumn, ToyFeature, ToyTruthColumn } from './columns.js';
export {
  TOY_COLUMNS,
  TOY_FEATURES,
  TOY_TRUTH_COLUMNS,
} from './columns.js';
export {
  BEAM_ENERGY,
  LAMBDA_DECAY_LENGTH,
  LAMBDA_MASS,
  PION_MASS,
  PROTON_MASS,
  PROTON_PION_THRESHOLD,
} from './constants.js';
export type { DetectorConfig, ToyDomain } from './detector.js';
export { DEFAULT_SIGNAL_FRACTION, DETECTORS, resolveDetector, TOY_DOMAINS } from './detector.js';
export type { Distortion } from './distort.js';
export { distort } from './distort.js';
export type { LambdaToyOptions, LambdaToySample } from './generate-lambda-toy.js';
export { generateLambdaToy } from './generate-lambda-toy.js';
export { boostToLab, invariantMass, openingAngle, twoBodyMomentum } from './kinematics.js';
export { SeededRandom } from './random.js';
