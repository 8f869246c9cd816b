/**
 * Equal-width binning of invariant masses over the fit range.
 */

/** Counts of masses in equal-width bins over [low, high). */
export interface MassHistogram {
  /** Bin edges, `bins + 1` values from low to high. */
  edges: Float64Array;
  /** Events per bin. */
  counts: Float64Array;
  /** Events inside [low, high). */
  inRange: number;
  /** Events below low or at/above high. */
  outsideRange: number;
}

/**
 * Bins `masses` into `bins` equal-width bins over [low, high).
 *
 * @throws RangeError naming the index and value of the first mass that is not a finite number.
 */
export function binMasses(
  masses: ArrayLike<number>,
  low: number,
  high: number,
  bins: number,
): MassHistogram {
  const edges = new Float64Array(bins + 1);
  const width = (high - low) / bins;
  for (let i = 0; i <= bins; i++) edges[i] = low + i * width;
  edges[bins] = high;

  const counts = new Float64Array(bins);
  let inRange = 0;
  for (let index = 0; index < masses.length; index++) {
    const mass = masses[index];
    if (!Number.isFinite(mass)) {
      throw new RangeError(`masses[${index}] is ${mass}; every mass must be a finite number`);
    }
    if (mass < low || mass >= high) continue;
    // Why: floor of the scaled position can land one bin off at an edge; compare with the edges.
    let bin = Math.min(bins - 1, Math.floor((mass - low) / width));
    if (mass < edges[bin]) bin--;
    else if (bin + 1 < bins && mass >= edges[bin + 1]) bin++;
    counts[bin]++;
    inRange++;
  }
  return { edges, counts, inRange, outsideRange: masses.length - inRange };
}
