/**
 * The contract of a base distribution: the density a flow's latent space is scored against.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';
import type { SeededRandom } from '../random.js';

export interface DistributionConfig {
  type: string;
  [key: string]: unknown;
}

export interface Distribution {
  readonly type: string;
  readonly dimension: number;
  /** log p(z) per event, shape [batch]. */
  logProb(z: tf.Tensor2D): tf.Tensor1D;
  /** `count` draws, shape [count, D]. */
  sample(count: number, random: SeededRandom): tf.Tensor2D;
  /** log p(z) written into an ONNX graph; returns the [batch] value's name. */
  logProbOnnx(graph: OnnxGraph, z: string): string;
  variables(): NamedVariable[];
  toConfig(): DistributionConfig;
  dispose(): void;
}
