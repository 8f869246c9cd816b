import {
  checkSplineShape,
  deserializeFlow,
  FlowdaError,
  neuralSplineFlow,
  RationalQuadraticSplineCoupling,
  rationalQuadraticSpline,
  SeededRandom,
  type SplineShape,
  selectBackend,
  serializeFlow,
  splineKnots,
  splineParameterCount,
} from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { maxAbsDifference, numericalLogDet, randomizeWeights, skewedBatch } from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

/** Seeded spline parameters [rows, features, 3K−1] of scale `spread`. */
function randomParameters(
  rows: number,
  features: number,
  bins: number,
  seed: number,
  spread = 1.5,
): tf.Tensor3D {
  const random = new SeededRandom(seed);
  const count = splineParameterCount(bins);
  const values = random.normals(rows * features * count).map((v) => v * spread);
  return tf.tensor3d(values, [rows, features, count]);
}

/** Each row repeated `times` times along the batch axis. */
function repeatRows(parameters: tf.Tensor3D, times: number): tf.Tensor3D {
  return tf.tidy(() => {
    const [rows, features, count] = parameters.shape;
    const tiled = tf.tile(tf.expandDims(parameters, 1), [1, times, 1, 1]);
    return tf.reshape(tiled, [rows * times, features, count]) as tf.Tensor3D;
  });
}

describe('rational-quadratic spline, element-wise', () => {
  const shape: SplineShape = checkSplineShape({ bins: 6, bound: 3 });
  const grid = 401;

  /** One feature, one parameter set, a grid from −B−1 to B+1 (which holds ±B exactly). */
  function onGrid(seed: number) {
    const parameters = repeatRows(randomParameters(1, 1, shape.bins, seed), grid);
    const values = Float32Array.from({ length: grid }, (_, i) => -4 + (8 * i) / (grid - 1));
    const x = tf.tensor2d(values, [grid, 1]);
    return { parameters, values, x };
  }

  test('the grid holds ±B exactly', () => {
    const { values } = onGrid(1);
    expect(values).toContain(-shape.bound);
    expect(values).toContain(shape.bound);
  });

  test.each([1, 2, 3])('[seed %i] is strictly increasing and maps [−B, B] onto itself', (seed) => {
    const { parameters, values, x } = onGrid(seed);
    const y = rationalQuadraticSpline(x, parameters, 'forward', shape).output.dataSync();
    for (let i = 1; i < grid; i++) expect(y[i]).toBeGreaterThan(y[i - 1]);
    expect(y[values.indexOf(-shape.bound)]).toBeCloseTo(-shape.bound, 5);
    expect(y[values.indexOf(shape.bound)]).toBeCloseTo(shape.bound, 5);
  });

  test.each([1, 2, 3])(
    '[seed %i] is the identity with zero log-derivative in the tails',
    (seed) => {
      const { parameters, values, x } = onGrid(seed);
      const { output, logAbsDerivative } = rationalQuadraticSpline(x, parameters, 'forward', shape);
      const y = output.dataSync();
      const logDerivative = logAbsDerivative.dataSync();
      let tails = 0;
      values.forEach((v, i) => {
        if (Math.abs(v) > shape.bound) {
          tails += 1;
          expect(y[i]).toBe(v);
          expect(logDerivative[i]).toBe(0);
        }
      });
      expect(tails).toBeGreaterThanOrEqual(100);
    },
  );

  test.each([1, 2, 3])('[seed %i] passes through its knots with the knot derivatives', (seed) => {
    const parameters = randomParameters(1, 1, shape.bins, seed);
    const knots = splineKnots(parameters, shape);
    const xKnots = knots.xKnots.dataSync();
    const yKnots = knots.yKnots.dataSync();
    const derivatives = knots.derivatives.dataSync();
    const count = shape.bins + 1;
    const x = tf.tensor2d(xKnots, [count, 1]);
    const { output, logAbsDerivative } = rationalQuadraticSpline(
      x,
      repeatRows(parameters, count),
      'forward',
      shape,
    );
    const y = output.dataSync();
    const logDerivative = logAbsDerivative.dataSync();
    for (let k = 0; k < count; k++) {
      expect(Math.abs(y[k] - yKnots[k])).toBeLessThan(1e-5);
      expect(Math.abs(logDerivative[k] - Math.log(derivatives[k]))).toBeLessThan(1e-4);
    }
    expect(derivatives[0]).toBe(1);
    expect(derivatives[shape.bins]).toBe(1);
  });

  // The spline is C¹ but not C² at its knots, where a steep bin next to a flat one bends
  // sharply: there a difference quotient measures the bend, not g′, so points within two steps
  // of a knot (±B included) are left to the knot test above.
  test.each([1, 2, 3])(
    '[seed %i] log g′ equals the numerical derivative away from knots',
    (seed) => {
      const { parameters, values, x } = onGrid(seed);
      const step = 1e-3;
      const knots = splineKnots(parameters, shape)
        .xKnots.dataSync()
        .slice(0, shape.bins + 1);
      const f = (v: tf.Tensor2D) => rationalQuadraticSpline(v, parameters, 'forward', shape);
      const plus = f(tf.add(x, step) as tf.Tensor2D).output.dataSync();
      const minus = f(tf.sub(x, step) as tf.Tensor2D).output.dataSync();
      const analytic = f(x).logAbsDerivative.dataSync();
      let worst = 0;
      let compared = 0;
      for (let i = 0; i < grid; i++) {
        if (knots.some((knot) => Math.abs(values[i] - knot) < 2 * step)) continue;
        const numeric = Math.log((plus[i] - minus[i]) / (2 * step));
        worst = Math.max(worst, Math.abs(numeric - analytic[i]));
        compared += 1;
      }
      expect(compared).toBeGreaterThan(grid - 2 * (shape.bins + 1));
      expect(worst).toBeLessThan(5e-3);
    },
  );

  test.each([1, 2, 3])('[seed %i] inverse(forward(x)) = x, including knots and ±B', (seed) => {
    const { parameters, values, x } = onGrid(seed);
    const knots = splineKnots(parameters, shape)
      .xKnots.dataSync()
      .slice(0, shape.bins + 1);
    // Put the first rows exactly on the knots.
    const withKnots = values.slice();
    withKnots.set(knots, 0);
    const input = tf.tensor2d(withKnots, [grid, 1]);
    const forward = rationalQuadraticSpline(input, parameters, 'forward', shape);
    const back = rationalQuadraticSpline(forward.output, parameters, 'inverse', shape);
    expect(maxAbsDifference(back.output, input)).toBeLessThan(1e-4);
    expect(
      maxAbsDifference(
        tf.add(back.logAbsDerivative, forward.logAbsDerivative),
        tf.zeros([grid, 1]),
      ),
    ).toBeLessThan(1e-3);
    expect(maxAbsDifference(forward.output, x)).toBeGreaterThan(0.05);
  });

  test('zero parameters give the identity', () => {
    const { values, x } = onGrid(1);
    const parameters = tf.zeros([grid, 1, splineParameterCount(shape.bins)]) as tf.Tensor3D;
    const { output, logAbsDerivative } = rationalQuadraticSpline(x, parameters, 'forward', shape);
    expect(maxAbsDifference(output, tf.tensor2d(values, [grid, 1]))).toBeLessThan(1e-6);
    expect(tf.max(tf.abs(logAbsDerivative)).dataSync()[0]).toBeLessThan(1e-6);
  });

  test('gradients reach every spline parameter of a transformed value', () => {
    const parameters = randomParameters(64, 1, shape.bins, 4);
    const x = tf.tensor2d(
      Float32Array.from({ length: 64 }, (_, i) => -2.9 + (5.8 * i) / 63),
      [64, 1],
    );
    const gradient = tf.grad((p: tf.Tensor) =>
      tf.sum(rationalQuadraticSpline(x, p as tf.Tensor3D, 'forward', shape).logAbsDerivative),
    )(parameters);
    const values = gradient.dataSync();
    expect(values.every(Number.isFinite)).toBe(true);
    // Every one of the 3K−1 parameters moves the log-density of some value.
    const perParameter = tf.sum(tf.abs(gradient), [0, 1]).dataSync();
    for (const value of perParameter) expect(value).toBeGreaterThan(0);
  });
});

describe('neural spline flow', () => {
  const dimension = 6;

  /** A skewed batch stretched so that some values fall in the tails (|x| > B = 2). */
  function batchWithTails(rows: number, seed: number): tf.Tensor2D {
    return tf.mul(skewedBatch(rows, dimension, seed), 1.5) as tf.Tensor2D;
  }

  function randomFlow(seed: number) {
    const flow = neuralSplineFlow({
      dimension,
      layers: 4,
      bins: 6,
      bound: 2,
      hidden: [16, 16],
      seed,
    });
    // Why 0.2: much larger weights drive g′ towards the minimum derivative, where float32
    // inversion loses digits (the error grows like 1/g′), whatever the method.
    randomizeWeights(flow, seed + 100, 0.2);
    return flow;
  }

  test('a new flow is the identity with zero log-det', () => {
    const flow = neuralSplineFlow({ dimension, layers: 4, bound: 2, seed: 3 });
    const x = batchWithTails(200, 1);
    const { output, logDet } = flow.forwardAndLogDet(x);
    expect(maxAbsDifference(output, x)).toBeLessThan(1e-5);
    expect(tf.max(tf.abs(logDet)).dataSync()[0]).toBeLessThan(1e-5);
    flow.dispose();
  });

  test('inverse(forward(x)) = x to 1e-4 with weights far from the identity, tails included', () => {
    const flow = randomFlow(7);
    const x = batchWithTails(500, 2);
    const outside = tf.sum(tf.cast(tf.greater(tf.abs(x), 2), 'float32')).dataSync()[0];
    expect(outside).toBeGreaterThan(50);
    const { output, logDet } = flow.forwardAndLogDet(x);
    expect(maxAbsDifference(output, x)).toBeGreaterThan(0.1);
    const back = flow.inverseAndLogDet(output);
    expect(maxAbsDifference(back.output, x)).toBeLessThan(1e-4);
    expect(maxAbsDifference(tf.add(back.logDet, logDet), tf.zeros([500]))).toBeLessThan(1e-3);
    flow.dispose();
  });

  test('a batch of one row gives the same as that row in a batch', () => {
    const flow = randomFlow(8);
    const x = batchWithTails(20, 3);
    const whole = flow.forwardAndLogDet(x);
    for (const row of [0, 7, 19]) {
      const single = tf.slice(x, [row, 0], [1, dimension]);
      const one = flow.forwardAndLogDet(single);
      expect(
        maxAbsDifference(one.output, tf.slice(whole.output, [row, 0], [1, dimension])),
      ).toBeLessThan(1e-6);
      expect(maxAbsDifference(one.logDet, tf.slice(whole.logDet, [row], [1]))).toBeLessThan(1e-5);
      expect(maxAbsDifference(flow.inverse(one.output), single)).toBeLessThan(1e-4);
    }
    flow.dispose();
  });

  for (const d of [2, 3, 5]) {
    test(`[spline d=${d}] log|det J| equals the numerical value`, () => {
      const flow = neuralSplineFlow({
        dimension: d,
        layers: 4,
        bins: 5,
        bound: 2,
        hidden: [8, 8],
        activation: 'tanh',
        seed: d,
      });
      randomizeWeights(flow, 40 + d, 0.3);
      const x = tf.mul(skewedBatch(4, d, d), 1.2).dataSync() as Float32Array;
      const { logDet } = flow.forwardAndLogDet(tf.tensor2d(x, [4, d]));
      const analytic = logDet.dataSync();
      for (let row = 0; row < 4; row++) {
        const point = x.slice(row * d, (row + 1) * d);
        const numeric = numericalLogDet((batch) => flow.forward(batch), point, d, 1e-3);
        expect(Math.abs(numeric - analytic[row])).toBeLessThan(5e-3);
      }
      flow.dispose();
    });
  }

  test('deserialize(serialize(flow)) gives identical outputs and log-dets', () => {
    const flow = randomFlow(9);
    const saved = serializeFlow(flow);
    const manifest = JSON.parse(JSON.stringify(saved.manifest));
    expect(manifest.transform.steps[0]).toMatchObject({
      type: 'rational-quadratic-spline-coupling',
      bins: 6,
      bound: 2,
    });
    const copy = deserializeFlow({ manifest, weights: saved.weights.slice() });
    const x = batchWithTails(64, 8);
    for (const direction of ['forward', 'inverse'] as const) {
      const a = direction === 'forward' ? flow.forwardAndLogDet(x) : flow.inverseAndLogDet(x);
      const b = direction === 'forward' ? copy.forwardAndLogDet(x) : copy.inverseAndLogDet(x);
      expect(Array.from(b.output.dataSync())).toEqual(Array.from(a.output.dataSync()));
      expect(Array.from(b.logDet.dataSync())).toEqual(Array.from(a.logDet.dataSync()));
    }
    flow.dispose();
    copy.dispose();
  });

  test('training steps lower the loss and keep the flow invertible', () => {
    const flow = neuralSplineFlow({
      dimension,
      layers: 4,
      bins: 8,
      bound: 3,
      hidden: [16, 16],
      seed: 5,
    });
    const x = skewedBatch(200, dimension, 3);
    const optimizer = tf.train.adam(3e-3);
    const losses: number[] = [];
    for (let step = 0; step < 10; step++) {
      const loss = optimizer.minimize(
        () => tf.neg(tf.mean(flow.logProb(x))) as tf.Scalar,
        true,
        flow.trainableVariables(),
      );
      losses.push(loss!.dataSync()[0]);
      loss!.dispose();
    }
    expect(losses.every(Number.isFinite)).toBe(true);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    const held = batchWithTails(300, 4);
    expect(maxAbsDifference(flow.inverse(flow.forward(held)), held)).toBeLessThan(1e-4);
    flow.dispose();
  });
});

describe('argument checks', () => {
  test('a bad spline shape names the argument and the value', () => {
    expect(() => neuralSplineFlow({ dimension: 4, bins: 1 })).toThrow(
      /bins must be an integer >= 2, got 1/,
    );
    expect(() => neuralSplineFlow({ dimension: 4, bound: 0 })).toThrow(
      /bound must be a positive number, got 0/,
    );
    expect(() => checkSplineShape({ bins: 10, minimumBinWidth: 0.2 })).toThrow(
      /minimumBinWidth must be in \(0, 1\/bins\)/,
    );
    expect(() => checkSplineShape({ minimumDerivative: 1 })).toThrow(FlowdaError);
    expect(() => neuralSplineFlow({ dimension: 1 })).toThrow(
      /dimension must be an integer >= 2, got 1/,
    );
  });

  test('a coupling with a mask of the wrong length is refused', () => {
    expect(
      () => new RationalQuadraticSplineCoupling({ dimension: 3, mask: [1, 0], seed: 0 }),
    ).toThrow(/mask length must be equal to dimension 3, got 2/);
  });

  test('parameters of the wrong shape are refused', () => {
    const shape = checkSplineShape({ bins: 4 });
    const x = tf.zeros([3, 2]) as tf.Tensor2D;
    expect(() =>
      rationalQuadraticSpline(x, tf.zeros([3, 2, 10]) as tf.Tensor3D, 'forward', shape),
    ).toThrow(/spline parameters shape must be \[batch, D, 11\]/);
    expect(() =>
      rationalQuadraticSpline(x, tf.zeros([2, 2, 11]) as tf.Tensor3D, 'forward', shape),
    ).toThrow(/spline parameters shape must be \[3, 2, 11\]/);
  });
});
