/**
 * The standard normal N(0, I) on R^D:
 *   log p(z) = −½·Σᵢ zᵢ² − (D/2)·log(2π).
 * Its map to standard coordinates is the identity (u = z), and its ONNX form writes no nodes.
 */

import type { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkInteger } from '../errors.js';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import type { Distribution, DistributionConfig } from './distribution.js';
import { registerDistribution } from './registry.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

export class StandardNormal implements Distribution {
  readonly type = 'standard-normal';
  readonly dimension: number;

  constructor(dimension: number) {
    checkInteger('dimension', dimension);
    this.dimension = dimension;
  }

  logProb(z: tf.Tensor2D): tf.Tensor1D {
    return tf.tidy(() =>
      tf.sub(tf.mul(tf.sum(tf.square(z), 1), -0.5), (this.dimension / 2) * LOG_TWO_PI),
    );
  }

  sample(count: number, random: SeededRandom): tf.Tensor2D {
    checkInteger('sample count', count);
    return tf.tensor2d(random.normals(count * this.dimension), [count, this.dimension]);
  }

  logProbOnnx(graph: OnnxGraph, z: string): string {
    const sumSquares = graph.sumFeatures(graph.op('Mul', [z, z]));
    return graph.op('Sub', [
      graph.op('Mul', [sumSquares, graph.scalar(-0.5)]),
      graph.scalar((this.dimension / 2) * LOG_TWO_PI),
    ]);
  }

  toStandard(z: tf.Tensor2D): tf.Tensor2D {
    return tf.clone(z);
  }

  fromStandard(u: tf.Tensor2D): tf.Tensor2D {
    return tf.clone(u);
  }

  toStandardOnnx(_graph: OnnxGraph, z: string): string {
    return z;
  }

  fromStandardOnnx(_graph: OnnxGraph, u: string): string {
    return u;
  }

  variables(): NamedVariable[] {
    return [];
  }

  toConfig(): DistributionConfig {
    return { type: this.type, dimension: this.dimension };
  }

  dispose(): void {}
}

registerDistribution('standard-normal', (config) => new StandardNormal(config.dimension as number));
