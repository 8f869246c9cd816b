export type { BernsteinYields } from './bernstein-background.js';
export {
  bernsteinBackgroundDensity,
  bernsteinBackgroundIntegral,
  isBernsteinNonNegative,
} from './bernstein-background.js';
export { LAMBDA_MASS_GEV } from './constants.js';
export type { CrystalBallShape } from './crystal-ball.js';
export {
  crystalBallDoubleSided,
  crystalBallIntegral,
  crystalBallPrimitive,
} from './crystal-ball.js';
export { erf, erfc } from './erf.js';
export { fitMassSpectrum } from './fit-mass-spectrum.js';
export type { MassHistogram } from './histogram.js';
export { binMasses } from './histogram.js';
export type {
  FittedParameter,
  MassFitCurve,
  MassFitOptions,
  MassFitResult,
  Measurement,
  SignalWindowResult,
} from './mass-fit-result.js';
export type { MassModelParameters } from './mass-model.js';
export {
  backgroundDensity,
  expectedCounts,
  massSpectrumDensity,
  signalDensity,
} from './mass-model.js';
export type { MassFitParameterName, ParameterBounds } from './parameters.js';
export { MASS_FIT_PARAMETERS } from './parameters.js';
export { poissonDeviance } from './poisson-deviance.js';
