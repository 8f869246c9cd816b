/**
 * Checking and defaulting the options of `fitMassSpectrum`.
 */

import { LAMBDA_MASS_GEV } from './constants.js';
import type { MassFitOptions } from './mass-fit-result.js';
import type { MassModelParameters } from './mass-model.js';
import {
  MASS_FIT_PARAMETERS,
  type MassFitParameterName,
  type ParameterBounds,
} from './parameters.js';

/** The default fixed parameters: the Crystal Ball tail powers (see `MassFitOptions.fixed`). */
export const DEFAULT_FIXED_PARAMETERS: Readonly<Partial<MassModelParameters>> = Object.freeze({
  nLeft: 5,
  nRight: 5,
});

/** Options with every default filled in. */
export interface ResolvedSettings {
  range: [number, number];
  bins: number;
  expectedMass: number;
  fixed: Partial<MassModelParameters>;
  bounds: Record<MassFitParameterName, ParameterBounds>;
  windowSigmas: number;
  window: readonly [number, number] | undefined;
}

/**
 * Fills in the defaults of `options` and checks every field.
 *
 * @throws RangeError naming the option, the value received and what is valid.
 */
export function resolveMassFitOptions(options: MassFitOptions): ResolvedSettings {
  const range = options.range ?? [1.08, 1.24];
  if (
    range.length !== 2 ||
    !Number.isFinite(range[0]) ||
    !Number.isFinite(range[1]) ||
    range[0] >= range[1]
  ) {
    throw new RangeError(
      `range must be [low, high] with finite low < high, received ${JSON.stringify(range)}`,
    );
  }
  const bins = options.bins ?? 100;
  if (!Number.isSafeInteger(bins) || bins < 12) {
    throw new RangeError(`bins must be an integer ≥ 12, received ${bins}`);
  }
  const expectedMass = options.expectedMass ?? LAMBDA_MASS_GEV;
  if (!(expectedMass > range[0] && expectedMass < range[1])) {
    throw new RangeError(
      `expectedMass must lie inside the range (${range[0]}, ${range[1]}), ` +
        `received ${expectedMass}` +
        (options.expectedMass === undefined ? ' (the default, m_Λ); pass expectedMass' : ''),
    );
  }
  const windowSigmas = options.windowSigmas ?? 3;
  if (!(windowSigmas > 0 && Number.isFinite(windowSigmas))) {
    throw new RangeError(`windowSigmas must be a finite number > 0, received ${windowSigmas}`);
  }
  const window = options.window;
  if (
    window !== undefined &&
    (window.length !== 2 ||
      !Number.isFinite(window[0]) ||
      !Number.isFinite(window[1]) ||
      window[0] >= window[1])
  ) {
    throw new RangeError(
      `window must be [low, high] with finite low < high, received ${JSON.stringify(window)}`,
    );
  }

  const width = range[1] - range[0];
  const binWidth = width / bins;
  const bounds: Record<MassFitParameterName, ParameterBounds> = {
    signalYield: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    mean: [range[0] + 0.05 * width, range[1] - 0.05 * width],
    sigma: [binWidth / 4, width / 8],
    alphaLeft: [0.3, 6],
    nLeft: [1.05, 50],
    alphaRight: [0.3, 6],
    nRight: [1.05, 50],
    backgroundYieldLow: [0, Number.POSITIVE_INFINITY],
    backgroundYieldMiddle: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
    backgroundYieldHigh: [0, Number.POSITIVE_INFINITY],
  };
  for (const [name, given] of Object.entries(options.bounds ?? {})) {
    checkName(name, 'bounds');
    if (
      !Array.isArray(given) ||
      given.length !== 2 ||
      Number.isNaN(given[0]) ||
      Number.isNaN(given[1]) ||
      !(given[0] < given[1])
    ) {
      throw new RangeError(
        `bounds.${name} must be [low, high] with low < high, received ${JSON.stringify(given)}`,
      );
    }
    bounds[name as MassFitParameterName] = [given[0], given[1]];
  }
  if (bounds.sigma[0] <= 0) {
    throw new RangeError(`bounds.sigma must keep sigma > 0, received [${bounds.sigma}]`);
  }

  const fixed = options.fixed ?? DEFAULT_FIXED_PARAMETERS;
  for (const [name, value] of Object.entries(fixed)) {
    checkName(name, 'fixed');
    checkDomain(name as MassFitParameterName, value, 'fixed');
  }
  for (const [name, value] of Object.entries(options.initial ?? {})) {
    checkName(name, 'initial');
    checkDomain(name as MassFitParameterName, value, 'initial');
    const [low, high] = bounds[name as MassFitParameterName];
    if (fixed[name as MassFitParameterName] === undefined && !(value >= low && value <= high)) {
      throw new RangeError(
        `initial.${name} must lie within its bounds [${low}, ${high}], received ${value}`,
      );
    }
  }
  return { range: [range[0], range[1]], bins, expectedMass, fixed, bounds, windowSigmas, window };
}

function checkName(name: string, option: string): void {
  if (!(MASS_FIT_PARAMETERS as readonly string[]).includes(name)) {
    throw new RangeError(
      `${option} names an unknown parameter '${name}'; valid names are ` +
        MASS_FIT_PARAMETERS.join(', '),
    );
  }
}

function checkDomain(name: MassFitParameterName, value: number | undefined, option: string): void {
  if (value === undefined) return;
  if (!Number.isFinite(value)) {
    throw new RangeError(`${option}.${name} must be a finite number, received ${value}`);
  }
  if ((name === 'sigma' || name === 'alphaLeft' || name === 'alphaRight') && !(value > 0)) {
    throw new RangeError(`${option}.${name} must be > 0, received ${value}`);
  }
  if ((name === 'nLeft' || name === 'nRight') && !(value > 1)) {
    throw new RangeError(`${option}.${name} must be > 1, received ${value}`);
  }
}
