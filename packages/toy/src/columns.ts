/**
 * Column names of the toy's table.
 */

/**
 * The eight classifier features of a candidate: transverse momentum (GeV), azimuth and polar
 * angle (rad) of the proton and the π⁻, the decay-vertex separation (cm) and the p–π opening
 * angle (rad).
 */
export const TOY_FEATURES = [
  'p_pt',
  'p_phi',
  'p_theta',
  'pi_pt',
  'pi_phi',
  'pi_theta',
  'decay_length',
  'opening_angle',
] as const;

/**
 * Every column of the toy's table: the features, then the measured invariant mass (GeV) and the
 * truth label (1 for Λ, 0 for background). Never feed `mass` or `label` to a classifier: the label
 * is the answer and the mass is what the fit measures.
 */
export const TOY_COLUMNS = [...TOY_FEATURES, 'mass', 'label'] as const;

/**
 * Generator-level columns returned with `includeTruth`: the true (unsmeared) momentum components
 * of the proton and the π⁻ (GeV, z along the beam) and the true vertex separation (cm: the Λ
 * decay length for signal, the drawn prompt-like separation for background).
 */
export const TOY_TRUTH_COLUMNS = [
  'true_p_px',
  'true_p_py',
  'true_p_pz',
  'true_pi_px',
  'true_pi_py',
  'true_pi_pz',
  'true_decay_length',
] as const;

/** One feature column name. */
export type ToyFeature = (typeof TOY_FEATURES)[number];

/** One column name of the toy's table. */
export type ToyColumn = (typeof TOY_COLUMNS)[number];

/** One column name of the truth table. */
export type ToyTruthColumn = (typeof TOY_TRUTH_COLUMNS)[number];
