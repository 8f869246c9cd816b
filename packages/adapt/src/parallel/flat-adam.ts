/**
 * Adam (Kingma & Ba 2014, arXiv:1412.6980) over one contiguous range of a flat float32 parameter
 * vector, with the constants and the order of operations of `tf.train.adam`:
 *   m ← β₁·m + (1−β₁)·g,   v ← β₂·v + (1−β₂)·g²
 *   w ← w − η·(m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε)
 * with β₁ = 0.9, β₂ = 0.999 and ε = 1e-7 (tfjs's epsilon for float32 backends). The moments are
 * stored in float32 like tfjs stores them; the arithmetic of one element runs in double
 * precision, so results agree with tfjs's to float32 rounding, not bit for bit.
 */
import { checkArgument } from '@flowda/core';

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-7;

export class FlatAdam {
  readonly learningRate: number;
  /** First index of the range this optimiser owns. */
  readonly from: number;
  /** One past the last index. */
  readonly to: number;
  private readonly firstMoment: Float32Array;
  private readonly secondMoment: Float32Array;
  // Why float32 products: tfjs keeps β₁ᵗ and β₂ᵗ in float32 scalars, multiplied once per step.
  private beta1Power = Math.fround(BETA1);
  private beta2Power = Math.fround(BETA2);

  constructor(learningRate: number, from: number, to: number) {
    checkArgument(learningRate > 0, 'learningRate', learningRate, 'positive');
    checkArgument(
      Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to,
      'parameter range',
      `[${from}, ${to})`,
      'a range of indices with 0 ≤ from ≤ to',
    );
    this.learningRate = learningRate;
    this.from = from;
    this.to = to;
    this.firstMoment = new Float32Array(to - from);
    this.secondMoment = new Float32Array(to - from);
  }

  /**
   * One step on `weights[from..to)` with the gradient g = scale·(Σ parts)[from..to), one or two
   * parts added in order: two threads' partial gradients are summed and applied in one pass over
   * memory. Every array is indexed like the whole parameter vector.
   */
  update(weights: Float32Array, parts: readonly Float32Array[], scale = 1): void {
    checkArgument(
      parts.length === 1 || parts.length === 2,
      'number of gradient parts',
      parts.length,
      '1 or 2',
    );
    const { from, to } = this;
    const correction1 = 1 / Math.fround(1 - this.beta1Power);
    const correction2 = 1 / Math.fround(1 - this.beta2Power);
    const [a, b] = parts;
    if (b) {
      for (let i = from; i < to; i++) {
        this.apply(weights, i, (a[i] + b[i]) * scale, correction1, correction2);
      }
    } else {
      for (let i = from; i < to; i++)
        this.apply(weights, i, a[i] * scale, correction1, correction2);
    }
    this.beta1Power = Math.fround(this.beta1Power * Math.fround(BETA1));
    this.beta2Power = Math.fround(this.beta2Power * Math.fround(BETA2));
  }

  /**
   * Adam on element i with gradient g. Why reciprocal corrections: one multiplication per
   * element instead of two divisions.
   */
  private apply(
    weights: Float32Array,
    i: number,
    g: number,
    inverseCorrection1: number,
    inverseCorrection2: number,
  ): void {
    const k = i - this.from;
    const first = BETA1 * this.firstMoment[k] + (1 - BETA1) * g;
    const second = BETA2 * this.secondMoment[k] + (1 - BETA2) * g * g;
    this.firstMoment[k] = first;
    this.secondMoment[k] = second;
    weights[i] -=
      (this.learningRate * first * inverseCorrection1) /
      (Math.sqrt(second * inverseCorrection2) + EPSILON);
  }
}
