/**
 * A binary classifier: an MLP with a sigmoid output, p(signal | x) = σ(MLP(x)), trained by
 * minimising the binary cross-entropy −[y·log p + (1−y)·log(1−p)] averaged over events.
 * Inputs are standardised features; the exported ONNX graph includes that standardisation.
 */

import { type Activation, checkInteger, Mlp, type OnnxGraph } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';

export interface ClassifierOptions {
  dimension: number;
  /** Defaults to `[64, 64]`. */
  hidden?: number[];
  activation?: Activation;
  seed?: number;
}

export class Classifier {
  readonly dimension: number;
  readonly network: Mlp;

  constructor(options: ClassifierOptions) {
    checkInteger('classifier dimension', options.dimension);
    this.dimension = options.dimension;
    this.network = new Mlp({
      inputs: options.dimension,
      outputs: 1,
      hidden: options.hidden ?? [64, 64],
      activation: options.activation ?? 'relu',
      seed: options.seed ?? 0,
      // Why not zero: a zero last layer is only needed for flows to start at the identity.
      zeroOutput: false,
      name: 'classifier',
    });
  }

  /** The logit, shape [batch, 1]. */
  logits(x: tf.Tensor2D): tf.Tensor2D {
    return this.network.apply(x);
  }

  /** p(signal | x), shape [batch, 1]. */
  predict(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => tf.sigmoid(this.logits(x)));
  }

  /** Mean binary cross-entropy for labels of shape [batch, 1]. */
  loss(x: tf.Tensor2D, labels: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => tf.losses.sigmoidCrossEntropy(labels, this.logits(x)) as tf.Scalar);
  }

  variables(): tf.Variable[] {
    return this.network.weights.map((w) => w.variable);
  }

  toOnnx(graph: OnnxGraph, input: string): string {
    return graph.op('Sigmoid', [this.network.toOnnx(graph, input)]);
  }

  dispose(): void {
    this.network.dispose();
  }
}
