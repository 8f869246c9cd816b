/**
 * A fixed permutation π of the features, placed between coupling layers so that every feature
 * is transformed by some layer and conditions others:
 *   forward:  zᵢ = x_π(i),     log|det ∂z/∂x| = 0
 *   inverse:  xⱼ = z_π⁻¹(j),   log|det ∂x/∂z| = 0
 * The order is drawn from a seed (`new Permutation({ dimension, seed })`), given explicitly
 * (`order`), or reversed ({@link reversePermutation}). In ONNX it is a `Gather` on axis 1 with
 * int64 indices.
 */

import { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkInteger } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import { registerTransform } from './registry.js';
import type { Direction, Transform, TransformConfig, TransformResult } from './transform.js';
import { checkBatch, repeatLogDetOnnx } from './unconditional.js';

export interface PermutationOptions {
  dimension: number;
  /** π as a list: output feature i is input feature order[i]. Overrides `seed`. */
  order?: ArrayLike<number>;
  /** Seed of a random order, used when `order` is absent. Defaults to 0. */
  seed?: number;
}

type GatherFn = (x: tf.Tensor2D) => tf.Tensor2D;

export class Permutation implements Transform {
  readonly type = 'permutation';
  readonly dimension: number;
  readonly contextDimension = 0;
  /** π: output feature i is input feature order[i]. */
  readonly order: Int32Array;
  /** π⁻¹. */
  readonly inverseOrder: Int32Array;
  private readonly orderTensor: tf.Tensor1D;
  private readonly inverseOrderTensor: tf.Tensor1D;
  private readonly forwardGather: GatherFn;
  private readonly inverseGather: GatherFn;

  constructor(options: PermutationOptions) {
    const { dimension, seed = 0 } = options;
    checkInteger('dimension', dimension);
    this.dimension = dimension;
    if (options.order !== undefined) {
      this.order = checkOrder(options.order, dimension);
    } else {
      checkArgument(Number.isFinite(seed), 'seed', seed, 'a finite number');
      this.order = new SeededRandom(seed).permutation(dimension);
    }
    this.inverseOrder = new Int32Array(dimension);
    this.order.forEach((from, i) => {
      this.inverseOrder[from] = i;
    });
    this.orderTensor = tf.keep(tf.tensor1d(this.order, 'int32'));
    this.inverseOrderTensor = tf.keep(tf.tensor1d(this.inverseOrder, 'int32'));
    this.forwardGather = permuteColumns(this.orderTensor, this.inverseOrderTensor);
    this.inverseGather = permuteColumns(this.inverseOrderTensor, this.orderTensor);
  }

  /** Context, if any, is ignored. */
  forwardAndLogDet(x: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(x, this.dimension);
    return tf.tidy(() => ({
      output: this.forwardGather(x),
      logDet: tf.zeros([x.shape[0]]) as tf.Tensor1D,
    }));
  }

  inverseAndLogDet(y: tf.Tensor2D, _context?: tf.Tensor2D): TransformResult {
    checkBatch(y, this.dimension);
    return tf.tidy(() => ({
      output: this.inverseGather(y),
      logDet: tf.zeros([y.shape[0]]) as tf.Tensor1D,
    }));
  }

  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    _context?: string,
  ): TransformResult<string> {
    const order = direction === 'forward' ? this.order : this.inverseOrder;
    const indices = graph.int64('order', Array.from(order));
    const output = graph.op('Gather', [input, indices], { axis: 1 });
    return { output, logDet: repeatLogDetOnnx(graph, input, 0) };
  }

  variables(): NamedVariable[] {
    return [];
  }

  toConfig(): TransformConfig {
    return { type: this.type, dimension: this.dimension, order: Array.from(this.order) };
  }

  dispose(): void {
    this.orderTensor.dispose();
    this.inverseOrderTensor.dispose();
  }
}

/** The permutation that reverses the features: π(i) = D − 1 − i. */
export function reversePermutation(dimension: number): Permutation {
  checkInteger('dimension', dimension);
  return new Permutation({
    dimension,
    order: Array.from({ length: dimension }, (_, i) => dimension - 1 - i),
  });
}

function checkOrder(order: ArrayLike<number>, dimension: number): Int32Array {
  const values = Array.from(order);
  checkArgument(
    values.length === dimension,
    'length of order',
    values.length,
    `the dimension ${dimension}`,
  );
  const seen = new Set(values);
  checkArgument(
    values.every((v) => Number.isInteger(v) && v >= 0 && v < dimension) && seen.size === dimension,
    'order',
    values,
    `a permutation of 0..${dimension - 1}`,
  );
  return Int32Array.from(values);
}

/**
 * Column gather with its gradient written as the inverse gather. Why not tf.gather's own
 * gradient: it needs UnsortedSegmentSum, which the WebAssembly backend lacks.
 */
function permuteColumns(indices: tf.Tensor1D, inverseIndices: tf.Tensor1D): GatherFn {
  return tf.customGrad(((x: tf.Tensor2D) => ({
    value: tf.gather(x, indices, 1) as tf.Tensor2D,
    gradFunc: (dy: tf.Tensor2D) => [tf.gather(dy, inverseIndices, 1)],
  })) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as GatherFn;
}

registerTransform(
  'permutation',
  (config) => new Permutation(config as unknown as PermutationOptions),
);
