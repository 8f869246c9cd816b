/**
 * Masked affine coupling, the layer of RealNVP.
 *
 * With mask b (ones kept), scale network s and translation network t, both fed h = [b⊙x, c]:
 *   forward:  y = b⊙x + (1−b)⊙(x⊙exp(s(h)) + t(h))
 *             log|det ∂y/∂x| = Σᵢ (1−bᵢ)·sᵢ(h)
 *   inverse:  x = b⊙y + (1−b)⊙((y − t(h))⊙exp(−s(h)))       (h is the same: b⊙x = b⊙y)
 *             log|det ∂x/∂y| = −Σᵢ (1−bᵢ)·sᵢ(h)
 * An optional bound keeps the log-scale finite: `tanh` uses s = B·tanh(ŝ/B), `atan` the soft
 * clamp s = (2B/π)·atan(ŝ/B). Both networks' last layers start at zero, so a new layer is the
 * identity.
 *
 * References: Dinh, Sohl-Dickstein, Bengio, "Density estimation using Real NVP", 2016,
 * arXiv:1605.08803.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument } from '../../errors.js';
import { type Activation, Mlp, type NamedVariable } from '../../nn/mlp.js';
import type { OnnxGraph } from '../../onnx/graph.js';
import { registerTransform } from '../registry.js';
import type { Direction, TransformConfig } from '../transform.js';
import { type ElementwiseResult, MaskedCoupling } from './masked-coupling.js';

export const SCALE_BOUNDS = ['none', 'tanh', 'atan'] as const;
export type ScaleBoundKind = (typeof SCALE_BOUNDS)[number];

export interface AffineCouplingOptions {
  dimension: number;
  /** Ones are kept and condition the rest. */
  mask: ArrayLike<number>;
  /** Hidden widths of each of the two networks. Defaults to two layers of 2·D. */
  hidden?: number[];
  activation?: Activation;
  /** Defaults to `'none'`. */
  scaleBound?: ScaleBoundKind;
  /** B in the bound; defaults to 3. */
  scaleBoundValue?: number;
  contextDimension?: number;
  seed: number;
}

export class MaskedAffineCoupling extends MaskedCoupling {
  readonly type = 'masked-affine-coupling';
  readonly scaleNetwork: Mlp;
  readonly translationNetwork: Mlp;
  readonly scaleBound: ScaleBoundKind;
  readonly scaleBoundValue: number;
  private readonly options: AffineCouplingOptions;

  constructor(options: AffineCouplingOptions) {
    const { dimension, mask, contextDimension = 0, seed } = options;
    super(dimension, mask, contextDimension);
    const hidden = options.hidden ?? [2 * dimension, 2 * dimension];
    this.scaleBound = options.scaleBound ?? 'none';
    this.scaleBoundValue = options.scaleBoundValue ?? 3;
    checkArgument(
      SCALE_BOUNDS.includes(this.scaleBound),
      'scaleBound',
      this.scaleBound,
      `one of ${SCALE_BOUNDS.join(', ')}`,
    );
    checkArgument(this.scaleBoundValue > 0, 'scaleBoundValue', this.scaleBoundValue, 'positive');
    this.options = {
      ...options,
      hidden,
      contextDimension,
      scaleBound: this.scaleBound,
      scaleBoundValue: this.scaleBoundValue,
    };

    const common = {
      inputs: this.conditionerInputs,
      outputs: dimension,
      hidden,
      activation: options.activation,
    };
    this.scaleNetwork = new Mlp({ ...common, seed, name: 'scale' });
    this.translationNetwork = new Mlp({ ...common, seed: seed + 1, name: 'translation' });
  }

  protected elementwise(
    input: tf.Tensor2D,
    conditionerInput: tf.Tensor2D,
    direction: Direction,
  ): ElementwiseResult<tf.Tensor2D> {
    const scale = this.bound(this.scaleNetwork.apply(conditionerInput));
    const translation = this.translationNetwork.apply(conditionerInput);
    if (direction === 'forward') {
      return { output: tf.add(tf.mul(input, tf.exp(scale)), translation), logAbsDerivative: scale };
    }
    return {
      output: tf.mul(tf.sub(input, translation), tf.exp(tf.neg(scale))),
      logAbsDerivative: tf.neg(scale),
    };
  }

  protected elementwiseOnnx(
    graph: OnnxGraph,
    input: string,
    conditionerInput: string,
    direction: Direction,
  ): ElementwiseResult<string> {
    const scale = this.boundOnnx(
      graph,
      graph.scoped('scale', () => this.scaleNetwork.toOnnx(graph, conditionerInput)),
    );
    const translation = graph.scoped('translation', () =>
      this.translationNetwork.toOnnx(graph, conditionerInput),
    );
    if (direction === 'forward') {
      const output = graph.op('Add', [
        graph.op('Mul', [input, graph.op('Exp', [scale])]),
        translation,
      ]);
      return { output, logAbsDerivative: scale };
    }
    const negScale = graph.op('Neg', [scale]);
    const output = graph.op('Mul', [
      graph.op('Sub', [input, translation]),
      graph.op('Exp', [negScale]),
    ]);
    return { output, logAbsDerivative: negScale };
  }

  variables(): NamedVariable[] {
    return [...this.scaleNetwork.weights, ...this.translationNetwork.weights];
  }

  toConfig(): TransformConfig {
    return { ...this.options, type: this.type, mask: Array.from(this.mask) };
  }

  protected disposeNetworks(): void {
    this.scaleNetwork.dispose();
    this.translationNetwork.dispose();
  }

  private bound(raw: tf.Tensor2D): tf.Tensor2D {
    const b = this.scaleBoundValue;
    if (this.scaleBound === 'tanh') return tf.mul(tf.tanh(tf.div(raw, b)), b);
    if (this.scaleBound === 'atan') return tf.mul(tf.atan(tf.div(raw, b)), (2 * b) / Math.PI);
    return raw;
  }

  private boundOnnx(graph: OnnxGraph, raw: string): string {
    const b = this.scaleBoundValue;
    if (this.scaleBound === 'none') return raw;
    const scaled = graph.op('Div', [raw, graph.scalar(b)]);
    if (this.scaleBound === 'tanh')
      return graph.op('Mul', [graph.op('Tanh', [scaled]), graph.scalar(b)]);
    return graph.op('Mul', [graph.op('Atan', [scaled]), graph.scalar((2 * b) / Math.PI)]);
  }
}

registerTransform(
  'masked-affine-coupling',
  (config) => new MaskedAffineCoupling(config as unknown as AffineCouplingOptions),
);
