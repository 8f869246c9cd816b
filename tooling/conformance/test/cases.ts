/**
 * The table of transforms and flows that the property suite runs over. Each row builds a flow
 * for a dimension; a transform is wrapped as a one-step flow on a standard normal base.
 * Rows say which dimensions they support and whether they take a context.
 */
import {
  ActNorm,
  alternatingMask,
  Compose,
  DiagonalGaussian,
  Flow,
  GaussianMixture,
  LULinear,
  MaskedAffineCoupling,
  neuralSplineFlow,
  Permutation,
  RationalQuadraticSplineCoupling,
  realNVP,
  reversePermutation,
  SeededRandom,
  StandardNormal,
  type Transform,
} from '@flowda/core';

export interface PropertyCase {
  /** Shown in every test title: `[name d=D] …`. */
  name: string;
  build: (dimension: number, seed: number) => Flow;
  dimensions: number[];
  /** Width of the context for conditional rows. */
  contextDimension?: number;
  /** Scale of the random weights that take the flow away from the identity. Defaults to 0.1. */
  weightSpread?: number;
}

export function single(transform: Transform): Flow {
  return new Flow(new Compose([transform]), new StandardNormal(transform.dimension));
}

export const CASES: PropertyCase[] = [
  {
    name: 'realnvp',
    build: (dimension, seed) =>
      realNVP({
        dimension,
        layers: dimension >= 71 ? 32 : 4,
        hidden: dimension >= 71 ? undefined : [16, 16],
        seed,
        scaleBound: 'tanh',
      }),
    dimensions: [2, 3, 5, 71],
    weightSpread: 0.05,
  },
  {
    name: 'affine-coupling',
    build: (dimension, seed) =>
      single(
        new MaskedAffineCoupling({
          dimension,
          mask: alternatingMask(dimension, 1),
          hidden: [12],
          seed,
        }),
      ),
    dimensions: [2, 3, 7],
  },
  {
    name: 'affine-coupling atan-bound',
    build: (dimension, seed) =>
      single(
        new MaskedAffineCoupling({
          dimension,
          mask: alternatingMask(dimension, 0),
          hidden: [12, 12],
          seed,
          scaleBound: 'atan',
          activation: 'tanh',
        }),
      ),
    dimensions: [2, 5],
    weightSpread: 0.5,
  },
  {
    name: 'conditional realnvp',
    build: (dimension, seed) =>
      realNVP({
        dimension,
        layers: 4,
        hidden: [16],
        seed,
        contextDimension: 3,
        scaleBound: 'tanh',
      }),
    dimensions: [2, 3],
    contextDimension: 3,
  },
  {
    name: 'neural-spline-flow',
    build: (dimension, seed) =>
      neuralSplineFlow({
        dimension,
        layers: 4,
        bins: 8,
        bound: 3,
        hidden: [32, 32],
        seed,
      }),
    dimensions: [2, 3, 5, 71],
  },
  {
    name: 'spline-coupling',
    build: (dimension, seed) =>
      single(
        new RationalQuadraticSplineCoupling({
          dimension,
          mask: alternatingMask(dimension, 1),
          bins: 5,
          bound: 4,
          hidden: [12],
          seed,
        }),
      ),
    dimensions: [2, 3, 7],
    weightSpread: 0.3,
  },
  {
    name: 'conditional neural-spline-flow',
    build: (dimension, seed) =>
      neuralSplineFlow({
        dimension,
        layers: 4,
        bins: 6,
        bound: 3,
        hidden: [16],
        seed,
        contextDimension: 3,
      }),
    dimensions: [2, 3],
    contextDimension: 3,
  },
  {
    name: 'actnorm',
    // Initialised at the identity: the suite's random weights then set location and scale.
    build: (dimension) => single(new ActNorm({ dimension, dataDependentInitialization: false })),
    dimensions: [1, 2, 5],
    weightSpread: 0.5,
  },
  {
    name: 'permutation',
    build: (dimension, seed) => single(new Permutation({ dimension, seed })),
    dimensions: [4, 7],
  },
  {
    name: 'reverse-permutation',
    build: (dimension) => single(reversePermutation(dimension)),
    dimensions: [2, 5],
  },
  {
    name: 'lu-linear',
    build: (dimension, seed) =>
      single(
        new LULinear({
          dimension,
          seed,
          order: Array.from(new SeededRandom(seed).permutation(dimension)),
        }),
      ),
    dimensions: [1, 2, 5, 23],
  },
  {
    name: 'glow step (actnorm, lu-linear, affine coupling)',
    build: (dimension, seed) =>
      single(
        new Compose([
          new ActNorm({ dimension, dataDependentInitialization: false }),
          new LULinear({ dimension, seed }),
          new MaskedAffineCoupling({
            dimension,
            mask: alternatingMask(dimension, 0),
            hidden: [12],
            seed: seed + 1,
            scaleBound: 'tanh',
          }),
        ]),
      ),
    dimensions: [2, 5],
  },
  {
    name: 'lu-linear on a diagonal-gaussian base',
    build: (dimension, seed) =>
      new Flow(new LULinear({ dimension, seed }), new DiagonalGaussian({ dimension })),
    dimensions: [2, 4],
    weightSpread: 0.3,
  },
  {
    name: 'lu-linear on a gaussian-mixture base',
    build: (dimension, seed) =>
      new Flow(
        new LULinear({ dimension, seed }),
        new GaussianMixture({ dimension, components: 4, seed }),
      ),
    dimensions: [2, 3],
    weightSpread: 0.5,
  },
];
