/**
 * A normalizing flow: a bijection f from data space to latent space and a base density.
 *
 *   z = f(x; c),   log p(x | c) = log p_base(z) + log|det ∂f/∂x|
 *   sampling: z ~ p_base, x = f⁻¹(z; c)
 * `forwardAndLogDet` maps data → latent, `inverseAndLogDet` latent → data.
 */

import { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import type { Distribution } from '../distributions/distribution.js';
import { checkArgument, checkInteger } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import type { Direction, Transform, TransformResult } from '../transforms/transform.js';

export class Flow {
  readonly transform: Transform;
  readonly baseDistribution: Distribution;

  constructor(transform: Transform, baseDistribution: Distribution) {
    checkArgument(
      transform.dimension === baseDistribution.dimension,
      'base distribution dimension',
      baseDistribution.dimension,
      `equal to the transform's dimension ${transform.dimension}`,
    );
    this.transform = transform;
    this.baseDistribution = baseDistribution;
  }

  get dimension(): number {
    return this.transform.dimension;
  }

  get contextDimension(): number {
    return this.transform.contextDimension;
  }

  /** Data → latent, with log|det ∂z/∂x|. */
  forwardAndLogDet(x: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.transform.forwardAndLogDet(x, context);
  }

  /** Latent → data, with log|det ∂x/∂z|. */
  inverseAndLogDet(z: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.transform.inverseAndLogDet(z, context);
  }

  forward(x: tf.Tensor2D, context?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.forwardAndLogDet(x, context).output);
  }

  inverse(z: tf.Tensor2D, context?: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => this.inverseAndLogDet(z, context).output);
  }

  /** log p(x | c) per event, in nats. */
  logProb(x: tf.Tensor2D, context?: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() => {
      const { output, logDet } = this.forwardAndLogDet(x, context);
      return tf.add(this.baseDistribution.logProb(output), logDet);
    });
  }

  /**
   * `count` events drawn from the flow. For a conditional flow `context` has one row per
   * event (shape [count, C]).
   */
  sample(count: number, options: { seed: number; context?: tf.Tensor2D }): tf.Tensor2D {
    checkInteger('sample count', count);
    const random = new SeededRandom(options.seed);
    return tf.tidy(() =>
      this.inverse(this.baseDistribution.sample(count, random), options.context),
    );
  }

  /** Writes f or f⁻¹ into `graph`. */
  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    context?: string,
  ): TransformResult<string> {
    return this.transform.toOnnx(graph, input, direction, context);
  }

  /** Writes log p(x | c) into `graph`; returns the [batch] value's name. */
  logProbOnnx(graph: OnnxGraph, input: string, context?: string): string {
    const { output, logDet } = this.toOnnx(graph, input, 'forward', context);
    return graph.op('Add', [this.baseDistribution.logProbOnnx(graph, output), logDet]);
  }

  variables(): NamedVariable[] {
    return [
      ...this.transform
        .variables()
        .map((v) => ({ name: `transform.${v.name}`, variable: v.variable })),
      ...this.baseDistribution
        .variables()
        .map((v) => ({ name: `base.${v.name}`, variable: v.variable })),
    ];
  }

  /** Only the variables an optimiser should update. */
  trainableVariables(): tf.Variable[] {
    return this.variables()
      .map((v) => v.variable)
      .filter((v) => v.trainable);
  }

  dispose(): void {
    this.transform.dispose();
    this.baseDistribution.dispose();
  }
}
