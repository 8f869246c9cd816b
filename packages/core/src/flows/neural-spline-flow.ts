/**
 * A neural spline flow as a configuration of masked rational-quadratic spline couplings: L
 * layers with alternating masks (each feature is transformed by every other layer) and a
 * standard normal base. With `contextDimension` > 0 every conditioner also sees the context c,
 * giving a conditional density p(x | c).
 *
 * Masked coupling needs at least one kept and one transformed feature, so D ≥ 2.
 *
 * References: Durkan, Bekasov, Murray, Papamakarios, "Neural Spline Flows", 2019,
 * arXiv:1906.04032.
 */
import { StandardNormal } from '../distributions/standard-normal.js';
import { checkInteger } from '../errors.js';
import type { Activation } from '../nn/mlp.js';
import { Compose } from '../transforms/compose.js';
import { alternatingMask } from '../transforms/coupling/mask.js';
import { RationalQuadraticSplineCoupling } from '../transforms/coupling/spline-coupling.js';
import { Flow } from './flow.js';

export interface NeuralSplineFlowOptions {
  dimension: number;
  /** Number of coupling layers. Defaults to 8. */
  layers?: number;
  /** Bins K of each spline. Defaults to 8. */
  bins?: number;
  /** Half-width B of the spline's interval [−B, B]; identity outside. Defaults to 5. */
  bound?: number;
  /** Hidden widths of each conditioner. Defaults to `[2·D, 2·D]`. */
  hidden?: number[];
  /** Defaults to `'relu'`. */
  activation?: Activation;
  /** Width of a conditioning context; 0 (default) for an unconditional flow. */
  contextDimension?: number;
  /** Seed of the weight initialisation. Defaults to 0. */
  seed?: number;
}

export function neuralSplineFlow(options: NeuralSplineFlowOptions): Flow {
  const { dimension, layers = 8, seed = 0 } = options;
  checkInteger('dimension', dimension, 2);
  checkInteger('layers', layers);
  const steps = Array.from(
    { length: layers },
    (_, k) =>
      new RationalQuadraticSplineCoupling({
        dimension,
        mask: alternatingMask(dimension, k),
        bins: options.bins,
        bound: options.bound,
        hidden: options.hidden,
        activation: options.activation,
        contextDimension: options.contextDimension,
        seed: seed + 1000 * k,
      }),
  );
  return new Flow(new Compose(steps), new StandardNormal(dimension));
}
