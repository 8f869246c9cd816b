/**
 * The contract every flowda transform follows.
 *
 * A transform f is a bijection of R^D, optionally conditioned on a context vector c. It
 * implements one fused method per direction, returning the image and log|det J| together:
 *   forwardAndLogDet(x, c)  → (y = f(x; c),  log|det ∂f/∂x|)
 *   inverseAndLogDet(y, c)  → (x = f⁻¹(y; c), log|det ∂f⁻¹/∂y|)
 * The inverse log-det is minus the forward one evaluated at x = f⁻¹(y). In flowda the forward
 * direction always maps data towards the base distribution (normalising direction).
 *
 * Each transform also writes the same maths into an ONNX graph, so exported models agree with
 * tfjs by construction of one file, not by keeping two files in step.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';

export interface TransformResult<T extends tf.Tensor2D | string = tf.Tensor2D> {
  /** The transformed batch, shape [batch, D]. */
  output: T;
  /** log|det J| per event, shape [batch]. */
  logDet: T extends string ? string : tf.Tensor1D;
}

export type Direction = 'forward' | 'inverse';

/** A JSON description from which {@link createTransform} rebuilds a transform's structure. */
export interface TransformConfig {
  type: string;
  [key: string]: unknown;
}

export interface Transform {
  /** Registry key for serialisation, e.g. `'masked-affine-coupling'`. */
  readonly type: string;
  /** Event dimension D. */
  readonly dimension: number;
  /** Width of the context vector; 0 for an unconditional transform. */
  readonly contextDimension: number;

  forwardAndLogDet(x: tf.Tensor2D, context?: tf.Tensor2D): TransformResult;
  inverseAndLogDet(y: tf.Tensor2D, context?: tf.Tensor2D): TransformResult;

  /** Writes one direction into `graph`; `input` and `context` are value names in the graph. */
  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    context?: string,
  ): TransformResult<string>;

  /** Trainable and state variables, named uniquely within the transform. */
  variables(): NamedVariable[];
  toConfig(): TransformConfig;
  dispose(): void;
}
