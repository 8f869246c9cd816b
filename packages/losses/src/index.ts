export { negativeLogLikelihood } from './negative-log-likelihood.js';
export type { LogTargetDensity, ReverseKlOptions } from './reverse-kl.js';
export { reverseKl } from './reverse-kl.js';
