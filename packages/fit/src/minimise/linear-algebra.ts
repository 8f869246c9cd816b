/**
 * Small dense symmetric linear algebra for the minimiser: Cholesky factorisation, solves and
 * inverses of positive-definite matrices (row arrays, a few tens of rows at most).
 */

/**
 * Lower-triangular L with A = L·Lᵀ, or null when A is not (numerically) positive definite.
 */
export function cholesky(matrix: readonly (readonly number[])[]): number[][] | null {
  const size = matrix.length;
  const lower = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (i === j) {
        if (!(sum > 0) || !Number.isFinite(sum)) return null;
        lower[i][i] = Math.sqrt(sum);
      } else {
        lower[i][j] = sum / lower[j][j];
      }
    }
  }
  return lower;
}

/** Solves L·Lᵀ·x = b for x given the Cholesky factor L. */
export function choleskySolve(
  lower: readonly (readonly number[])[],
  rhs: readonly number[],
): number[] {
  const size = lower.length;
  const y = new Array<number>(size);
  for (let i = 0; i < size; i++) {
    let sum = rhs[i];
    for (let k = 0; k < i; k++) sum -= lower[i][k] * y[k];
    y[i] = sum / lower[i][i];
  }
  const x = new Array<number>(size);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i];
    for (let k = i + 1; k < size; k++) sum -= lower[k][i] * x[k];
    x[i] = sum / lower[i][i];
  }
  return x;
}

/** The inverse of a positive-definite matrix, or null when it is not positive definite. */
export function inversePositiveDefinite(matrix: readonly (readonly number[])[]): number[][] | null {
  const size = matrix.length;

  // Why: scaling to unit diagonal first keeps the factorisation accurate when parameters differ
  // by many orders of magnitude (yields of 10⁴ next to a width of 10⁻³).
  const scale = matrix.map((row, i) => 1 / Math.sqrt(Math.abs(row[i]) || 1));
  const scaled = matrix.map((row, i) => row.map((value, j) => value * scale[i] * scale[j]));
  const lower = cholesky(scaled);
  if (!lower) return null;

  const inverse = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let j = 0; j < size; j++) {
    const unit = new Array<number>(size).fill(0);
    unit[j] = 1;
    const column = choleskySolve(lower, unit);
    for (let i = 0; i < size; i++) inverse[i][j] = column[i] * scale[i] * scale[j];
  }

  // Symmetrise against round-off.
  for (let i = 0; i < size; i++) {
    for (let j = 0; j < i; j++) {
      const mean = (inverse[i][j] + inverse[j][i]) / 2;
      inverse[i][j] = mean;
      inverse[j][i] = mean;
    }
  }
  return inverse;
}
