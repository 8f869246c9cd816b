/**
 * A Gaussian with diagonal covariance and trainable mean μ and log-scale log σ:
 *   log p(z) = −½·Σᵢ ((zᵢ − μᵢ)/σᵢ)² − Σᵢ log σᵢ − (D/2)·log(2π)
 *   sampling:           z = μ + σ⊙ε,  ε ~ N(0, I)
 *   standard coordinates: u = T(z) = (z − μ)/σ,   z = T⁻¹(u) = μ + σ⊙u.
 * It starts as N(0, I) unless told otherwise.
 */

import type { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkBatch, checkInteger } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import type { Distribution, DistributionConfig } from './distribution.js';
import { LOG_SQRT_TWO_PI } from './normal-functions.js';
import { registerDistribution } from './registry.js';
import { onnxOps, type TensorOps, tfjsOps } from './tensor-ops.js';

export interface DiagonalGaussianOptions {
  dimension: number;
  /** Initial mean; defaults to zeros. */
  mean?: ArrayLike<number>;
  /** Initial log σ; defaults to zeros. */
  logScale?: ArrayLike<number>;
  /** Whether an optimiser may update μ and log σ. Defaults to `true`. */
  trainable?: boolean;
}

export class DiagonalGaussian implements Distribution {
  readonly type = 'diagonal-gaussian';
  readonly dimension: number;
  readonly trainable: boolean;
  readonly mean: tf.Variable<tf.Rank.R1>;
  readonly logScale: tf.Variable<tf.Rank.R1>;

  constructor(options: DiagonalGaussianOptions) {
    const { dimension, trainable = true } = options;
    checkInteger('dimension', dimension);
    checkArgument(typeof trainable === 'boolean', 'trainable', trainable, 'true or false');
    this.dimension = dimension;
    this.trainable = trainable;
    const mean = initialValues('mean', options.mean, dimension);
    const logScale = initialValues('logScale', options.logScale, dimension);
    this.mean = tf.tidy(() => tf.variable(tf.tensor1d(mean), trainable, undefined, 'float32'));
    this.logScale = tf.tidy(() =>
      tf.variable(tf.tensor1d(logScale), trainable, undefined, 'float32'),
    );
  }

  logProb(z: tf.Tensor2D): tf.Tensor1D {
    checkBatch(z, this.dimension, 'z');
    return tf.tidy(() => logProbMaths(tfjsOps, z, this.mean, this.logScale) as tf.Tensor1D);
  }

  sample(count: number, random: SeededRandom): tf.Tensor2D {
    checkInteger('sample count', count);
    return tf.tidy(() => {
      const noise = tf.tensor2d(random.normals(count * this.dimension), [count, this.dimension]);
      return this.fromStandard(noise);
    });
  }

  logProbOnnx(graph: OnnxGraph, z: string): string {
    const ops = onnxOps(graph);
    return logProbMaths(ops, z, ...this.onnxParameters(ops));
  }

  toStandard(z: tf.Tensor2D): tf.Tensor2D {
    checkBatch(z, this.dimension, 'z');
    return tf.tidy(() => toStandardMaths(tfjsOps, z, this.mean, this.logScale) as tf.Tensor2D);
  }

  fromStandard(u: tf.Tensor2D): tf.Tensor2D {
    checkBatch(u, this.dimension, 'u');
    return tf.tidy(() => fromStandardMaths(tfjsOps, u, this.mean, this.logScale) as tf.Tensor2D);
  }

  toStandardOnnx(graph: OnnxGraph, z: string): string {
    const ops = onnxOps(graph);
    return toStandardMaths(ops, z, ...this.onnxParameters(ops));
  }

  fromStandardOnnx(graph: OnnxGraph, u: string): string {
    const ops = onnxOps(graph);
    return fromStandardMaths(ops, u, ...this.onnxParameters(ops));
  }

  variables(): NamedVariable[] {
    return [
      { name: 'mean', variable: this.mean },
      { name: 'logScale', variable: this.logScale },
    ];
  }

  toConfig(): DistributionConfig {
    return { type: this.type, dimension: this.dimension, trainable: this.trainable };
  }

  dispose(): void {
    this.mean.dispose();
    this.logScale.dispose();
  }

  private onnxParameters(ops: TensorOps<string>): [string, string] {
    return [
      ops.constant(this.mean.dataSync(), [this.dimension]),
      ops.constant(this.logScale.dataSync(), [this.dimension]),
    ];
  }
}

function initialValues(
  name: string,
  values: ArrayLike<number> | undefined,
  dimension: number,
): Float32Array {
  if (values === undefined) return new Float32Array(dimension);
  checkArgument(
    values.length === dimension,
    `length of ${name}`,
    values.length,
    `the dimension ${dimension}`,
  );
  const array = Float32Array.from(values);
  checkArgument(array.every(Number.isFinite), name, Array.from(array), 'finite numbers');
  return array;
}

function logProbMaths<T>(ops: TensorOps<T>, z: T, mean: T, logScale: T): T {
  const standard = toStandardMaths(ops, z, mean, logScale);
  const perFeature = ops.add(
    ops.mul(ops.mul(standard, standard), ops.scalar(0.5)),
    ops.add(logScale, ops.scalar(LOG_SQRT_TWO_PI)),
  );
  return ops.neg(ops.sum(perFeature, 1, false));
}

function toStandardMaths<T>(ops: TensorOps<T>, z: T, mean: T, logScale: T): T {
  return ops.mul(ops.sub(z, mean), ops.exp(ops.neg(logScale)));
}

function fromStandardMaths<T>(ops: TensorOps<T>, u: T, mean: T, logScale: T): T {
  return ops.add(ops.mul(u, ops.exp(logScale)), mean);
}

registerDistribution(
  'diagonal-gaussian',
  (config) => new DiagonalGaussian(config as unknown as DiagonalGaussianOptions),
);
