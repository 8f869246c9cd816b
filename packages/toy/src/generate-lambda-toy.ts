/**
 * Seeded generator of Λ → pπ⁻ candidates for a 10.6 GeV electron beam on a fixed proton target,
 * seen by a CLAS12-like forward detector in one of two domains ("simulation" or "data").
 *
 * Signal. A Λ is produced with momentum P drawn from exp(−P / 1.5 GeV) on the configured range
 * (default 1–6 GeV), polar angle from exp(−θ / 0.2 rad) on 5°–35° and uniform azimuth. It flies a
 * lab distance L = (P / m_Λ)·cτ·x, x ~ Exp(1), and decays isotropically in its rest frame into a
 * proton and a π⁻ of momentum p* = 0.1006 GeV, boosted to the lab (see `boostToLab`), so the true
 * pair mass is m_Λ exactly.
 *
 * Background. An uncorrelated proton (P from exp(−P / 1.5 GeV) on 0.5–6 GeV) and π⁻ (P from
 * exp(−P / 1 GeV) on 0.4–5 GeV, harder than the decay pions, as fragmentation pions are), each
 * with θ from exp(−θ / 0.3 rad) on 3°–40°, uniform azimuth, and a prompt-like vertex separation
 * drawn from Exp(mean 0.4 cm). Their pair mass starts at m_p + m_π and rises smoothly across the
 * window, its maximum lying well above it.
 *
 * Detector. Both tracks are smeared and accepted as described in `DetectorConfig`; the vertex
 * separation is smeared by the vertex resolution. The measured invariant mass is computed from the
 * smeared tracks, and a candidate is kept only when it lies inside the mass window (default
 * 1.08–1.24 GeV, the fit range). Each row is signal with probability `signalFraction` and is then
 * regenerated until it passes acceptance and window, so the kept sample has that signal fraction
 * on average.
 */

import { TOY_COLUMNS, TOY_TRUTH_COLUMNS } from './columns.js';
import {
  LAMBDA_DECAY_LENGTH,
  LAMBDA_MASS,
  PION_MASS,
  PROTON_MASS,
  PROTON_PION_THRESHOLD,
} from './constants.js';
import {
  DEFAULT_SIGNAL_FRACTION,
  type DetectorConfig,
  resolveDetector,
  TOY_DOMAINS,
  type ToyDomain,
} from './detector.js';
import { boostToLab, invariantMass, openingAngle, twoBodyMomentum } from './kinematics.js';
import { SeededRandom } from './random.js';

/** Options of `generateLambdaToy`. */
export interface LambdaToyOptions {
  /** Which detector sees the candidates. */
  domain: ToyDomain;
  /** Seed of the pseudo-random stream; the same options and seed give the same sample. */
  seed: number;
  /** Number of candidates (rows) to keep. Defaults to `100_000`. */
  events?: number;
  /**
   * Probability that a kept candidate is a Λ. Defaults to 0.35 for "simulation" and 0.25 for
   * "data" (`DEFAULT_SIGNAL_FRACTION`).
   */
  signalFraction?: number;
  /** Overrides of the domain's default detector (`DETECTORS`). */
  detector?: Partial<DetectorConfig>;
  /** Kept range of the measured invariant mass, GeV. Defaults to `[1.08, 1.24]`. */
  massWindow?: readonly [number, number];
  /** Range of the generated Λ momentum, GeV; equal ends fix it. Defaults to `[1, 6]`. */
  lambdaMomentumRange?: readonly [number, number];
  /** Also return the generator-level tracks (`TOY_TRUTH_COLUMNS`). Defaults to `false`. */
  includeTruth?: boolean;
}

/** A generated sample: a row-major table with `TOY_COLUMNS`. */
export interface LambdaToySample {
  /** Column names, `TOY_COLUMNS`. */
  columns: string[];
  /** Row-major values, `rows × columns.length`. */
  data: Float64Array;
  /** Number of candidates. */
  rows: number;
  /** The domain generated. */
  domain: ToyDomain;
  /** The detector used, after overrides. */
  detector: DetectorConfig;
  /** The configured signal probability. */
  signalFraction: number;
  /** The kept mass window, GeV. */
  massWindow: [number, number];
  /** Generator-level tracks, row-major with `TOY_TRUTH_COLUMNS`, when `includeTruth` is set. */
  truth?: { columns: string[]; data: Float64Array };
}

const DEGREE = Math.PI / 180;

/** Production spectra: momentum range and slope (GeV), polar range and slope (rad). */
interface TrackSpectrum {
  momentumLow: number;
  momentumHigh: number;
  momentumSlope: number;
  thetaLow: number;
  thetaHigh: number;
  thetaSlope: number;
}

const LAMBDA_MOMENTUM_SLOPE = 1.5;
const LAMBDA_THETA = { low: 5 * DEGREE, high: 35 * DEGREE, slope: 0.2 };
const BACKGROUND_PROTON: TrackSpectrum = {
  momentumLow: 0.5,
  momentumHigh: 6,
  momentumSlope: 1.5,
  thetaLow: 3 * DEGREE,
  thetaHigh: 40 * DEGREE,
  thetaSlope: 0.3,
};
const BACKGROUND_PION: TrackSpectrum = {
  momentumLow: 0.4,
  momentumHigh: 5,
  momentumSlope: 1,
  thetaLow: 3 * DEGREE,
  thetaHigh: 40 * DEGREE,
  thetaSlope: 0.3,
};
const BACKGROUND_VERTEX_SEPARATION = 0.4;
const DECAY_MOMENTUM = twoBodyMomentum(LAMBDA_MASS, PROTON_MASS, PION_MASS);

// Why: a bound on regeneration attempts turns a configuration that accepts (almost) nothing into
// an error instead of an endless loop.
const MAX_ATTEMPTS_PER_CANDIDATE = 100_000;

/**
 * Generates `events` Λ → pπ⁻ candidates (signal and background) as seen by one domain's detector.
 *
 * @throws RangeError when an option is out of its valid range, naming the option and the value.
 */
export function generateLambdaToy(options: LambdaToyOptions): LambdaToySample {
  const settings = checkOptions(options);
  const { events, signalFraction, detector, massWindow, includeTruth } = settings;
  const random = new SeededRandom(options.seed);

  const width = TOY_COLUMNS.length;
  const truthWidth = TOY_TRUTH_COLUMNS.length;
  const data = new Float64Array(events * width);
  const truthData = includeTruth ? new Float64Array(events * truthWidth) : undefined;

  // Scratch: true momenta [p(3), π(3)], measured momenta [p(3), π(3)], measured (|p|, θ, φ) × 2.
  const trueMomenta = new Float64Array(6);
  const measuredMomenta = new Float64Array(6);
  const measuredPolar = new Float64Array(6);

  for (let row = 0; row < events; row++) {
    const isSignal = random.uniform() < signalFraction;
    let attempts = 0;
    let mass = 0;
    let trueSeparation = 0;
    for (;;) {
      attempts++;
      if (attempts > MAX_ATTEMPTS_PER_CANDIDATE) {
        throw new RangeError(
          `no ${isSignal ? 'signal' : 'background'} candidate passed acceptance and the mass ` +
            `window [${massWindow[0]}, ${massWindow[1]}] GeV in ${MAX_ATTEMPTS_PER_CANDIDATE} ` +
            `attempts; widen detector.thetaMin/thetaMax or massWindow`,
        );
      }

      trueSeparation = isSignal
        ? generateSignalTracks(random, settings.lambdaMomentumRange, trueMomenta)
        : generateBackgroundTracks(random, trueMomenta);

      if (
        !measureTrack(random, detector, PROTON_MASS, trueMomenta, 0, measuredPolar, measuredMomenta)
      ) {
        continue;
      }
      if (
        !measureTrack(random, detector, PION_MASS, trueMomenta, 3, measuredPolar, measuredMomenta)
      ) {
        continue;
      }

      mass = invariantMass(
        measuredMomenta[0],
        measuredMomenta[1],
        measuredMomenta[2],
        PROTON_MASS,
        measuredMomenta[3],
        measuredMomenta[4],
        measuredMomenta[5],
        PION_MASS,
      );
      if (mass > massWindow[0] && mass < massWindow[1]) break;
    }

    const base = row * width;
    data[base] = measuredPolar[0] * Math.sin(measuredPolar[1]);
    data[base + 1] = measuredPolar[2];
    data[base + 2] = measuredPolar[1];
    data[base + 3] = measuredPolar[3] * Math.sin(measuredPolar[4]);
    data[base + 4] = measuredPolar[5];
    data[base + 5] = measuredPolar[4];
    data[base + 6] = trueSeparation + detector.vertexResolution * random.normal();
    data[base + 7] = openingAngle(
      measuredMomenta[0],
      measuredMomenta[1],
      measuredMomenta[2],
      measuredMomenta[3],
      measuredMomenta[4],
      measuredMomenta[5],
    );
    data[base + 8] = mass;
    data[base + 9] = isSignal ? 1 : 0;

    if (truthData) {
      const truthBase = row * truthWidth;
      for (let k = 0; k < 6; k++) truthData[truthBase + k] = trueMomenta[k];
      truthData[truthBase + 6] = trueSeparation;
    }
  }

  const sample: LambdaToySample = {
    columns: [...TOY_COLUMNS],
    data,
    rows: events,
    domain: options.domain,
    detector,
    signalFraction,
    massWindow: [massWindow[0], massWindow[1]],
  };
  if (truthData) sample.truth = { columns: [...TOY_TRUTH_COLUMNS], data: truthData };
  return sample;
}

/**
 * Draws a Λ, decays it, writes the true proton and π⁻ momenta into `out[0..5]` and returns the
 * true lab decay length (cm).
 */
function generateSignalTracks(
  random: SeededRandom,
  momentumRange: readonly [number, number],
  out: Float64Array,
): number {
  const momentum = random.truncatedExponential(
    momentumRange[0],
    momentumRange[1],
    LAMBDA_MOMENTUM_SLOPE,
  );
  const theta = random.truncatedExponential(
    LAMBDA_THETA.low,
    LAMBDA_THETA.high,
    LAMBDA_THETA.slope,
  );
  const phi = random.uniformBetween(-Math.PI, Math.PI);
  const sinTheta = Math.sin(theta);
  const directionX = sinTheta * Math.cos(phi);
  const directionY = sinTheta * Math.sin(phi);
  const directionZ = Math.cos(theta);

  // Isotropic decay direction in the Λ rest frame.
  const cosRest = random.uniformBetween(-1, 1);
  const sinRest = Math.sqrt(Math.max(0, 1 - cosRest * cosRest));
  const phiRest = random.uniformBetween(-Math.PI, Math.PI);
  const restX = DECAY_MOMENTUM * sinRest * Math.cos(phiRest);
  const restY = DECAY_MOMENTUM * sinRest * Math.sin(phiRest);
  const restZ = DECAY_MOMENTUM * cosRest;
  const q2 = DECAY_MOMENTUM * DECAY_MOMENTUM;
  const protonRestEnergy = Math.sqrt(q2 + PROTON_MASS * PROTON_MASS);
  const pionRestEnergy = Math.sqrt(q2 + PION_MASS * PION_MASS);

  boostToLab(
    protonRestEnergy,
    restX,
    restY,
    restZ,
    momentum,
    LAMBDA_MASS,
    directionX,
    directionY,
    directionZ,
    out,
    0,
  );
  boostToLab(
    pionRestEnergy,
    -restX,
    -restY,
    -restZ,
    momentum,
    LAMBDA_MASS,
    directionX,
    directionY,
    directionZ,
    out,
    3,
  );

  return (momentum / LAMBDA_MASS) * LAMBDA_DECAY_LENGTH * random.exponential(1);
}

/**
 * Draws an uncorrelated proton and π⁻, writes their true momenta into `out[0..5]` and returns
 * their prompt-like true vertex separation (cm).
 */
function generateBackgroundTracks(random: SeededRandom, out: Float64Array): number {
  drawTrack(random, BACKGROUND_PROTON, out, 0);
  drawTrack(random, BACKGROUND_PION, out, 3);
  return random.exponential(BACKGROUND_VERTEX_SEPARATION);
}

function drawTrack(
  random: SeededRandom,
  spectrum: TrackSpectrum,
  out: Float64Array,
  offset: number,
): void {
  const momentum = random.truncatedExponential(
    spectrum.momentumLow,
    spectrum.momentumHigh,
    spectrum.momentumSlope,
  );
  const theta = random.truncatedExponential(
    spectrum.thetaLow,
    spectrum.thetaHigh,
    spectrum.thetaSlope,
  );
  const phi = random.uniformBetween(-Math.PI, Math.PI);
  const transverse = momentum * Math.sin(theta);
  out[offset] = transverse * Math.cos(phi);
  out[offset + 1] = transverse * Math.sin(phi);
  out[offset + 2] = momentum * Math.cos(theta);
}

/**
 * Smears the true track at `trueMomenta[offset..offset+2]`, writes the measured (|p|, θ, φ) to
 * `polar` and the measured momentum vector to `momenta` at the same offset, and returns whether
 * the detector accepts it.
 */
function measureTrack(
  random: SeededRandom,
  detector: DetectorConfig,
  mass: number,
  trueMomenta: Float64Array,
  offset: number,
  polar: Float64Array,
  momenta: Float64Array,
): boolean {
  const px = trueMomenta[offset];
  const py = trueMomenta[offset + 1];
  const pz = trueMomenta[offset + 2];
  const transverse = Math.sqrt(px * px + py * py);
  const magnitude = Math.sqrt(transverse * transverse + pz * pz);

  // σ_θ = √(σ_0² + (k / pβ)²), with pβ = p² / E.
  const momentumBeta = (magnitude * magnitude) / Math.sqrt(magnitude * magnitude + mass * mass);
  const scattering = detector.multipleScattering / momentumBeta;
  const angular = Math.sqrt(
    detector.angularResolution * detector.angularResolution + scattering * scattering,
  );

  const momentum =
    detector.momentumScale * magnitude * (1 + detector.momentumResolution * random.normal());
  const theta = Math.atan2(transverse, pz) + angular * random.normal();
  let phi = Math.atan2(py, px) + angular * random.normal();
  if (phi > Math.PI) phi -= 2 * Math.PI;
  else if (phi <= -Math.PI) phi += 2 * Math.PI;

  if (momentum < detector.momentumMin || momentum <= 0) return false;
  if (theta < detector.thetaMin || theta > detector.thetaMax) return false;

  polar[offset] = momentum;
  polar[offset + 1] = theta;
  polar[offset + 2] = phi;
  const sinTheta = Math.sin(theta);
  momenta[offset] = momentum * sinTheta * Math.cos(phi);
  momenta[offset + 1] = momentum * sinTheta * Math.sin(phi);
  momenta[offset + 2] = momentum * Math.cos(theta);
  return true;
}

interface ResolvedOptions {
  events: number;
  signalFraction: number;
  detector: DetectorConfig;
  massWindow: readonly [number, number];
  lambdaMomentumRange: readonly [number, number];
  includeTruth: boolean;
}

function checkOptions(options: LambdaToyOptions): ResolvedOptions {
  if (!TOY_DOMAINS.includes(options.domain)) {
    throw new RangeError(
      `domain must be one of ${TOY_DOMAINS.map((d) => `'${d}'`).join(', ')}, ` +
        `received ${JSON.stringify(options.domain)}`,
    );
  }
  if (!Number.isSafeInteger(options.seed)) {
    throw new RangeError(`seed must be a safe integer, received ${options.seed}`);
  }

  const events = options.events ?? 100_000;
  if (!Number.isSafeInteger(events) || events < 0) {
    throw new RangeError(`events must be a non-negative integer, received ${events}`);
  }

  const signalFraction = options.signalFraction ?? DEFAULT_SIGNAL_FRACTION[options.domain];
  if (!(signalFraction >= 0 && signalFraction <= 1)) {
    throw new RangeError(`signalFraction must be in [0, 1], received ${signalFraction}`);
  }

  const massWindow = options.massWindow ?? ([1.08, 1.24] as const);
  if (
    massWindow.length !== 2 ||
    !Number.isFinite(massWindow[0]) ||
    !Number.isFinite(massWindow[1]) ||
    massWindow[0] >= massWindow[1] ||
    massWindow[1] <= PROTON_PION_THRESHOLD
  ) {
    throw new RangeError(
      `massWindow must be [low, high] GeV with low < high and high above the p–π threshold ` +
        `${PROTON_PION_THRESHOLD.toFixed(6)}, received ${JSON.stringify(massWindow)}`,
    );
  }

  const lambdaMomentumRange = options.lambdaMomentumRange ?? ([1, 6] as const);
  if (
    lambdaMomentumRange.length !== 2 ||
    !Number.isFinite(lambdaMomentumRange[1]) ||
    !(lambdaMomentumRange[0] > 0) ||
    lambdaMomentumRange[0] > lambdaMomentumRange[1]
  ) {
    throw new RangeError(
      `lambdaMomentumRange must be [low, high] GeV with 0 < low ≤ high, ` +
        `received ${JSON.stringify(lambdaMomentumRange)}`,
    );
  }

  return {
    events,
    signalFraction,
    detector: resolveDetector(options.domain, options.detector),
    massWindow,
    lambdaMomentumRange,
    includeTruth: options.includeTruth ?? false,
  };
}
