/**
 * RealNVP as a configuration of masked affine couplings: K layers with alternating masks and a
 * standard normal base. A conditional flow of one variable (D = 1, a context of width C > 0) uses
 * the all-zero mask in every layer, so each layer is y = x·exp(s(c)) + t(c); their composition is
 * affine in x, i.e. the flow models p(x | c) as a Gaussian whose mean and width depend on c.
 * The defaults follow the reference study (Kelleher & Vossen 2024, arXiv:2403.14804): 32 layers,
 * scale and translation networks of two hidden layers of 2·D.
 */
import { StandardNormal } from '../distributions/standard-normal.js';
import { checkInteger } from '../errors.js';
import type { Activation } from '../nn/mlp.js';
import { Compose } from '../transforms/compose.js';
import {
  MaskedAffineCoupling,
  type ScaleBoundKind,
} from '../transforms/coupling/affine-coupling.js';
import { alternatingMask } from '../transforms/coupling/mask.js';
import { Flow } from './flow.js';

export interface RealNvpOptions {
  dimension: number;
  /** Number of coupling layers. Defaults to 32. */
  layers?: number;
  /** Hidden widths of each network. Defaults to `[2·D, 2·D]`. */
  hidden?: number[];
  /** Defaults to `'relu'`. */
  activation?: Activation;
  /** Defaults to `'none'`. */
  scaleBound?: ScaleBoundKind;
  scaleBoundValue?: number;
  /** Width of a conditioning context; 0 (default) for an unconditional flow. */
  contextDimension?: number;
  /** Seed of the weight initialisation. Defaults to 0. */
  seed?: number;
}

export function realNVP(options: RealNvpOptions): Flow {
  const { dimension, layers = 32, seed = 0 } = options;
  const contextDimension = options.contextDimension ?? 0;
  // Why D = 1 needs a context: a single variable can only be conditioned on something else.
  checkInteger('dimension', dimension, contextDimension > 0 ? 1 : 2);
  checkInteger('layers', layers);
  // With D = 1 every layer transforms the variable (mask [0]) given the context alone.
  const maskOf = (k: number) =>
    dimension === 1 ? new Float32Array([0]) : alternatingMask(dimension, k);
  const steps = Array.from(
    { length: layers },
    (_, k) =>
      new MaskedAffineCoupling({
        dimension,
        mask: maskOf(k),
        hidden: options.hidden,
        activation: options.activation,
        scaleBound: options.scaleBound,
        scaleBoundValue: options.scaleBoundValue,
        contextDimension: options.contextDimension,
        seed: seed + 1000 * k,
      }),
  );
  return new Flow(new Compose(steps), new StandardNormal(dimension));
}
