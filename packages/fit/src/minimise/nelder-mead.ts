/**
 * Nelder–Mead downhill simplex minimisation with restarts.
 *
 * Reflection, expansion, contraction and shrink use the dimension-adaptive coefficients of
 * Gao & Han (Comput. Optim. Appl. 51 (2012) 259): reflection 1, expansion 1 + 2/n, contraction
 * 0.75 − 1/(2n), shrink 1 − 1/n. Non-finite function values (a wall) are treated as +∞. After the
 * simplex collapses, it is rebuilt around the best point and the search restarts, until a restart
 * improves the minimum by less than the tolerance.
 */

/** Result of a Nelder–Mead search. */
export interface NelderMeadResult {
  /** Best point found. */
  point: number[];
  /** Function value at `point`. */
  value: number;
  /** Function evaluations used. */
  evaluations: number;
}

/** Settings of `nelderMead`. */
export interface NelderMeadOptions {
  /** Initial step of each coordinate when building a simplex. */
  steps: readonly number[];
  /** Stop when the spread of values on the simplex falls below this. */
  tolerance: number;
  /** Budget of function evaluations over all restarts. */
  maxEvaluations: number;
  /** Restarts after the first collapse. */
  restarts: number;
}

/** Minimises `objective` from `start`. */
export function nelderMead(
  objective: (point: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions,
): NelderMeadResult {
  const size = start.length;
  let evaluations = 0;
  const evaluate = (point: readonly number[]): number => {
    evaluations++;
    const value = objective(point);
    return Number.isNaN(value) ? Number.POSITIVE_INFINITY : value;
  };

  let best = [...start];
  let bestValue = evaluate(best);
  if (size === 0) return { point: best, value: bestValue, evaluations };

  const reflection = 1;
  const expansion = 1 + 2 / size;
  const contraction = 0.75 - 1 / (2 * size);
  const shrink = size > 1 ? 1 - 1 / size : 0.5;

  for (let round = 0; round <= options.restarts; round++) {
    const simplex: number[][] = [best];
    const values: number[] = [bestValue];
    for (let j = 0; j < size; j++) {
      const vertex = [...best];
      vertex[j] += options.steps[j];
      simplex.push(vertex);
      values.push(evaluate(vertex));
    }

    while (evaluations < options.maxEvaluations) {
      const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
      const sortedSimplex = order.map((i) => simplex[i]);
      const sortedValues = order.map((i) => values[i]);
      for (let i = 0; i <= size; i++) {
        simplex[i] = sortedSimplex[i];
        values[i] = sortedValues[i];
      }
      if (
        Number.isFinite(values[size]) &&
        Math.abs(values[size] - values[0]) <= options.tolerance
      ) {
        break;
      }

      const centroid = new Array<number>(size).fill(0);
      for (let i = 0; i < size; i++) {
        for (let j = 0; j < size; j++) centroid[j] += simplex[i][j] / size;
      }
      const worst = simplex[size];
      const along = (factor: number): number[] =>
        centroid.map((c, j) => c + factor * (c - worst[j]));

      const reflected = along(reflection);
      const reflectedValue = evaluate(reflected);
      if (reflectedValue < values[0]) {
        const expanded = along(expansion);
        const expandedValue = evaluate(expanded);
        if (expandedValue < reflectedValue) {
          simplex[size] = expanded;
          values[size] = expandedValue;
        } else {
          simplex[size] = reflected;
          values[size] = reflectedValue;
        }
        continue;
      }
      if (reflectedValue < values[size - 1]) {
        simplex[size] = reflected;
        values[size] = reflectedValue;
        continue;
      }

      const outside = reflectedValue < values[size];
      const contracted = along(outside ? contraction : -contraction);
      const contractedValue = evaluate(contracted);
      if (contractedValue < Math.min(reflectedValue, values[size])) {
        simplex[size] = contracted;
        values[size] = contractedValue;
        continue;
      }

      for (let i = 1; i <= size; i++) {
        simplex[i] = simplex[i].map((value, j) => simplex[0][j] + shrink * (value - simplex[0][j]));
        values[i] = evaluate(simplex[i]);
      }
    }

    let roundBest = 0;
    for (let i = 1; i <= size; i++) if (values[i] < values[roundBest]) roundBest = i;
    const improvement = bestValue - values[roundBest];
    if (values[roundBest] < bestValue) {
      best = simplex[roundBest];
      bestValue = values[roundBest];
    }
    if (round > 0 && !(improvement > options.tolerance)) break;
    if (evaluations >= options.maxEvaluations) break;
  }
  return { point: best, value: bestValue, evaluations };
}
