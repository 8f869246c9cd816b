/**
 * The two detector models of the toy: "simulation" and "data".
 *
 * A detector smears each true track: the measured momentum is |p|′ = s·|p|·(1 + σ_rel·z₁), the
 * angles θ′ = θ + σ_θ·z₂ and φ′ = φ + σ_θ·z₃ with σ_θ = √(σ_0² + (k / pβ)²) (a constant term and
 * a multiple-scattering term; z standard normal), and keeps a track only when
 * θ_min ≤ θ′ ≤ θ_max and |p|′ ≥ p_min. The two defaults differ the way a real detector differs
 * from its simulation: the data have a momentum scale a few per mille off, twice the momentum and
 * constant angular resolution, more multiple scattering, and slightly narrower acceptance.
 */

/** The two domains the toy can generate. */
export type ToyDomain = 'simulation' | 'data';

/** The list of valid domains, for argument checks. */
export const TOY_DOMAINS: readonly ToyDomain[] = ['simulation', 'data'];

/** How a detector turns true tracks into measured ones. */
export interface DetectorConfig {
  /** Multiplies every measured momentum (1 is a perfect calibration). */
  momentumScale: number;
  /** Relative momentum resolution σ_p / p. */
  momentumResolution: number;
  /** Resolution of the polar and azimuthal angles at high momentum, rad. */
  angularResolution: number;
  /**
   * Multiple-scattering term of the angular resolution, rad·GeV: the angles are smeared by
   * σ_θ = √(angularResolution² + (multipleScattering / (pβ))²).
   */
  multipleScattering: number;
  /** Smallest accepted measured polar angle, rad. */
  thetaMin: number;
  /** Largest accepted measured polar angle, rad. */
  thetaMax: number;
  /** Smallest accepted measured momentum, GeV. */
  momentumMin: number;
  /** Resolution of the decay-vertex separation, cm. */
  vertexResolution: number;
}

const DEGREE = Math.PI / 180;

/** The default detectors of the two domains. */
export const DETECTORS: Readonly<Record<ToyDomain, Readonly<DetectorConfig>>> = {
  simulation: Object.freeze({
    momentumScale: 1,
    momentumResolution: 0.005,
    angularResolution: 0.001,
    multipleScattering: 0.004,
    thetaMin: 5 * DEGREE,
    thetaMax: 35 * DEGREE,
    momentumMin: 0.2,
    vertexResolution: 0.2,
  }),
  data: Object.freeze({
    momentumScale: 1.004,
    momentumResolution: 0.01,
    angularResolution: 0.002,
    multipleScattering: 0.006,
    thetaMin: 6 * DEGREE,
    thetaMax: 34 * DEGREE,
    momentumMin: 0.2,
    vertexResolution: 0.3,
  }),
};

/** The default fraction of Λ candidates in each domain's sample. */
export const DEFAULT_SIGNAL_FRACTION: Readonly<Record<ToyDomain, number>> = Object.freeze({
  simulation: 0.35,
  data: 0.25,
});

/**
 * Merges overrides into a domain's default detector and checks every field.
 *
 * @throws RangeError naming the field, the value received and the valid range.
 */
export function resolveDetector(
  domain: ToyDomain,
  overrides: Partial<DetectorConfig> = {},
): DetectorConfig {
  const detector: DetectorConfig = { ...DETECTORS[domain], ...overrides };
  const positive: (keyof DetectorConfig)[] = ['momentumScale'];
  const nonNegative: (keyof DetectorConfig)[] = [
    'momentumResolution',
    'angularResolution',
    'multipleScattering',
    'momentumMin',
    'vertexResolution',
  ];
  for (const key of positive) {
    const value = detector[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new RangeError(`detector.${key} must be a finite number > 0, received ${value}`);
    }
  }
  for (const key of nonNegative) {
    const value = detector[key];
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`detector.${key} must be a finite number ≥ 0, received ${value}`);
    }
  }
  const { thetaMin, thetaMax } = detector;
  if (!(thetaMin >= 0 && thetaMin < thetaMax && thetaMax <= Math.PI)) {
    throw new RangeError(
      `detector.thetaMin and detector.thetaMax must satisfy 0 ≤ thetaMin < thetaMax ≤ π, ` +
        `received thetaMin ${thetaMin}, thetaMax ${thetaMax}`,
    );
  }
  return detector;
}
