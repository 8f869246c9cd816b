export const VERSION = '0.1.0';

export type { SquareMatrix } from './correlation.js';
export { pearsonCorrelation } from './correlation.js';
export type { EnergyDistanceOptions } from './energy-distance.js';
export { energyDistance } from './energy-distance.js';
export type { Histogram, HistogramOptions } from './histogram.js';
export { histogram } from './histogram.js';
export { kolmogorovSurvival, ksDistance, ksPValue } from './kolmogorov-smirnov.js';
export type { Moments } from './moments.js';
export { moments } from './moments.js';
export { rocAuc } from './roc-auc.js';
export type { MatrixLike, Sample } from './sample.js';
