/**
 * The masked coupling scheme shared by every coupling transform: split → conditioner → merge.
 *
 * With a binary mask b (ones kept, zeros transformed) and an element-wise bijection g whose
 * parameters θ come from a conditioner network fed the kept features (and a context c):
 *   θ = conditioner([b⊙x, c])
 *   y = b⊙x + (1−b)⊙g(x; θ)
 *   log|det ∂y/∂x| = Σᵢ (1−bᵢ)·log|g′(xᵢ; θᵢ)|
 * The Jacobian is triangular because θ depends only on the kept features, which y copies, so
 * the inverse reuses the same θ: x = b⊙y + (1−b)⊙g⁻¹(y; θ).
 *
 * Subclasses supply g (affine, spline, …) in tfjs and in ONNX; this class does the masking.
 *
 * References: Dinh, Sohl-Dickstein, Bengio, "Density estimation using Real NVP", 2016,
 * arXiv:1605.08803.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkBatch, checkInteger } from '../../errors.js';
import type { NamedVariable } from '../../nn/mlp.js';
import type { OnnxGraph } from '../../onnx/graph.js';
import type { Direction, Transform, TransformConfig, TransformResult } from '../transform.js';
import { checkMask } from './mask.js';

/** The element-wise map's result before merging: values and log|g′| for every feature. */
export interface ElementwiseResult<T> {
  output: T;
  logAbsDerivative: T;
}

export abstract class MaskedCoupling implements Transform {
  abstract readonly type: string;
  readonly dimension: number;
  readonly contextDimension: number;
  readonly mask: Float32Array;
  private readonly maskTensor: tf.Tensor1D;
  private readonly complementTensor: tf.Tensor1D;

  protected constructor(dimension: number, mask: ArrayLike<number>, contextDimension: number) {
    checkInteger('context dimension', contextDimension, 0);
    // Why D = 1 is allowed only with a context: without one, nothing could condition the map.
    checkInteger('dimension', dimension, contextDimension > 0 ? 1 : 2);
    this.dimension = dimension;
    this.contextDimension = contextDimension;
    this.mask = checkMask(mask, dimension, contextDimension > 0);
    this.maskTensor = tf.keep(tf.tensor1d(this.mask));
    this.complementTensor = tf.keep(tf.tensor1d(this.mask.map((b) => 1 - b)));
  }

  /** Width of the conditioner's input: D features (masked) plus the context. */
  protected get conditionerInputs(): number {
    return this.dimension + this.contextDimension;
  }

  /** g(x; θ) or g⁻¹(y; θ) for all features, given the conditioner's input. */
  protected abstract elementwise(
    input: tf.Tensor2D,
    conditionerInput: tf.Tensor2D,
    direction: Direction,
  ): ElementwiseResult<tf.Tensor2D>;

  /** The same map written into an ONNX graph. */
  protected abstract elementwiseOnnx(
    graph: OnnxGraph,
    input: string,
    conditionerInput: string,
    direction: Direction,
  ): ElementwiseResult<string>;

  abstract variables(): NamedVariable[];
  abstract toConfig(): TransformConfig;
  protected abstract disposeNetworks(): void;

  forwardAndLogDet(x: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.apply(x, 'forward', context);
  }

  inverseAndLogDet(y: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.apply(y, 'inverse', context);
  }

  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    context?: string,
  ): TransformResult<string> {
    this.checkContextName(context);
    const mask = graph.constant('mask', this.mask);
    const complement = graph.constant(
      'complement',
      this.mask.map((b) => 1 - b),
    );
    const kept = graph.op('Mul', [input, mask]);
    const conditionerInput = context ? graph.op('Concat', [kept, context], { axis: 1 }) : kept;
    const { output, logAbsDerivative } = this.elementwiseOnnx(
      graph,
      input,
      conditionerInput,
      direction,
    );
    const merged = graph.op('Add', [kept, graph.op('Mul', [output, complement])]);
    const logDet = graph.sumFeatures(graph.op('Mul', [logAbsDerivative, complement]));
    return { output: merged, logDet };
  }

  dispose(): void {
    this.maskTensor.dispose();
    this.complementTensor.dispose();
    this.disposeNetworks();
  }

  private apply(input: tf.Tensor2D, direction: Direction, context?: tf.Tensor2D): TransformResult {
    this.checkInput(input, context);
    return tf.tidy(() => {
      const kept = tf.mul(input, this.maskTensor) as tf.Tensor2D;
      const conditionerInput = context ? (tf.concat([kept, context], 1) as tf.Tensor2D) : kept;
      const { output, logAbsDerivative } = this.elementwise(input, conditionerInput, direction);
      const merged = tf.add(kept, tf.mul(output, this.complementTensor)) as tf.Tensor2D;
      const logDet = tf.sum(tf.mul(logAbsDerivative, this.complementTensor), 1) as tf.Tensor1D;
      return { output: merged, logDet };
    });
  }

  private checkInput(input: tf.Tensor2D, context?: tf.Tensor2D): void {
    checkBatch(input, this.dimension);
    if (this.contextDimension === 0) {
      checkArgument(
        context === undefined,
        'context',
        context?.shape,
        'absent for an unconditional transform',
      );
      return;
    }
    checkArgument(
      context !== undefined &&
        context.rank === 2 &&
        context.shape[1] === this.contextDimension &&
        context.shape[0] === input.shape[0],
      'context shape',
      context?.shape,
      `[${input.shape[0]}, ${this.contextDimension}]`,
    );
  }

  private checkContextName(context?: string): void {
    checkArgument(
      (context !== undefined) === this.contextDimension > 0,
      'ONNX context input',
      context,
      this.contextDimension > 0
        ? 'given for a conditional transform'
        : 'absent for an unconditional transform',
    );
  }
}
