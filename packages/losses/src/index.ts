export { negativeLogLikelihood } from './negative-log-likelihood.js';
