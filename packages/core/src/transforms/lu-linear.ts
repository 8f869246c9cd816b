/**
 * An invertible linear layer in LU form, W = P·L·U, with P a fixed permutation matrix, L unit
 * lower-triangular and U upper-triangular with a positive diagonal exp(d):
 *   forward:  z = W·x + b,          log|det ∂z/∂x| = Σᵢ dᵢ
 *   inverse:  x = W⁻¹·(z − b),      log|det ∂x/∂z| = −Σᵢ dᵢ
 * Trainable: the strict lower part of L, the strict upper part of U, d (`logDiagonal`) and b.
 * A batch of rows is mapped as Z = X·Wᵀ + b through the custom-gradient `dense` product.
 *
 * The inverse in tfjs inverts W explicitly on each call (float64 Gauss–Jordan, D×D, with the
 * gradient −W⁻ᵀ·G·W⁻ᵀ), which suits D up to a few hundred; the ONNX export writes W⁻¹, computed
 * in float64 at export time, as a constant of one `Gemm`. The layer starts near the identity:
 * d = 0, b = 0 and seeded off-diagonal entries of standard deviation `initialSpread`.
 *
 * References: Kingma & Dhariwal, "Glow: Generative flow with invertible 1x1 convolutions", 2018,
 * arXiv:1807.03039; Durkan et al., "Neural spline flows", 2019, arXiv:1906.04032.
 */

import { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkInteger } from '../errors.js';
import { dense } from '../nn/dense.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import { invertMatrix, matrixInverse } from './matrix-inverse.js';
import { registerTransform } from './registry.js';
import type { Direction, Transform, TransformConfig, TransformResult } from './transform.js';
import { checkBatch, repeatLogDet, repeatLogDetOnnx } from './unconditional.js';

export interface LULinearOptions {
  dimension: number;
  /** Seed of the initial off-diagonal entries. Defaults to 0. */
  seed?: number;
  /** The fixed permutation P: row i of W is row order[i] of L·U. Defaults to the identity. */
  order?: ArrayLike<number>;
  /** Standard deviation of the initial off-diagonal entries. Defaults to 0.01. */
  initialSpread?: number;
}

export class LULinear implements Transform {
  readonly type = 'lu-linear';
  readonly dimension: number;
  readonly contextDimension = 0;
  readonly order: Int32Array;
  /** Entries below the diagonal are L's; the rest are unused. Shape [D, D]. */
  readonly lower: tf.Variable<tf.Rank.R2>;
  /** Entries above the diagonal are U's; the rest are unused. Shape [D, D]. */
  readonly upper: tf.Variable<tf.Rank.R2>;
  /** d, with diag(U) = exp(d). Shape [D]. */
  readonly logDiagonal: tf.Variable<tf.Rank.R1>;
  /** b. Shape [D]. */
  readonly bias: tf.Variable<tf.Rank.R1>;
  private readonly options: Required<Omit<LULinearOptions, 'order'>> & { order: number[] };
  private readonly lowerMask: tf.Tensor2D;
  private readonly upperMask: tf.Tensor2D;
  private readonly identity: tf.Tensor2D;
  private readonly permutationMatrix: tf.Tensor2D;

  constructor(options: LULinearOptions) {
    const { dimension, seed = 0, initialSpread = 0.01 } = options;
    checkInteger('dimension', dimension);
    checkArgument(Number.isFinite(seed), 'seed', seed, 'a finite number');
    checkArgument(
      Number.isFinite(initialSpread) && initialSpread >= 0,
      'initialSpread',
      initialSpread,
      'a finite number >= 0',
    );
    const order =
      options.order === undefined ? identityOrder(dimension) : Array.from(options.order);
    checkArgument(
      order.length === dimension &&
        new Set(order).size === dimension &&
        order.every((v) => Number.isInteger(v) && v >= 0 && v < dimension),
      'order',
      order,
      `a permutation of 0..${dimension - 1}`,
    );
    this.dimension = dimension;
    this.order = Int32Array.from(order);
    this.options = { dimension, seed, initialSpread, order };

    const random = new SeededRandom(seed);
    const lower = new Float32Array(dimension * dimension);
    const upper = new Float32Array(dimension * dimension);
    for (let i = 0; i < dimension; i++) {
      for (let j = 0; j < dimension; j++) {
        if (j < i) lower[i * dimension + j] = initialSpread * random.normal();
        if (j > i) upper[i * dimension + j] = initialSpread * random.normal();
      }
    }
    const shape: [number, number] = [dimension, dimension];
    this.lower = tf.tidy(() => tf.variable(tf.tensor2d(lower, shape), true, undefined, 'float32'));
    this.upper = tf.tidy(() => tf.variable(tf.tensor2d(upper, shape), true, undefined, 'float32'));
    this.logDiagonal = tf.tidy(() =>
      tf.variable(tf.zeros([dimension]), true, undefined, 'float32'),
    );
    this.bias = tf.tidy(() => tf.variable(tf.zeros([dimension]), true, undefined, 'float32'));

    const lowerMask = new Float32Array(dimension * dimension);
    const upperMask = new Float32Array(dimension * dimension);
    const permutation = new Float32Array(dimension * dimension);
    for (let i = 0; i < dimension; i++) {
      for (let j = 0; j < dimension; j++) {
        lowerMask[i * dimension + j] = j < i ? 1 : 0;
        upperMask[i * dimension + j] = j > i ? 1 : 0;
      }
      permutation[i * dimension + order[i]] = 1;
    }
    this.lowerMask = tf.keep(tf.tensor2d(lowerMask, shape));
    this.upperMask = tf.keep(tf.tensor2d(upperMask, shape));
    this.identity = tf.keep(tf.eye(dimension) as tf.Tensor2D);
    this.permutationMatrix = tf.keep(tf.tensor2d(permutation, shape));
  }

  /** Context, if any, is ignored. */
  forwardAndLogDet(x: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(x, this.dimension);
    return tf.tidy(() => ({
      output: dense(x, tf.transpose(this.weightTensor()), this.bias),
      logDet: repeatLogDet(x, tf.sum(this.logDiagonal)),
    }));
  }

  inverseAndLogDet(y: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(y, this.dimension);
    return tf.tidy(() => {
      const inverse = matrixInverse(this.weightTensor());
      const centred = tf.sub(y, this.bias) as tf.Tensor2D;
      return {
        output: dense(centred, tf.transpose(inverse), tf.zeros([this.dimension])),
        logDet: repeatLogDet(y, tf.neg(tf.sum(this.logDiagonal))),
      };
    });
  }

  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    _context?: string,
  ): TransformResult<string> {
    const d = this.dimension;
    const weight = this.weight();
    const bias = Float64Array.from(this.bias.dataSync());
    const logDetSum = Array.from(this.logDiagonal.dataSync()).reduce((a, b) => a + b, 0);
    const matrix = direction === 'forward' ? weight : invertMatrix(weight, d);
    // Gemm computes input·B + C, so B is the transpose of the matrix applied to columns.
    const transposed = new Float32Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) transposed[j * d + i] = matrix[i * d + j];
    }
    let offset = bias;
    if (direction === 'inverse') {
      // x = W⁻¹·z − W⁻¹·b.
      offset = new Float64Array(d);
      for (let i = 0; i < d; i++) {
        let sum = 0;
        for (let j = 0; j < d; j++) sum += matrix[i * d + j] * bias[j];
        offset[i] = -sum;
      }
    }
    const output = graph.op('Gemm', [
      input,
      graph.constant('weight', transposed, [d, d]),
      graph.constant('bias', Array.from(offset)),
    ]);
    const logDet = repeatLogDetOnnx(graph, input, direction === 'forward' ? logDetSum : -logDetSum);
    return { output, logDet };
  }

  /** W = P·L·U in float64, row-major [D, D], from the current variables. */
  weight(): Float64Array {
    const d = this.dimension;
    const lower = this.lower.dataSync();
    const upper = this.upper.dataSync();
    const diagonal = Array.from(this.logDiagonal.dataSync(), (v) => Math.exp(v));
    const product = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) {
        // (L·U)ᵢⱼ = Σₖ Lᵢₖ·Uₖⱼ over k ≤ min(i, j), with Lᵢᵢ = 1 and Uⱼⱼ = exp(dⱼ).
        let sum = 0;
        for (let k = 0; k <= Math.min(i, j); k++) {
          const l = k === i ? 1 : lower[i * d + k];
          const u = k === j ? diagonal[j] : upper[k * d + j];
          sum += l * u;
        }
        product[i * d + j] = sum;
      }
    }
    const weight = new Float64Array(d * d);
    for (let i = 0; i < d; i++) {
      weight.set(product.subarray(this.order[i] * d, (this.order[i] + 1) * d), i * d);
    }
    return weight;
  }

  variables(): NamedVariable[] {
    return [
      { name: 'lower', variable: this.lower },
      { name: 'upper', variable: this.upper },
      { name: 'logDiagonal', variable: this.logDiagonal },
      { name: 'bias', variable: this.bias },
    ];
  }

  toConfig(): TransformConfig {
    return { ...this.options, type: this.type, order: [...this.options.order] };
  }

  dispose(): void {
    for (const v of [this.lower, this.upper, this.logDiagonal, this.bias]) v.dispose();
    for (const t of [this.lowerMask, this.upperMask, this.identity, this.permutationMatrix]) {
      t.dispose();
    }
  }

  /** W = P·L·U as a differentiable tensor. */
  private weightTensor(): tf.Tensor2D {
    const l = tf.add(tf.mul(this.lower, this.lowerMask), this.identity) as tf.Tensor2D;
    const u = tf.add(
      tf.mul(this.upper, this.upperMask),
      tf.mul(this.identity, tf.exp(this.logDiagonal)),
    ) as tf.Tensor2D;
    return tf.matMul(this.permutationMatrix, tf.matMul(l, u));
  }
}

function identityOrder(dimension: number): number[] {
  return Array.from({ length: dimension }, (_, i) => i);
}

registerTransform('lu-linear', (config) => new LULinear(config as unknown as LULinearOptions));
