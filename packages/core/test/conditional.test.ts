import {
  deserializeFlow,
  type Flow,
  neuralSplineFlow,
  realNVP,
  SeededRandom,
  selectBackend,
  serializeFlow,
} from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { maxAbsDifference, randomizeWeights } from './helpers.js';

beforeAll(async () => {
  await selectBackend();
});

const dimension = 2;
const sigma = 0.5;

/** c ~ U(−1, 1); each of the D features of x ~ N(2c, σ²) independently. */
function conditionalSample(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const context = new Float32Array(rows);
  const x = new Float32Array(rows * dimension);
  for (let i = 0; i < rows; i++) {
    context[i] = 2 * random.uniform() - 1;
    for (let j = 0; j < dimension; j++)
      x[i * dimension + j] = 2 * context[i] + sigma * random.normal();
  }
  return {
    x: tf.tensor2d(x, [rows, dimension]),
    context: tf.tensor2d(context, [rows, 1]),
    values: x,
    contexts: context,
  };
}

/** −(1/N)·Σ log p_true(x | c) of the generating density. */
function trueNegativeLogLikelihood(values: Float32Array, contexts: Float32Array): number {
  let total = 0;
  for (let i = 0; i < contexts.length; i++) {
    for (let j = 0; j < dimension; j++) {
      const r = (values[i * dimension + j] - 2 * contexts[i]) / sigma;
      total += 0.5 * Math.log(2 * Math.PI * sigma * sigma) + 0.5 * r * r;
    }
  }
  return total / contexts.length;
}

/** Mini-batch Adam on −mean log p(x | c), the step size divided by 10 for the last third. */
function fit(flow: Flow, steps: number, learningRate: number): void {
  const train = conditionalSample(4000, 1);
  let optimizer = tf.train.adam(learningRate);
  const random = new SeededRandom(2);
  const batch = 512;
  for (let step = 0; step < steps; step++) {
    if (step === Math.round((2 * steps) / 3)) {
      optimizer.dispose();
      optimizer = tf.train.adam(learningRate / 10);
    }
    const rows = tf.tensor1d(
      Array.from({ length: batch }, () => random.integer(4000)),
      'int32',
    );
    optimizer.minimize(
      () =>
        tf.neg(
          tf.mean(flow.logProb(tf.gather(train.x, rows), tf.gather(train.context, rows))),
        ) as tf.Scalar,
      false,
      flow.trainableVariables(),
    );
    rows.dispose();
  }
  optimizer.dispose();
}

const cases = [
  {
    name: 'spline',
    build: () =>
      neuralSplineFlow({
        dimension,
        layers: 2,
        bins: 4,
        bound: 4,
        hidden: [16, 16],
        contextDimension: 1,
        seed: 4,
      }),
    steps: 450,
    learningRate: 1e-2,
  },
  {
    name: 'realnvp',
    build: () => realNVP({ dimension, layers: 2, hidden: [16, 16], contextDimension: 1, seed: 4 }),
    steps: 450,
    learningRate: 1e-2,
  },
];

describe.each(cases)(
  '[$name] conditional flow on x ~ N(2c, 0.5²)',
  ({ build, steps, learningRate }) => {
    let flow: Flow;

    beforeAll(() => {
      flow = build();
      fit(flow, steps, learningRate);
    });

    test('test NLL is within 0.1 nats of the true conditional density', () => {
      const test = conditionalSample(3000, 3);
      const model = -tf.mean(flow.logProb(test.x, test.context)).dataSync()[0];
      const truth = trueNegativeLogLikelihood(test.values, test.contexts);
      expect(Math.abs(model - truth)).toBeLessThan(0.1);
    });

    // Why 0.15 (0.3σ): a mean off by δ costs δ²/2σ² nats, so 0.15 matches a fit within 0.05 nats.
    test.each([-0.8, 0, 0.8])('samples at c = %f have mean 2c and spread 0.5', (c) => {
      const count = 3000;
      const context = tf.fill([count, 1], c) as tf.Tensor2D;
      const samples = flow.sample(count, { seed: 5, context });
      const { mean, variance } = tf.moments(samples, 0);
      const means = mean.dataSync();
      const spreads = tf.sqrt(variance).dataSync();
      for (let j = 0; j < dimension; j++) {
        expect(Math.abs(means[j] - 2 * c)).toBeLessThan(0.15);
        expect(Math.abs(spreads[j] - sigma)).toBeLessThan(0.08);
      }
    });

    test('the density depends on the context as the true one does', () => {
      const x = tf.tensor2d([[0.8, 0.8]]);
      const near = flow.logProb(x, tf.tensor2d([[0.4]])).dataSync()[0];
      const far = flow.logProb(x, tf.tensor2d([[-0.4]])).dataSync()[0];
      // The true difference: each feature is 0σ from 2c = 0.8 and 3.2σ from 2c = −0.8, so
      // log p(x | 0.4) − log p(x | −0.4) = 2·3.2²/2 = 10.24 nats.
      expect(Math.abs(near - far - 10.24)).toBeLessThan(2);
    });
  },
);

describe.each([
  {
    name: 'spline',
    build: (seed: number) =>
      neuralSplineFlow({ dimension: 4, layers: 3, bins: 5, bound: 3, contextDimension: 3, seed }),
  },
  {
    name: 'realnvp',
    build: (seed: number) => realNVP({ dimension: 4, layers: 3, contextDimension: 3, seed }),
  },
])('[$name] conditional interface', ({ build }) => {
  function randomFlow(seed: number): Flow {
    const flow = build(seed);
    randomizeWeights(flow, seed + 1, 0.2);
    return flow;
  }

  function batch(rows: number, width: number, seed: number): tf.Tensor2D {
    return tf.tensor2d(new SeededRandom(seed).normals(rows * width), [rows, width]);
  }

  test('reports its context width and inverts with the same context', () => {
    const flow = randomFlow(1);
    expect(flow.contextDimension).toBe(3);
    const x = batch(100, 4, 2);
    const context = batch(100, 3, 3);
    const { output, logDet } = flow.forwardAndLogDet(x, context);
    const back = flow.inverseAndLogDet(output, context);
    expect(maxAbsDifference(back.output, x)).toBeLessThan(1e-4);
    expect(maxAbsDifference(tf.add(back.logDet, logDet), tf.zeros([100]))).toBeLessThan(1e-3);
  });

  test('a different context gives a different density of the same events', () => {
    const flow = randomFlow(4);
    const x = batch(50, 4, 5);
    const a = flow.logProb(x, batch(50, 3, 6));
    const b = flow.logProb(x, batch(50, 3, 7));
    expect(maxAbsDifference(a, b)).toBeGreaterThan(0.01);
  });

  test('sample(n, {seed, context}) is reproducible and follows the context', () => {
    const flow = randomFlow(8);
    const context = batch(30, 3, 9);
    const first = flow.sample(30, { seed: 10, context });
    const again = flow.sample(30, { seed: 10, context });
    expect(first.shape).toEqual([30, 4]);
    expect(maxAbsDifference(first, again)).toBe(0);
    const otherContext = flow.sample(30, { seed: 10, context: batch(30, 3, 11) });
    expect(maxAbsDifference(first, otherContext)).toBeGreaterThan(0.01);
  });

  test('save and load keep the context width and the conditional density', () => {
    const flow = randomFlow(12);
    const saved = serializeFlow(flow);
    const copy = deserializeFlow({
      manifest: JSON.parse(JSON.stringify(saved.manifest)),
      weights: saved.weights,
    });
    expect(copy.contextDimension).toBe(3);
    const x = batch(20, 4, 13);
    const context = batch(20, 3, 14);
    expect(Array.from(copy.logProb(x, context).dataSync())).toEqual(
      Array.from(flow.logProb(x, context).dataSync()),
    );
  });

  test('a missing or mis-shaped context is refused with the shapes named', () => {
    const flow = randomFlow(15);
    const x = batch(5, 4, 16);
    expect(() => flow.logProb(x)).toThrow(/context shape must be \[5, 3\], got undefined/);
    expect(() => flow.logProb(x, batch(5, 2, 17))).toThrow(
      /context shape must be \[5, 3\], got \[5, 2\]/,
    );
    expect(() => flow.sample(4, { seed: 1, context: batch(3, 3, 18) })).toThrow(
      /context shape must be \[4, 3\], got \[3, 3\]/,
    );
  });
});
