/**
 * Λ → pπ⁻ candidates as the study uses them: the classifier features, the measured invariant
 * mass (fitted, never a feature) and, where known, the truth label (used only for comparison).
 */

import type { Matrix } from '@flowda/io';
import { TOY_FEATURES } from '@flowda/toy';

/** Candidates of one domain. */
export interface LambdaCandidates {
  /** Feature columns, one row per candidate. */
  features: Matrix;
  /** Names of the feature columns. */
  featureNames: string[];
  /** Measured p π⁻ invariant mass per candidate, GeV. */
  masses: Float64Array;
  /** 1 for a Λ, 0 for background; required for simulation, truth only for data. */
  labels?: Float64Array;
}

/** A row-major table with named columns, such as `@flowda/toy`'s `LambdaToySample`. */
export interface NamedTable {
  columns: readonly string[];
  data: ArrayLike<number>;
  rows: number;
}

/**
 * Splits a toy table into features (`featureNames`, by default `TOY_FEATURES`), masses and
 * labels. The `mass` and `label` columns can never be features.
 *
 * @throws RangeError naming a missing column, or `mass`/`label` asked for as a feature
 */
export function candidatesFromTable(
  table: NamedTable,
  featureNames: readonly string[] = TOY_FEATURES,
  options: { withLabels?: boolean } = {},
): LambdaCandidates {
  const width = table.columns.length;
  if (table.data.length !== table.rows * width) {
    throw new RangeError(
      `table has ${table.data.length} values, expected rows × columns = ${table.rows} × ${width}`,
    );
  }
  const indexOf = (name: string): number => {
    const index = table.columns.indexOf(name);
    if (index < 0) {
      throw new RangeError(
        `column "${name}" is not in the table (columns: ${table.columns.join(', ')})`,
      );
    }
    return index;
  };
  for (const name of featureNames) {
    if (name === 'mass' || name === 'label') {
      throw new RangeError(
        `"${name}" cannot be a feature: the mass is what the fit measures and the label is the answer`,
      );
    }
  }
  const featureIndices = featureNames.map(indexOf);
  const massIndex = indexOf('mass');
  const labelIndex = options.withLabels === false ? -1 : table.columns.indexOf('label');

  const cols = featureIndices.length;
  const features = new Float64Array(table.rows * cols);
  const masses = new Float64Array(table.rows);
  const labels = labelIndex >= 0 ? new Float64Array(table.rows) : undefined;
  for (let row = 0; row < table.rows; row++) {
    const base = row * width;
    for (let c = 0; c < cols; c++) features[row * cols + c] = table.data[base + featureIndices[c]];
    masses[row] = table.data[base + massIndex];
    if (labels) labels[row] = table.data[base + labelIndex];
  }
  return {
    features: { rows: table.rows, cols, data: features },
    featureNames: [...featureNames],
    masses,
    labels,
  };
}
