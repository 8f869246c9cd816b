/**
 * Second derivatives of a scalar function by central finite differences.
 *
 * Diagonal: ∂²f/∂xᵢ² ≈ [f(x + hᵢeᵢ) − 2f(x) + f(x − hᵢeᵢ)] / hᵢ².
 * Off-diagonal: ∂²f/∂xᵢ∂xⱼ ≈ [f(++) − f(+−) − f(−+) + f(−−)] / (4hᵢhⱼ), with ± the signs of the
 * steps along i and j. Both are exact for quadratics and have O(h²) truncation error.
 */

/** The Hessian of `objective` at `point` with per-coordinate steps `steps`. */
export function numericalHessian(
  objective: (point: readonly number[]) => number,
  point: readonly number[],
  steps: readonly number[],
): number[][] {
  const size = point.length;
  const center = objective(point);
  const hessian = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  const shifted = (i: number, si: number, j = -1, sj = 0): number => {
    const moved = [...point];
    moved[i] += si * steps[i];
    if (j >= 0) moved[j] += sj * steps[j];
    return objective(moved);
  };

  for (let i = 0; i < size; i++) {
    hessian[i][i] = (shifted(i, 1) - 2 * center + shifted(i, -1)) / (steps[i] * steps[i]);
    for (let j = 0; j < i; j++) {
      const value =
        (shifted(i, 1, j, 1) -
          shifted(i, 1, j, -1) -
          shifted(i, -1, j, 1) +
          shifted(i, -1, j, -1)) /
        (4 * steps[i] * steps[j]);
      hessian[i][j] = value;
      hessian[j][i] = value;
    }
  }
  return hessian;
}
