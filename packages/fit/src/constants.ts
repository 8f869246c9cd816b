/**
 * Physical constants used as defaults by the fit.
 */

/** Λ mass (PDG), GeV: the default expected position of the peak. */
export const LAMBDA_MASS_GEV = 1.115683;
