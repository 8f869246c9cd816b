/**
 * Starting values of the mass fit, estimated from the histogram.
 *
 * The background is a weighted least-squares fit of the three Bernstein bin integrals to the
 * sidebands (bins farther than 10 % of the range from the expected mass, weights 1/max(n, 1)).
 * The signal yield is the excess over that background in the central region, its width the r.m.s.
 * of the excess, clipped to [bin width, range / 20]. The mean starts at the expected mass.
 */

import { bernsteinPrimitive } from './bernstein-background.js';
import type { MassModelParameters } from './mass-model.js';
import { cholesky, choleskySolve } from './minimise/linear-algebra.js';

/** Histogram-based starting values for every parameter. */
export function estimateStartingValues(
  edges: Float64Array,
  counts: Float64Array,
  expectedMass: number,
): MassModelParameters {
  const bins = counts.length;
  const low = edges[0];
  const high = edges[bins];
  const width = high - low;
  const binWidth = width / bins;
  let total = 0;
  for (let i = 0; i < bins; i++) total += counts[i];

  // Bernstein integrals per bin, the design matrix of the sideband fit.
  const basis: [number, number, number][] = [];
  for (let i = 0; i < bins; i++) {
    const row: [number, number, number] = [0, 0, 0];
    for (let k = 0; k < 3; k++) {
      const unit = [0, 0, 0] as [number, number, number];
      unit[k] = 1;
      row[k] =
        bernsteinPrimitive((edges[i + 1] - low) / width, unit) -
        bernsteinPrimitive((edges[i] - low) / width, unit);
    }
    basis.push(row);
  }

  const halfExclusion = 0.1 * width;
  const normal = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  const rhs = [0, 0, 0];
  let sidebandBins = 0;
  for (let i = 0; i < bins; i++) {
    const centre = (edges[i] + edges[i + 1]) / 2;
    if (Math.abs(centre - expectedMass) < halfExclusion) continue;
    sidebandBins++;
    const weight = 1 / Math.max(counts[i], 1);
    for (let j = 0; j < 3; j++) {
      rhs[j] += weight * basis[i][j] * counts[i];
      for (let k = 0; k < 3; k++) normal[j][k] += weight * basis[i][j] * basis[i][k];
    }
  }
  let background: [number, number, number] = [total / 6, total / 6, total / 6];
  const lower = sidebandBins >= 6 ? cholesky(normal) : null;
  if (lower) {
    const solution = choleskySolve(lower, rhs);
    if (solution.every(Number.isFinite)) {
      background = [solution[0], solution[1], solution[2]];
    }
  }

  // Keep the starting background inside the non-negative region with a little room.
  const floor = Math.max(total, 1) * 1e-3;
  background[0] = Math.max(background[0], floor);
  background[2] = Math.max(background[2], floor);
  if (background[1] < 0 && background[1] ** 2 > background[0] * background[2]) background[1] = 0;

  // Excess over the background in the central region.
  let excess = 0;
  let excessMoment = 0;
  for (let i = 0; i < bins; i++) {
    const centre = (edges[i] + edges[i + 1]) / 2;
    if (Math.abs(centre - expectedMass) >= halfExclusion) continue;
    const expectedBackground =
      background[0] * basis[i][0] + background[1] * basis[i][1] + background[2] * basis[i][2];
    const binExcess = counts[i] - expectedBackground;
    if (binExcess <= 0) continue;
    excess += binExcess;
    excessMoment += binExcess * (centre - expectedMass) ** 2;
  }
  const signalYield = Math.max(excess, Math.sqrt(Math.max(total, 1)));
  const rms = excess > 0 ? Math.sqrt(excessMoment / excess) : 2 * binWidth;
  const sigma = Math.min(Math.max(rms, binWidth), width / 20);

  // Rescale the background so that the starting yields add up to the events seen.
  const backgroundSum = background[0] + background[1] + background[2];
  const remaining = total - signalYield;
  if (backgroundSum > 0 && remaining > 0) {
    const factor = remaining / backgroundSum;
    background = [background[0] * factor, background[1] * factor, background[2] * factor];
  }

  return {
    signalYield,
    mean: expectedMass,
    sigma,
    alphaLeft: 1.5,
    nLeft: 5,
    alphaRight: 1.5,
    nRight: 5,
    backgroundYieldLow: background[0],
    backgroundYieldMiddle: background[1],
    backgroundYieldHigh: background[2],
  };
}
