/**
 * The contract of a base distribution: the density a flow's latent space is scored against.
 *
 * Besides its density and sampler, every base carries a bijection T to standard normal
 * coordinates: if z ~ p then u = T(z) ~ N(0, I) (`toStandard`), and z = T⁻¹(u) (`fromStandard`).
 * Two flows with different bases meet through it: the domain chain maps a data latent z to
 * T_sim⁻¹(T_data(z)). Because T pushes p forward to N(0, I), its log-det needs no formula of
 * its own:  log|det ∂T/∂z| = log p(z) − log N(T(z); 0, I).
 */

import type { SeededRandom } from '@flowda/random';
import type * as tf from '@tensorflow/tfjs-core';
import type { NamedVariable } from '../nn/mlp.js';
import type { OnnxGraph } from '../onnx/graph.js';

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
  /** u = T(z), standard normal coordinates of base points, shape [batch, D]. */
  toStandard(z: tf.Tensor2D): tf.Tensor2D;
  /** z = T⁻¹(u), base points from standard normal coordinates, shape [batch, D]. */
  fromStandard(u: tf.Tensor2D): tf.Tensor2D;
  /** T written into an ONNX graph; returns the [batch, D] value's name. */
  toStandardOnnx(graph: OnnxGraph, z: string): string;
  /** T⁻¹ written into an ONNX graph; returns the [batch, D] value's name. */
  fromStandardOnnx(graph: OnnxGraph, u: string): string;
  variables(): NamedVariable[];
  toConfig(): DistributionConfig;
  dispose(): void;
}
