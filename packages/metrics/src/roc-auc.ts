/**
 * The area under the ROC curve of a classifier: the probability that a random positive event
 * scores above a random negative one, ties counting one half (the Mann–Whitney U statistic over
 * n₊·n₋):
 *
 *   AUC = Σ_{i∈+} Σ_{j∈−} w_i w_j ([s_i > s_j] + ½[s_i = s_j]) / (W₊ W₋)
 *
 * with unit weights unless `weights` are given (W₊, W₋ are the class totals, which must be
 * positive). 1 for perfectly separated classes, ½ for a score that carries no information.
 * O(n log n): events are sorted by score and each group of tied scores is counted at once.
 *
 * @param scores one classifier output per event
 * @param labels 1 for the positive class (signal), 0 for the negative (background)
 * @param weights optional per-event weights, such as HiggsML's `Weight`
 */
export function rocAuc(
  scores: ArrayLike<number>,
  labels: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  const n = scores.length;
  if (labels.length !== n) {
    throw new RangeError(`labels has ${labels.length} entries but scores has ${n}`);
  }
  if (weights !== undefined && weights.length !== n) {
    throw new RangeError(`weights has ${weights.length} entries but scores has ${n}`);
  }
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`scores[${i}] is NaN`);
    if (labels[i] !== 0 && labels[i] !== 1) {
      throw new RangeError(`labels[${i}] must be 0 or 1, got ${labels[i]}`);
    }
    if (weights !== undefined && !Number.isFinite(weights[i])) {
      throw new RangeError(`weights[${i}] must be finite, got ${weights[i]}`);
    }
  }

  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((left, right) => scores[left] - scores[right]);

  let totalPositive = 0;
  let totalNegative = 0;
  let area = 0;
  let start = 0;
  while (start < n) {
    // One group of tied scores: count its weight per class.
    const score = scores[order[start]];
    let end = start;
    let groupPositive = 0;
    let groupNegative = 0;
    while (end < n && scores[order[end]] === score) {
      const event = order[end];
      const weight = weights === undefined ? 1 : weights[event];
      if (labels[event] === 1) groupPositive += weight;
      else groupNegative += weight;
      end++;
    }
    // Positives of this group beat every negative below it and tie with those in it.
    area += groupPositive * (totalNegative + 0.5 * groupNegative);
    totalPositive += groupPositive;
    totalNegative += groupNegative;
    start = end;
  }

  if (!(totalPositive > 0) || !(totalNegative > 0)) {
    throw new RangeError(
      `rocAuc needs events of both classes with positive total weight, got ${totalPositive} ` +
        `positive and ${totalNegative} negative`,
    );
  }
  return area / (totalPositive * totalNegative);
}
