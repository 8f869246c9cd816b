import { rocAuc } from '@flowda/metrics';
import { describe, expect, it } from 'vitest';
import { seededUniform } from './random-samples.js';

/** The weighted Mann–Whitney sum over every positive–negative pair. */
function pairwiseAuc(scores: number[], labels: number[], weights: number[]): number {
  let area = 0;
  let positive = 0;
  let negative = 0;
  scores.forEach((_, i) => {
    if (labels[i] === 1) positive += weights[i];
    else negative += weights[i];
  });
  scores.forEach((si, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sj, j) => {
      if (labels[j] !== 0) return;
      const win = si > sj ? 1 : si === sj ? 0.5 : 0;
      area += weights[i] * weights[j] * win;
    });
  });
  return area / (positive * negative);
}

describe('rocAuc', () => {
  it('is 1 for perfectly separated classes, 0 reversed and ½ when every score ties', () => {
    const labels = [0, 0, 0, 1, 1];
    expect(rocAuc([0.1, 0.2, 0.3, 0.8, 0.9], labels)).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.7, 0.2, 0.1], labels)).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5, 0.5], labels)).toBe(0.5);
  });

  it('matches the pairwise count on scores with ties, with and without weights', () => {
    const uniform = seededUniform(21);
    const n = 300;
    const scores = Array.from({ length: n }, () => Math.floor(uniform() * 20) / 20);
    const labels = scores.map((score) => (uniform() < 0.3 + 0.4 * score ? 1 : 0));
    const weights = Array.from({ length: n }, () => 0.1 + uniform());

    expect(rocAuc(scores, labels)).toBeCloseTo(pairwiseAuc(scores, labels, Array(n).fill(1)), 12);
    expect(rocAuc(scores, labels, weights)).toBeCloseTo(pairwiseAuc(scores, labels, weights), 12);
  });

  it('rejects a single class, bad labels and mismatched lengths', () => {
    expect(() => rocAuc([1, 2], [1, 1])).toThrow('events of both classes');
    expect(() => rocAuc([1, 2], [0, 2])).toThrow('labels[1] must be 0 or 1, got 2');
    expect(() => rocAuc([1, 2], [0])).toThrow('labels has 1 entries but scores has 2');
    expect(() => rocAuc([Number.NaN, 2], [0, 1])).toThrow('scores[0] is NaN');
  });
});
