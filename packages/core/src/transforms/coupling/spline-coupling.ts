/**
 * Masked rational-quadratic spline coupling, the layer of neural spline flows.
 *
 * With mask b (ones kept), one conditioner network fed h = [b⊙x, c] gives, for every feature i,
 * the 3K−1 unnormalised parameters θᵢ(h) of a monotone rational-quadratic spline gᵢ on [−B, B]
 * with identity tails (see `rational-quadratic-spline.ts` for the spline's formulas):
 *   forward:  y = b⊙x + (1−b)⊙g(x; θ(h)),     log|det ∂y/∂x| = Σᵢ (1−bᵢ)·log g′ᵢ(xᵢ)
 *   inverse:  x = b⊙y + (1−b)⊙g⁻¹(y; θ(h)),   log|det ∂x/∂y| = −Σᵢ (1−bᵢ)·log g′ᵢ(xᵢ)
 * h is the same in both directions because b⊙x = b⊙y. The conditioner's last layer starts at
 * zero: zero logits give equal bins and unit knot derivatives, so a new layer is the identity
 * (up to float rounding).
 *
 * The conditioner emits parameters for all D features, laid out feature by feature
 * ([K width logits, K height logits, K−1 derivative logits] for feature 0, then feature 1, …);
 * those of kept features are unused.
 *
 * References: Durkan, Bekasov, Murray, Papamakarios, "Neural Spline Flows", 2019,
 * arXiv:1906.04032; Dinh, Sohl-Dickstein, Bengio, "Density estimation using Real NVP", 2016,
 * arXiv:1605.08803.
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Activation, Mlp, type NamedVariable } from '../../nn/mlp.js';
import type { OnnxGraph } from '../../onnx/graph.js';
import { registerTransform } from '../registry.js';
import type { Direction, TransformConfig } from '../transform.js';
import { type ElementwiseResult, MaskedCoupling } from './masked-coupling.js';
import {
  checkSplineShape,
  rationalQuadraticSpline,
  rationalQuadraticSplineOnnx,
  type SplineShape,
  splineParameterCount,
} from './rational-quadratic-spline.js';

export interface SplineCouplingOptions extends Partial<SplineShape> {
  dimension: number;
  /** Ones are kept and condition the rest. */
  mask: ArrayLike<number>;
  /** Hidden widths of the conditioner. Defaults to two layers of 2·D. */
  hidden?: number[];
  /** Defaults to `'relu'`. */
  activation?: Activation;
  /** Width of a conditioning context; 0 (default) for an unconditional layer. */
  contextDimension?: number;
  seed: number;
}

export class RationalQuadraticSplineCoupling extends MaskedCoupling {
  readonly type = 'rational-quadratic-spline-coupling';
  readonly conditioner: Mlp;
  readonly shape: SplineShape;
  private readonly options: SplineCouplingOptions;

  constructor(options: SplineCouplingOptions) {
    const { dimension, mask, contextDimension = 0, seed } = options;
    super(dimension, mask, contextDimension);
    const hidden = options.hidden ?? [2 * dimension, 2 * dimension];
    this.shape = checkSplineShape({
      bins: options.bins,
      bound: options.bound,
      minimumBinWidth: options.minimumBinWidth,
      minimumBinHeight: options.minimumBinHeight,
      minimumDerivative: options.minimumDerivative,
    });
    this.options = { ...options, ...this.shape, hidden, contextDimension };
    this.conditioner = new Mlp({
      inputs: this.conditionerInputs,
      outputs: dimension * splineParameterCount(this.shape.bins),
      hidden,
      activation: options.activation,
      seed,
      name: 'conditioner',
    });
  }

  /** The spline parameters [batch, D, 3K−1] for a conditioner input [b⊙x, c]. */
  splineParameters(conditionerInput: tf.Tensor2D): tf.Tensor3D {
    return tf.tidy(() =>
      tf.reshape(this.conditioner.apply(conditionerInput), [
        -1,
        this.dimension,
        splineParameterCount(this.shape.bins),
      ]),
    );
  }

  protected elementwise(
    input: tf.Tensor2D,
    conditionerInput: tf.Tensor2D,
    direction: Direction,
  ): ElementwiseResult<tf.Tensor2D> {
    return rationalQuadraticSpline(
      input,
      this.splineParameters(conditionerInput),
      direction,
      this.shape,
    );
  }

  protected elementwiseOnnx(
    graph: OnnxGraph,
    input: string,
    conditionerInput: string,
    direction: Direction,
  ): ElementwiseResult<string> {
    const raw = graph.scoped('conditioner', () => this.conditioner.toOnnx(graph, conditionerInput));
    const parameters = graph.op('Reshape', [
      raw,
      // Why 0: Reshape copies the batch size from the input where the shape says 0.
      graph.int64('shape', [0, this.dimension, splineParameterCount(this.shape.bins)]),
    ]);
    return graph.scoped('spline', () =>
      rationalQuadraticSplineOnnx(graph, input, parameters, direction, this.shape),
    );
  }

  variables(): NamedVariable[] {
    return [...this.conditioner.weights];
  }

  toConfig(): TransformConfig {
    return { ...this.options, type: this.type, mask: Array.from(this.mask) };
  }

  protected disposeNetworks(): void {
    this.conditioner.dispose();
  }
}

registerTransform(
  'rational-quadratic-spline-coupling',
  (config) => new RationalQuadraticSplineCoupling(config as unknown as SplineCouplingOptions),
);
