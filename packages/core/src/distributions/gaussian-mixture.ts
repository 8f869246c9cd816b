/**
 * A mixture of K Gaussians with diagonal covariances, all parameters trainable: weights
 * w = softmax(logits), means μ_j ∈ R^D and log-scales log σ_j ∈ R^D.
 *   log p(z) = logsumexp_j [ log w_j − Σᵢ ½((zᵢ − μ_ji)/σ_ji)² − Σᵢ log σ_ji ] − (D/2)·log(2π)
 *   sampling:  j ~ Categorical(w), z = μ_j + σ_j⊙ε, ε ~ N(0, I)   (seeded)
 *   standard coordinates: the Rosenblatt transform of `mixture-rosenblatt.ts`;
 *   `fromStandard` runs `inverseIterations` safeguarded Newton steps per coordinate, in tfjs and
 *   unrolled in ONNX. That graph has about D·(120 + 60·iterations) nodes: 51 000 for D = 71 and
 *   10 steps, which onnxruntime takes several seconds to load (running it is fast).
 * The means start as seeded draws of N(0, spread²), the weights equal and the scales one,
 * unless given. The reference study used K = 4 (Kelleher & Vossen 2024, arXiv:2403.14804).
 */

import { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkBatch, checkInteger } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import type { Distribution, DistributionConfig } from './distribution.js';
import {
  type MixtureParameters,
  mixtureFromStandard,
  mixtureToStandard,
} from './mixture-rosenblatt.js';
import { LOG_SQRT_TWO_PI } from './normal-functions.js';
import { registerDistribution } from './registry.js';
import { onnxOps, type TensorOps, tfjsOps } from './tensor-ops.js';

export interface GaussianMixtureOptions {
  dimension: number;
  /** Number of components K. */
  components: number;
  /** Seed of the initial means. Defaults to 0. */
  seed?: number;
  /** Standard deviation of the initial means around 0. Defaults to 1. */
  spread?: number;
  /** Initial means, K rows of D; override `seed` and `spread`. */
  means?: ArrayLike<ArrayLike<number>>;
  /** Initial log σ, K rows of D; defaults to zeros. */
  logScales?: ArrayLike<ArrayLike<number>>;
  /** Initial weights, K positive numbers (normalised here); defaults to equal weights. */
  weights?: ArrayLike<number>;
  /** Whether an optimiser may update the parameters. Defaults to `true`. */
  trainable?: boolean;
  /**
   * Newton steps per coordinate in `fromStandard`. Defaults to 10, enough for float32 precision
   * with components 10σ apart; overlapping components need about 4, and a smaller value shrinks
   * the ONNX graph in proportion.
   */
  inverseIterations?: number;
}

export class GaussianMixture implements Distribution {
  readonly type = 'gaussian-mixture';
  readonly dimension: number;
  readonly components: number;
  readonly inverseIterations: number;
  readonly logits: tf.Variable<tf.Rank.R1>;
  readonly means: tf.Variable<tf.Rank.R2>;
  readonly logScales: tf.Variable<tf.Rank.R2>;
  private readonly config: DistributionConfig;

  constructor(options: GaussianMixtureOptions) {
    const {
      dimension,
      components,
      seed = 0,
      spread = 1,
      trainable = true,
      inverseIterations = 10,
    } = options;
    checkInteger('dimension', dimension);
    checkInteger('components', components);
    checkInteger('inverseIterations', inverseIterations, 0);
    checkArgument(Number.isFinite(seed), 'seed', seed, 'a finite number');
    checkArgument(Number.isFinite(spread) && spread > 0, 'spread', spread, 'a positive number');
    checkArgument(typeof trainable === 'boolean', 'trainable', trainable, 'true or false');
    this.dimension = dimension;
    this.components = components;
    this.inverseIterations = inverseIterations;
    this.config = {
      type: this.type,
      dimension,
      components,
      seed,
      spread,
      trainable,
      inverseIterations,
    };

    const random = new SeededRandom(seed);
    const means = options.means
      ? matrixValues('means', options.means, components, dimension)
      : random.normals(components * dimension).map((v) => v * spread);
    const logScales = options.logScales
      ? matrixValues('logScales', options.logScales, components, dimension)
      : new Float32Array(components * dimension);
    const logits = new Float32Array(components);
    if (options.weights) {
      const weights = Array.from(options.weights);
      checkArgument(
        weights.length === components && weights.every((w) => Number.isFinite(w) && w > 0),
        'weights',
        weights,
        `${components} positive numbers`,
      );
      weights.forEach((w, j) => {
        logits[j] = Math.log(w);
      });
    }
    const shape: [number, number] = [components, dimension];
    this.logits = tf.tidy(() => tf.variable(tf.tensor1d(logits), trainable, undefined, 'float32'));
    this.means = tf.tidy(() =>
      tf.variable(tf.tensor2d(means, shape), trainable, undefined, 'float32'),
    );
    this.logScales = tf.tidy(() =>
      tf.variable(tf.tensor2d(logScales, shape), trainable, undefined, 'float32'),
    );
  }

  logProb(z: tf.Tensor2D): tf.Tensor1D {
    checkBatch(z, this.dimension, 'z');
    return tf.tidy(
      () =>
        logProbMaths(
          tfjsOps,
          z,
          tf.logSoftmax(this.logits),
          this.means,
          this.logScales,
          this.dimension,
        ) as tf.Tensor1D,
    );
  }

  sample(count: number, random: SeededRandom): tf.Tensor2D {
    checkInteger('sample count', count);
    const { logWeights, means, logScales } = this.parameters();
    const cumulative: number[] = [];
    let total = 0;
    for (const logWeight of logWeights) {
      total += Math.exp(logWeight);
      cumulative.push(total);
    }
    const d = this.dimension;
    const values = new Float32Array(count * d);
    for (let row = 0; row < count; row++) {
      const draw = random.uniform() * total;
      let j = cumulative.findIndex((c) => draw < c);
      if (j < 0) j = this.components - 1;
      for (let i = 0; i < d; i++) {
        values[row * d + i] = means[j * d + i] + Math.exp(logScales[j * d + i]) * random.normal();
      }
    }
    return tf.tensor2d(values, [count, d]);
  }

  logProbOnnx(graph: OnnxGraph, z: string): string {
    const ops = onnxOps(graph);
    const { logWeights, means, logScales } = this.parameters();
    const shape = [this.components, this.dimension];
    return logProbMaths(
      ops,
      z,
      ops.constant(logWeights, [this.components]),
      ops.constant(means, shape),
      ops.constant(logScales, shape),
      this.dimension,
    );
  }

  toStandard(z: tf.Tensor2D): tf.Tensor2D {
    checkBatch(z, this.dimension, 'z');
    const parameters = this.parameters();
    return tf.tidy(() => mixtureToStandard(tfjsOps, z, parameters) as tf.Tensor2D);
  }

  fromStandard(u: tf.Tensor2D): tf.Tensor2D {
    checkBatch(u, this.dimension, 'u');
    const parameters = this.parameters();
    return tf.tidy(
      () => mixtureFromStandard(tfjsOps, u, parameters, this.inverseIterations) as tf.Tensor2D,
    );
  }

  toStandardOnnx(graph: OnnxGraph, z: string): string {
    return mixtureToStandard(onnxOps(graph), z, this.parameters());
  }

  fromStandardOnnx(graph: OnnxGraph, u: string): string {
    return mixtureFromStandard(onnxOps(graph), u, this.parameters(), this.inverseIterations);
  }

  /** The current parameters in float64, weights normalised. */
  parameters(): MixtureParameters {
    const logits = Float64Array.from(this.logits.dataSync());
    const largest = Math.max(...logits);
    const logNormalizer =
      largest + Math.log(logits.reduce((sum, v) => sum + Math.exp(v - largest), 0));
    return {
      components: this.components,
      dimension: this.dimension,
      logWeights: logits.map((v) => v - logNormalizer),
      means: Float64Array.from(this.means.dataSync()),
      logScales: Float64Array.from(this.logScales.dataSync()),
    };
  }

  variables(): NamedVariable[] {
    return [
      { name: 'logits', variable: this.logits },
      { name: 'means', variable: this.means },
      { name: 'logScales', variable: this.logScales },
    ];
  }

  toConfig(): DistributionConfig {
    return { ...this.config };
  }

  dispose(): void {
    this.logits.dispose();
    this.means.dispose();
    this.logScales.dispose();
  }
}

function matrixValues(
  name: string,
  rows: ArrayLike<ArrayLike<number>>,
  components: number,
  dimension: number,
): Float32Array {
  checkArgument(rows.length === components, `rows of ${name}`, rows.length, `${components}`);
  const values = new Float32Array(components * dimension);
  for (let j = 0; j < components; j++) {
    const row = rows[j];
    checkArgument(
      row.length === dimension,
      `length of ${name} row ${j}`,
      row.length,
      `the dimension ${dimension}`,
    );
    for (let i = 0; i < dimension; i++) {
      checkArgument(Number.isFinite(row[i]), `${name}[${j}][${i}]`, row[i], 'a finite number');
      values[j * dimension + i] = row[i];
    }
  }
  return values;
}

/** log p(z) for a [batch, D] batch, given log w [K], μ [K, D] and log σ [K, D]. */
function logProbMaths<T>(
  ops: TensorOps<T>,
  z: T,
  logWeights: T,
  means: T,
  logScales: T,
  dimension: number,
): T {
  const t = ops.mul(ops.sub(ops.expandDims(z, 1), means), ops.exp(ops.neg(logScales)));
  const perFeature = ops.add(ops.mul(ops.mul(t, t), ops.scalar(0.5)), logScales);
  const perComponent = ops.sub(
    ops.sub(logWeights, ops.sum(perFeature, 2, false)),
    ops.scalar(dimension * LOG_SQRT_TWO_PI),
  );
  const largest = ops.max(perComponent, 1, true);
  const logSum = ops.log(ops.sum(ops.exp(ops.sub(perComponent, largest)), 1, true));
  // Why a sum over the kept axis: it drops that axis of length 1 in both tfjs and ONNX.
  return ops.sum(ops.add(logSum, largest), 1, false);
}

registerDistribution(
  'gaussian-mixture',
  (config) => new GaussianMixture(config as unknown as GaussianMixtureOptions),
);
