/**
 * A sequence of transforms applied one after another: the body of every flow.
 *
 * forward:  y = f_K ∘ … ∘ f_1 (x),  log|det J| = Σ_k log|det J_k| at each step's input;
 * inverse:  x = f_1⁻¹ ∘ … ∘ f_K⁻¹ (y), log-dets summed the same way in reverse order.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import { createTransform, registerTransform } from './registry.js';
import type { Direction, Transform, TransformConfig, TransformResult } from './transform.js';

export class Compose implements Transform {
  readonly type = 'compose';
  readonly dimension: number;
  readonly contextDimension: number;
  readonly steps: readonly Transform[];

  constructor(steps: Transform[]) {
    checkArgument(steps.length > 0, 'number of steps', steps.length, 'at least 1');
    const dimension = steps[0].dimension;
    steps.forEach((step, k) => {
      checkArgument(
        step.dimension === dimension,
        `dimension of step ${k}`,
        step.dimension,
        `${dimension} like step 0`,
      );
    });
    this.dimension = dimension;
    this.contextDimension = Math.max(...steps.map((s) => s.contextDimension));
    this.steps = steps;
  }

  forwardAndLogDet(x: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.run(this.steps, x, (step, h) => step.forwardAndLogDet(h, context));
  }

  inverseAndLogDet(y: tf.Tensor2D, context?: tf.Tensor2D): TransformResult {
    return this.run([...this.steps].reverse(), y, (step, h) => step.inverseAndLogDet(h, context));
  }

  toOnnx(
    graph: OnnxGraph,
    input: string,
    direction: Direction,
    context?: string,
  ): TransformResult<string> {
    const order =
      direction === 'forward'
        ? this.steps.map((s, k) => [s, k] as const)
        : this.steps.map((s, k) => [s, k] as const).reverse();
    let h = input;
    let logDet: string | null = null;
    for (const [step, k] of order) {
      const result = graph.scoped(`step${k}`, () => step.toOnnx(graph, h, direction, context));
      h = result.output;
      logDet = logDet === null ? result.logDet : graph.op('Add', [logDet, result.logDet]);
    }
    return { output: h, logDet: logDet as string };
  }

  variables(): NamedVariable[] {
    return this.steps.flatMap((step, k) =>
      step.variables().map((v) => ({ name: `step${k}.${v.name}`, variable: v.variable })),
    );
  }

  toConfig(): TransformConfig {
    return { type: this.type, steps: this.steps.map((s) => s.toConfig()) };
  }

  dispose(): void {
    for (const step of this.steps) step.dispose();
  }

  private run(
    order: readonly Transform[],
    input: tf.Tensor2D,
    apply: (step: Transform, h: tf.Tensor2D) => TransformResult,
  ): TransformResult {
    return tf.tidy(() => {
      let h = input;
      let logDet: tf.Tensor1D = tf.zeros([input.shape[0]]);
      for (const step of order) {
        const result = apply(step, h);
        h = result.output;
        logDet = tf.add(logDet, result.logDet);
      }
      return { output: h, logDet };
    });
  }
}

registerTransform(
  'compose',
  (config) => new Compose((config.steps as TransformConfig[]).map(createTransform)),
);
