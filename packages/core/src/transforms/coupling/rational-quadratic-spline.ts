/**
 * The monotone rational-quadratic (RQ) spline of neural spline flows, element-wise, in tfjs and
 * in ONNX.
 *
 * On [−B, B] the spline has K bins with knots (x⁽ᵏ⁾, y⁽ᵏ⁾), k = 0…K, x⁽⁰⁾ = y⁽⁰⁾ = −B,
 * x⁽ᴷ⁾ = y⁽ᴷ⁾ = B, and positive derivatives δ⁽ᵏ⁾ at the knots. From unnormalised parameters
 * (K width logits θʷ, K height logits θʰ, K−1 derivative logits θᵈ per feature):
 *   wₖ = 2B·(m_w + (1 − K·m_w)·softmax(θʷ)ₖ),   x⁽ᵏ⁾ = −B + Σ_{j<k} wⱼ   (heights alike)
 *   δ⁽ᵏ⁾ = m_δ + softplus(θᵈₖ + c),  k = 1…K−1,   δ⁽⁰⁾ = δ⁽ᴷ⁾ = 1
 * with minimum bin width m_w, height m_h and derivative m_δ. The shift c = log(e^{1−m_δ} − 1)
 * makes zero logits give δ = 1; with equal widths and heights this makes the spline the
 * identity, so a coupling whose conditioner's last layer is zero starts as the identity.
 *
 * In bin k, with wₖ = x⁽ᵏ⁺¹⁾ − x⁽ᵏ⁾, hₖ = y⁽ᵏ⁺¹⁾ − y⁽ᵏ⁾, sₖ = hₖ/wₖ and ξ = (x − x⁽ᵏ⁾)/wₖ
 * (Durkan et al. eq. 4–5):
 *   y = y⁽ᵏ⁾ + hₖ·[sₖξ² + δ⁽ᵏ⁾ξ(1−ξ)] / [sₖ + (δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2sₖ)ξ(1−ξ)]
 *   dy/dx = sₖ²·[δ⁽ᵏ⁺¹⁾ξ² + 2sₖξ(1−ξ) + δ⁽ᵏ⁾(1−ξ)²] / [sₖ + (δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2sₖ)ξ(1−ξ)]²
 * The inverse solves the quadratic aξ² + bξ + c = 0 in closed form (eq. 29–32), with
 * Δ = y − y⁽ᵏ⁾ and κ = δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2sₖ:
 *   a = hₖ(sₖ − δ⁽ᵏ⁾) + Δκ,   b = hₖδ⁽ᵏ⁾ − Δκ,   c = −sₖΔ,
 *   ξ = 2c / (−b − √(b² − 4ac)),   x = x⁽ᵏ⁾ + ξwₖ,   log|dx/dy| = −log|dy/dx| at that ξ,
 * evaluated without cancellation: the discriminant as the equal sum of squares
 * hₖ²·[(δ⁽ᵏ⁾ − t(δ⁽ᵏ⁾ + δ⁽ᵏ⁺¹⁾))² + 4sₖ²t(1−t)], t = Δ/hₖ, and the root in whichever of its
 * two equal forms adds terms of one sign (see `inverseInBin`).
 * Outside [−B, B] the map is the identity with log|dy/dx| = 0 ("linear tails"); since the
 * boundary derivatives are 1, the map and its derivative are continuous at ±B.
 *
 * The bin of a value v is the number of interior knots at or below it, k = Σⱼ [v ≥ knot⁽ʲ⁾],
 * j = 1…K−1. In tfjs the bin's parameters are picked with the one-hot row
 * [v ≥ knot⁽ᵏ⁾] − [v ≥ knot⁽ᵏ⁺¹⁾] times the parameters, summed over bins, so gradients reach
 * every parameter; in ONNX with `GatherElements` on the same index. Both use only standard
 * operators (no loops, no custom ops).
 *
 * References: Durkan, Bekasov, Murray, Papamakarios, "Neural Spline Flows", 2019,
 * arXiv:1906.04032.
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkArgument, checkInteger } from '../../errors.js';
import { OnnxDataType, type OnnxGraph } from '../../onnx/graph.js';
import type { Direction } from '../transform.js';
import type { ElementwiseResult } from './masked-coupling.js';

/** The fixed shape of a spline: bins, bound and the minimum sizes. */
export interface SplineShape {
  /** Number of bins K (at least 2). */
  bins: number;
  /** Half-width B of the interval [−B, B] the spline covers. */
  bound: number;
  /** Minimum bin width as a fraction of 2B. */
  minimumBinWidth: number;
  /** Minimum bin height as a fraction of 2B. */
  minimumBinHeight: number;
  /** Minimum derivative at an interior knot. */
  minimumDerivative: number;
}

/** Knots and derivatives of one spline per event and feature, each [batch, D, K+1]. */
export interface SplineKnots {
  xKnots: tf.Tensor3D;
  yKnots: tf.Tensor3D;
  derivatives: tf.Tensor3D;
}

/** 8 bins on [−5, 5]; minimum bin width, height and derivative 1e-3, as Durkan et al. use. */
export const DEFAULT_SPLINE_SHAPE: Readonly<SplineShape> = Object.freeze({
  bins: 8,
  bound: 5,
  minimumBinWidth: 1e-3,
  minimumBinHeight: 1e-3,
  minimumDerivative: 1e-3,
});

/** Number of unnormalised parameters per feature: K widths, K heights, K−1 derivatives. */
export function splineParameterCount(bins: number): number {
  return 3 * bins - 1;
}

/** Checks a spline shape and returns it with the defaults filled in. */
export function checkSplineShape(shape: Partial<SplineShape>): SplineShape {
  // Why the filter: an explicit `undefined` (an option left out by a factory) keeps the default.
  const given = Object.fromEntries(
    Object.entries(shape).filter(([, value]) => value !== undefined),
  );
  const full: SplineShape = { ...DEFAULT_SPLINE_SHAPE, ...given };
  checkInteger('bins', full.bins, 2);
  checkArgument(
    Number.isFinite(full.bound) && full.bound > 0,
    'bound',
    full.bound,
    'a positive number',
  );
  checkArgument(
    full.minimumBinWidth > 0 && full.minimumBinWidth * full.bins < 1,
    'minimumBinWidth',
    full.minimumBinWidth,
    `in (0, 1/bins) = (0, ${1 / full.bins})`,
  );
  checkArgument(
    full.minimumBinHeight > 0 && full.minimumBinHeight * full.bins < 1,
    'minimumBinHeight',
    full.minimumBinHeight,
    `in (0, 1/bins) = (0, ${1 / full.bins})`,
  );
  checkArgument(
    full.minimumDerivative > 0 && full.minimumDerivative < 1,
    'minimumDerivative',
    full.minimumDerivative,
    'in (0, 1)',
  );
  return full;
}

/** The shift c with m_δ + softplus(c) = 1, so zero logits give unit derivatives. */
function derivativeShift(shape: SplineShape): number {
  return Math.log(Math.expm1(1 - shape.minimumDerivative));
}

/** [−B, 0, …, 0, B]: added to knots padded with zeros, it pins the end knots to ±B. */
function edgeValues(bins: number, low: number, high: number): Float32Array {
  const values = new Float32Array(bins + 1);
  values[0] = low;
  values[bins] = high;
  return values;
}

function knotsFromLogits(logits: tf.Tensor3D, minimum: number, shape: SplineShape): tf.Tensor3D {
  const { bins, bound } = shape;
  const fractions = tf.add(tf.mul(tf.softmax(logits), 1 - minimum * bins), minimum);
  const interior = tf.slice(tf.cumsum(fractions, 2), [0, 0, 0], [-1, -1, bins - 1]);
  const scaled = tf.sub(tf.mul(interior, 2 * bound), bound);
  return tf.add(
    tf.pad(scaled, [
      [0, 0],
      [0, 0],
      [1, 1],
    ]),
    tf.tensor1d(edgeValues(bins, -bound, bound)),
  ) as tf.Tensor3D;
}

/**
 * Knots and knot derivatives from unnormalised parameters of shape [batch, D, 3K−1] (per
 * feature: K width logits, K height logits, K−1 derivative logits).
 */
export function splineKnots(parameters: tf.Tensor3D, shape: SplineShape): SplineKnots {
  const { bins } = shape;
  checkArgument(
    parameters.rank === 3 && parameters.shape[2] === splineParameterCount(bins),
    'spline parameters shape',
    parameters.shape,
    `[batch, D, ${splineParameterCount(bins)}]`,
  );
  return tf.tidy(() => {
    const widthLogits = tf.slice(parameters, [0, 0, 0], [-1, -1, bins]);
    const heightLogits = tf.slice(parameters, [0, 0, bins], [-1, -1, bins]);
    const derivativeLogits = tf.slice(parameters, [0, 0, 2 * bins], [-1, -1, bins - 1]);
    const interiorDerivatives = tf.add(
      tf.softplus(tf.add(derivativeLogits, derivativeShift(shape))),
      shape.minimumDerivative,
    );
    const derivatives = tf.add(
      tf.pad(interiorDerivatives, [
        [0, 0],
        [0, 0],
        [1, 1],
      ]),
      tf.tensor1d(edgeValues(bins, 1, 1)),
    ) as tf.Tensor3D;
    return {
      xKnots: knotsFromLogits(widthLogits, shape.minimumBinWidth, shape),
      yKnots: knotsFromLogits(heightLogits, shape.minimumBinHeight, shape),
      derivatives,
    };
  });
}

/** The knots and knot derivatives of the bin each value falls in, each [batch, D]. */
interface Bin<T> {
  xLow: T;
  xHigh: T;
  yLow: T;
  yHigh: T;
  derivativeLow: T;
  derivativeHigh: T;
}

/**
 * The few operations the in-bin formulas need, once for tfjs tensors and once for ONNX value
 * names, so both backends evaluate the same expression in the same order.
 */
interface Arithmetic<T> {
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  /** a·factor */
  scale(a: T, factor: number): T;
  /** a + value */
  shift(a: T, value: number): T;
  neg(a: T): T;
  log(a: T): T;
  sqrt(a: T): T;
  /** The boolean a ≥ 0. */
  nonNegative(a: T): T;
  /** a where `condition` holds, b elsewhere. */
  where(condition: T, a: T, b: T): T;
}

const tfArithmetic: Arithmetic<tf.Tensor2D> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  scale: (a, factor) => tf.mul(a, factor),
  shift: (a, value) => tf.add(a, value),
  neg: (a) => tf.neg(a),
  log: (a) => tf.log(a),
  sqrt: (a) => tf.sqrt(a),
  nonNegative: (a) => tf.greaterEqual(a, 0),
  where: (condition, a, b) => tf.where(condition, a, b),
};

function onnxArithmetic(graph: OnnxGraph): Arithmetic<string> {
  return {
    add: (a, b) => graph.op('Add', [a, b]),
    sub: (a, b) => graph.op('Sub', [a, b]),
    mul: (a, b) => graph.op('Mul', [a, b]),
    div: (a, b) => graph.op('Div', [a, b]),
    scale: (a, factor) => graph.op('Mul', [a, graph.scalar(factor)]),
    shift: (a, value) => graph.op('Add', [a, graph.scalar(value)]),
    neg: (a) => graph.op('Neg', [a]),
    log: (a) => graph.op('Log', [a]),
    sqrt: (a) => graph.op('Sqrt', [a]),
    nonNegative: (a) => graph.op('GreaterOrEqual', [a, graph.scalar(0)]),
    where: (condition, a, b) => graph.op('Where', [condition, a, b]),
  };
}

/** Bin width w, height h, slope s = h/w and κ = δ⁽ᵏ⁺¹⁾ + δ⁽ᵏ⁾ − 2s. */
function binGeometry<T>(m: Arithmetic<T>, bin: Bin<T>) {
  const width = m.sub(bin.xHigh, bin.xLow);
  const height = m.sub(bin.yHigh, bin.yLow);
  const slope = m.div(height, width);
  const kappa = m.sub(m.add(bin.derivativeHigh, bin.derivativeLow), m.scale(slope, 2));
  return { width, height, slope, kappa };
}

/** log dy/dx = 2 log s + log[δ⁽ᵏ⁺¹⁾ξ² + 2sξ(1−ξ) + δ⁽ᵏ⁾(1−ξ)²] − 2 log[s + κξ(1−ξ)] */
function logDerivativeAt<T>(m: Arithmetic<T>, xi: T, bin: Bin<T>, slope: T, kappa: T): T {
  const oneMinusXi = m.shift(m.neg(xi), 1);
  const spread = m.mul(xi, oneMinusXi);
  const numerator = m.add(
    m.add(m.mul(bin.derivativeHigh, m.mul(xi, xi)), m.scale(m.mul(slope, spread), 2)),
    m.mul(bin.derivativeLow, m.mul(oneMinusXi, oneMinusXi)),
  );
  const denominator = m.add(slope, m.mul(kappa, spread));
  return m.sub(m.add(m.scale(m.log(slope), 2), m.log(numerator)), m.scale(m.log(denominator), 2));
}

/** y and log dy/dx of x inside its bin (eq. 4–5). */
function forwardInBin<T>(m: Arithmetic<T>, x: T, bin: Bin<T>): ElementwiseResult<T> {
  const { width, height, slope, kappa } = binGeometry(m, bin);
  const xi = m.div(m.sub(x, bin.xLow), width);
  const spread = m.mul(xi, m.shift(m.neg(xi), 1));
  const numerator = m.mul(
    height,
    m.add(m.mul(slope, m.mul(xi, xi)), m.mul(bin.derivativeLow, spread)),
  );
  const denominator = m.add(slope, m.mul(kappa, spread));
  return {
    output: m.add(bin.yLow, m.div(numerator, denominator)),
    logAbsDerivative: logDerivativeAt(m, xi, bin, slope, kappa),
  };
}

/**
 * x and log dx/dy of y inside its bin: the root ξ ∈ [0, 1] of aξ² + bξ + c = 0 (eq. 29–32).
 * Divided by h and written with t = (y − y⁽ᵏ⁾)/h, the coefficients are
 *   b/h = β = δ⁽ᵏ⁾ − tκ,   a/h = s − β,   c/h = −st,
 * and the discriminant is the sum of squares
 *   (b² − 4ac)/h² = ρ² = (δ⁽ᵏ⁾ − t(δ⁽ᵏ⁾ + δ⁽ᵏ⁺¹⁾))² + 4s²t(1−t),
 * which, unlike b² − 4ac, cannot cancel in steep bins (where b² ≈ 4ac). The root is taken in
 * the form that adds quantities of one sign:
 *   β ≥ 0:  ξ = 2st / (β + ρ)          (the paper's 2c / (−b − √(b² − 4ac)))
 *   β < 0:  ξ = (ρ − β) / (2(s − β))   (the same root as (−b + √(b² − 4ac)) / 2a)
 * In flat bins next to steep ones β < 0 near the top of the bin, and the first form would lose
 * most digits to β + ρ ≈ 0. The form not taken gets a harmless denominator (s) so that neither
 * values nor gradients see a division by zero.
 */
function inverseInBin<T>(m: Arithmetic<T>, y: T, bin: Bin<T>): ElementwiseResult<T> {
  const { width, height, slope, kappa } = binGeometry(m, bin);
  const t = m.div(m.sub(y, bin.yLow), height);
  const spread = m.mul(t, m.shift(m.neg(t), 1));
  const u = m.sub(bin.derivativeLow, m.mul(t, m.add(bin.derivativeLow, bin.derivativeHigh)));
  const rho = m.sqrt(m.add(m.mul(u, u), m.scale(m.mul(m.mul(slope, slope), spread), 4)));
  const beta = m.sub(bin.derivativeLow, m.mul(t, kappa));
  const betaNonNegative = m.nonNegative(beta);
  const whenNonNegative = m.div(
    m.scale(m.mul(slope, t), 2),
    m.where(betaNonNegative, m.add(beta, rho), slope),
  );
  const whenNegative = m.div(
    m.sub(rho, beta),
    m.where(betaNonNegative, slope, m.scale(m.sub(slope, beta), 2)),
  );
  const xi = m.where(betaNonNegative, whenNonNegative, whenNegative);
  return {
    output: m.add(bin.xLow, m.mul(xi, width)),
    logAbsDerivative: m.neg(logDerivativeAt(m, xi, bin, slope, kappa)),
  };
}

/**
 * The spline applied element-wise to `input` [batch, D] with unnormalised `parameters`
 * [batch, D, 3K−1]: y = g(x) for `'forward'`, x = g⁻¹(y) for `'inverse'`, with log|g′| (or
 * log|(g⁻¹)′|) per element; the identity outside [−B, B].
 */
export function rationalQuadraticSpline(
  input: tf.Tensor2D,
  parameters: tf.Tensor3D,
  direction: Direction,
  shape: SplineShape,
): ElementwiseResult<tf.Tensor2D> {
  checkArgument(
    parameters.shape[0] === input.shape[0] && parameters.shape[1] === input.shape[1],
    'spline parameters shape',
    parameters.shape,
    `[${input.shape[0]}, ${input.shape[1]}, ${splineParameterCount(shape.bins)}]`,
  );
  return tf.tidy(() => {
    const { bins, bound } = shape;
    const { xKnots, yKnots, derivatives } = splineKnots(parameters, shape);
    const clamped = tf.clipByValue(input, -bound, bound);

    const searched = direction === 'forward' ? xKnots : yKnots;
    const interior = tf.slice(searched, [0, 0, 1], [-1, -1, bins - 1]);
    const atOrAbove = tf.cast(tf.greaterEqual(tf.expandDims(clamped, 2), interior), 'float32');
    // Why: [1, v ≥ knot¹, …, v ≥ knotᴷ⁻¹, 0] is non-increasing, so neighbour differences are
    // the bin's one-hot row; multiplying and summing keeps gradients to every parameter.
    const steps = tf.add(
      tf.pad(atOrAbove, [
        [0, 0],
        [0, 0],
        [1, 1],
      ]),
      tf.tensor1d(edgeValues(bins, 1, 0)),
    );
    const oneHot = tf.sub(
      tf.slice(steps, [0, 0, 0], [-1, -1, bins]),
      tf.slice(steps, [0, 0, 1], [-1, -1, bins]),
    );
    const pick = (values: tf.Tensor3D, first: number) =>
      tf.sum(tf.mul(oneHot, tf.slice(values, [0, 0, first], [-1, -1, bins])), 2) as tf.Tensor2D;
    const bin: Bin<tf.Tensor2D> = {
      xLow: pick(xKnots, 0),
      xHigh: pick(xKnots, 1),
      yLow: pick(yKnots, 0),
      yHigh: pick(yKnots, 1),
      derivativeLow: pick(derivatives, 0),
      derivativeHigh: pick(derivatives, 1),
    };

    const inBins =
      direction === 'forward'
        ? forwardInBin(tfArithmetic, clamped, bin)
        : inverseInBin(tfArithmetic, clamped, bin);
    // Why greaterEqual(B, |v|) rather than a logical and: tfjs has gradients for GreaterEqual.
    const inside = tf.greaterEqual(bound, tf.abs(input));
    return {
      output: tf.where(inside, inBins.output, input),
      logAbsDerivative: tf.where(inside, inBins.logAbsDerivative, tf.zerosLike(input)),
    };
  });
}

/**
 * The same spline written into an ONNX graph; `parameters` names a [batch, D, 3K−1] value.
 * Bins are found with `GreaterOrEqual` → `Cast` → `ReduceSum` and read with `GatherElements`.
 */
export function rationalQuadraticSplineOnnx(
  graph: OnnxGraph,
  input: string,
  parameters: string,
  direction: Direction,
  shape: SplineShape,
): ElementwiseResult<string> {
  const { bins, bound } = shape;
  const binAxis = () => graph.int64('bin_axis', [2]);
  const slice = (value: string, start: number, end: number) =>
    graph.op('Slice', [
      value,
      graph.int64('starts', [start]),
      graph.int64('ends', [end]),
      binAxis(),
    ]);
  const padEnds = (value: string) =>
    graph.op('Pad', [value, graph.int64('pads', [0, 0, 1, 0, 0, 1])]);

  const knots = (logits: string, minimum: number) => {
    const fractions = graph.op('Add', [
      graph.op('Mul', [
        graph.op('Softmax', [logits], { axis: -1 }),
        graph.scalar(1 - minimum * bins),
      ]),
      graph.scalar(minimum),
    ]);
    const cumulative = graph.op('CumSum', [fractions, graph.int64('cumsum_axis', [2], [])]);
    const interior = slice(cumulative, 0, bins - 1);
    const scaled = graph.op('Sub', [
      graph.op('Mul', [interior, graph.scalar(2 * bound)]),
      graph.scalar(bound),
    ]);
    return graph.op('Add', [
      padEnds(scaled),
      graph.constant('knot_edges', edgeValues(bins, -bound, bound)),
    ]);
  };
  const xKnots = graph.scoped('x_knots', () =>
    knots(slice(parameters, 0, bins), shape.minimumBinWidth),
  );
  const yKnots = graph.scoped('y_knots', () =>
    knots(slice(parameters, bins, 2 * bins), shape.minimumBinHeight),
  );
  const derivatives = graph.scoped('derivatives', () => {
    const logits = slice(parameters, 2 * bins, 3 * bins - 1);
    const interior = graph.op('Add', [
      graph.op('Softplus', [graph.op('Add', [logits, graph.scalar(derivativeShift(shape))])]),
      graph.scalar(shape.minimumDerivative),
    ]);
    return graph.op('Add', [
      padEnds(interior),
      graph.constant('derivative_edges', edgeValues(bins, 1, 1)),
    ]);
  });

  const clamped = graph.op('Clip', [input, graph.scalar(-bound), graph.scalar(bound)]);
  const searched = direction === 'forward' ? xKnots : yKnots;
  const atOrAbove = graph.op('GreaterOrEqual', [
    graph.op('Unsqueeze', [clamped, graph.int64('axes', [2])]),
    slice(searched, 1, bins),
  ]);
  const count = graph.op(
    'ReduceSum',
    [graph.op('Cast', [atOrAbove], { to: OnnxDataType.float }), graph.int64('axes', [2])],
    { keepdims: 1 },
  );
  const index = graph.op('Cast', [count], { to: OnnxDataType.int64 });
  const indexHigh = graph.op('Add', [index, graph.int64('one', [1], [])]);
  const pick = (values: string, at: string) =>
    graph.op('Squeeze', [
      graph.op('GatherElements', [values, at], { axis: 2 }),
      graph.int64('axes', [2]),
    ]);
  const bin: Bin<string> = {
    xLow: pick(xKnots, index),
    xHigh: pick(xKnots, indexHigh),
    yLow: pick(yKnots, index),
    yHigh: pick(yKnots, indexHigh),
    derivativeLow: pick(derivatives, index),
    derivativeHigh: pick(derivatives, indexHigh),
  };

  const m = onnxArithmetic(graph);
  const inBins =
    direction === 'forward' ? forwardInBin(m, clamped, bin) : inverseInBin(m, clamped, bin);
  const inside = graph.op('GreaterOrEqual', [graph.scalar(bound), graph.op('Abs', [input])]);
  return {
    output: graph.op('Where', [inside, inBins.output, input]),
    logAbsDerivative: graph.op('Where', [inside, inBins.logAbsDerivative, graph.scalar(0)]),
  };
}
