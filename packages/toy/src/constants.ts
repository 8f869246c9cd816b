/**
 * Particle properties used by the toy (PDG values, GeV and cm).
 */

/** Λ mass, GeV. */
export const LAMBDA_MASS = 1.115683;

/** Proton mass, GeV. */
export const PROTON_MASS = 0.938272;

/** Charged pion mass, GeV. */
export const PION_MASS = 0.13957;

/** Λ proper decay length cτ, cm. */
export const LAMBDA_DECAY_LENGTH = 7.89;

/** The lowest invariant mass a proton–π⁻ pair can have, m_p + m_π, GeV. */
export const PROTON_PION_THRESHOLD = PROTON_MASS + PION_MASS;

/** Electron beam energy of the CLAS12-like setup, GeV (fixed proton target). */
export const BEAM_ENERGY = 10.6;
