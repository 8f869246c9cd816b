/**
 * Classifier outputs for a whole sample, before and after the domain chain: the raw features go
 * straight to the classifier (standardised as its simulation training set), the transformed ones
 * first through data-flow → latent → sim-flow⁻¹.
 */

import { type AdaptResult, mapRows } from '@flowda/adapt';
import type { Matrix } from '@flowda/io';

/** p(signal | x) per candidate for raw and for transformed features. */
export interface CandidateScores {
  raw: Float32Array;
  transformed: Float32Array;
}

/**
 * Scores every row of `features` (raw units, the adapt run's feature order).
 *
 * @throws RangeError when the column count differs from the run's features
 */
export function scoreCandidates(result: AdaptResult, features: Matrix): CandidateScores {
  const expected = result.metrics.features.length;
  if (features.cols !== expected) {
    throw new RangeError(
      `features has ${features.cols} columns, the adapt run has ${expected} (${result.metrics.features.join(', ')})`,
    );
  }
  const standardizer = result.simulationStandardizer;
  const score = (raw: Matrix): Float32Array => {
    const standardised = standardizer.transform(raw);
    const inputs: Matrix =
      standardised.data instanceof Float32Array
        ? standardised
        : {
            rows: standardised.rows,
            cols: standardised.cols,
            data: Float32Array.from(standardised.data),
          };
    return mapRows(inputs, 1, (batch) => result.classifier.predict(batch)).data as Float32Array;
  };
  return { raw: score(features), transformed: score(result.chain.transform(features)) };
}
