/**
 * Histograms of every variable for the distortion-reversal figure: ideal, distorted, and the two
 * reversals, on one range per variable.
 */

import type { Matrix } from '@flowda/io';
import { commonRange, type DistortionCase, histogramData } from '@flowda/report';
import { columnValues } from './matrix-columns.js';

/** One histogram set per variable, binned over the range of the ideal and distorted samples. */
export function distortionHistograms(
  variables: readonly string[],
  ideal: Matrix,
  samples: { distorted: Matrix; unconditional: Matrix; conditional: Matrix },
  settings: { bins: number; units: Readonly<Record<string, string>> },
): Pick<DistortionCase, 'histograms'> {
  return {
    histograms: variables.map((name, index) => {
      const idealValues = columnValues(ideal, index);
      const distortedValues = columnValues(samples.distorted, index);
      const [low, high] = commonRange([idealValues, distortedValues], 0.002);
      const bin = (values: Float64Array) => histogramData(values, low, high, settings.bins);
      return {
        variable: { name, unit: settings.units[name] ?? '' },
        ideal: bin(idealValues),
        distorted: bin(distortedValues),
        unconditional: bin(columnValues(samples.unconditional, index)),
        conditional: bin(columnValues(samples.conditional, index)),
      };
    }),
  };
}
