/**
 * A multilayer perceptron: the conditioner network of coupling layers.
 *
 * h₀ = input, hₖ = act(hₖ₋₁·Wₖ + bₖ) for the hidden layers, output = h·W_out + b_out.
 * Hidden weights use Glorot-uniform initialisation from a seed; the output layer starts at
 * zero (`zeroOutput`), which makes a freshly built coupling layer the identity.
 */

import { SeededRandom } from '@flowda/random';
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkInteger } from '../errors.js';
import type { OnnxGraph } from '../onnx/graph.js';
import { dense } from './dense.js';

export const ACTIVATIONS = ['relu', 'tanh', 'leaky-relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export interface MlpOptions {
  inputs: number;
  outputs: number;
  hidden: number[];
  activation?: Activation;
  seed: number;
  /** Start the last layer at zero. Defaults to `true`. */
  zeroOutput?: boolean;
  /** Prefix of the variables' names, for saving and loading. */
  name: string;
}

export interface NamedVariable {
  name: string;
  variable: tf.Variable;
}

const LEAKY_SLOPE = 0.01;

export class Mlp {
  readonly inputs: number;
  readonly outputs: number;
  readonly hidden: number[];
  readonly activation: Activation;
  readonly weights: NamedVariable[] = [];
  private readonly layers: { weight: tf.Variable<tf.Rank.R2>; bias: tf.Variable<tf.Rank.R1> }[] =
    [];

  constructor(options: MlpOptions) {
    const { inputs, outputs, hidden, activation = 'relu', seed, zeroOutput = true, name } = options;
    checkInteger('mlp inputs', inputs);
    checkInteger('mlp outputs', outputs);
    checkArgument(
      Array.isArray(hidden) && hidden.every((w) => Number.isInteger(w) && w >= 1),
      'hidden widths',
      hidden,
      'a list of positive integers',
    );
    checkArgument(
      ACTIVATIONS.includes(activation),
      'activation',
      activation,
      `one of ${ACTIVATIONS.join(', ')}`,
    );
    this.inputs = inputs;
    this.outputs = outputs;
    this.hidden = [...hidden];
    this.activation = activation;

    const random = new SeededRandom(seed);
    const widths = [inputs, ...hidden, outputs];
    for (let k = 0; k + 1 < widths.length; k++) {
      const fanIn = widths[k];
      const fanOut = widths[k + 1];
      const last = k + 2 === widths.length;
      const values = new Float32Array(fanIn * fanOut);
      if (!(last && zeroOutput)) {
        const limit = Math.sqrt(6 / (fanIn + fanOut));
        for (let i = 0; i < values.length; i++) values[i] = (2 * random.uniform() - 1) * limit;
      }
      const weight = tf.variable(tf.tensor2d(values, [fanIn, fanOut]), true, undefined, 'float32');
      const bias = tf.variable(
        tf.zeros([fanOut]),
        true,
        undefined,
        'float32',
      ) as tf.Variable<tf.Rank.R1>;
      this.layers.push({ weight: weight as tf.Variable<tf.Rank.R2>, bias });
      this.weights.push({ name: `${name}.layer${k}.weight`, variable: weight });
      this.weights.push({ name: `${name}.layer${k}.bias`, variable: bias });
    }
  }

  apply(input: tf.Tensor2D): tf.Tensor2D {
    let h = input;
    this.layers.forEach(({ weight, bias }, k) => {
      h = dense(h, weight, bias);
      if (k + 1 < this.layers.length) h = this.activate(h);
    });
    return h;
  }

  /** Emits the same network into an ONNX graph and returns the output's name. */
  toOnnx(graph: OnnxGraph, input: string): string {
    let h = input;
    this.layers.forEach(({ weight, bias }, k) => {
      const w = graph.constant('weight', weight.dataSync() as Float32Array, weight.shape);
      const b = graph.constant('bias', bias.dataSync() as Float32Array, bias.shape);
      h = graph.op('Gemm', [h, w, b]);
      if (k + 1 < this.layers.length) h = this.activateOnnx(graph, h);
    });
    return h;
  }

  dispose(): void {
    for (const { weight, bias } of this.layers) {
      weight.dispose();
      bias.dispose();
    }
  }

  private activate(h: tf.Tensor2D): tf.Tensor2D {
    if (this.activation === 'relu') return tf.relu(h);
    if (this.activation === 'tanh') return tf.tanh(h);
    return tf.leakyRelu(h, LEAKY_SLOPE);
  }

  private activateOnnx(graph: OnnxGraph, h: string): string {
    if (this.activation === 'relu') return graph.op('Relu', [h]);
    if (this.activation === 'tanh') return graph.op('Tanh', [h]);
    return graph.op('LeakyRelu', [h], { alpha: { float: LEAKY_SLOPE } });
  }
}
