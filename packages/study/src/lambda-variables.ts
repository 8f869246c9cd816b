/**
 * Units of the Λ toy's columns, for axis titles and tables.
 */

/** The unit of each column of `@flowda/toy`'s table ('' for the label). */
export const LAMBDA_UNITS: Readonly<Record<string, string>> = Object.freeze({
  p_pt: 'GeV',
  p_phi: 'rad',
  p_theta: 'rad',
  pi_pt: 'GeV',
  pi_phi: 'rad',
  pi_theta: 'rad',
  decay_length: 'cm',
  opening_angle: 'rad',
  mass: 'GeV',
  label: '',
});

/**
 * The six track variables of the distortion-reversal study (sect. 4.2 of Kelleher & Vossen):
 * transverse momentum, azimuth and polar angle of the proton and the pion.
 */
export const TRACK_VARIABLES = ['p_pt', 'p_phi', 'p_theta', 'pi_pt', 'pi_phi', 'pi_theta'] as const;

/** The unit of `name`, or '' when it is not a toy column. */
export function unitOf(name: string): string {
  return LAMBDA_UNITS[name] ?? '';
}
