import * as tf from '@tensorflow/tfjs-core';
import { type Flow, neuralSplineFlow, SeededRandom, selectBackend } from '@flowda/core';
import { test } from 'vitest';
const dimension = 2, sigma = 0.5;
function conditionalSample(rows: number, seed: number) {
  const random = new SeededRandom(seed);
  const context = new Float32Array(rows); const x = new Float32Array(rows * dimension);
  for (let i = 0; i < rows; i++) { context[i] = 2 * random.uniform() - 1; for (let j = 0; j < dimension; j++) x[i * dimension + j] = 2 * context[i] + sigma * random.normal(); }
  return { x: tf.tensor2d(x, [rows, dimension]), context: tf.tensor2d(context, [rows, 1]), values: x, contexts: context };
}
function fit(flow: Flow, steps: number, lr: number, batch: number) {
  const train = conditionalSample(4000, 1); let optimizer = tf.train.adam(lr); const random = new SeededRandom(2);
  for (let step = 0; step < steps; step++) {
    if (step === Math.round((2 * steps) / 3)) { optimizer.dispose(); optimizer = tf.train.adam(lr / 10); }
    const rows = tf.tensor1d(Array.from({ length: batch }, () => random.integer(4000)), 'int32');
    optimizer.minimize(() => tf.neg(tf.mean(flow.logProb(tf.gather(train.x, rows), tf.gather(train.context, rows)))) as tf.Scalar, false, flow.trainableVariables());
    rows.dispose();
  }
}
test('scratch', async () => {
  await selectBackend();
  const configs = [
    { layers: 2, hidden: [32, 32], bins: 8, bound: 4, lr: 1e-2, steps: 450, batch: 512 },
    { layers: 2, hidden: [32, 32], bins: 8, bound: 4, lr: 5e-3, steps: 450, batch: 512 },
    { layers: 2, hidden: [16, 16], bins: 4, bound: 4, lr: 1e-2, steps: 450, batch: 512 },
    { layers: 2, hidden: [32], bins: 8, bound: 5, lr: 1e-2, steps: 450, batch: 512 },
    { layers: 4, hidden: [16, 16], bins: 8, bound: 4, lr: 1e-2, steps: 300, batch: 512 },
  ];
  for (const c of configs) {
    const t0 = performance.now();
    const flow = neuralSplineFlow({ dimension, layers: c.layers, bins: c.bins, bound: c.bound, hidden: c.hidden, contextDimension: 1, seed: 4 });
    fit(flow, c.steps, c.lr, c.batch);
    const test = conditionalSample(3000, 3);
    const model = -tf.mean(flow.logProb(test.x, test.context)).dataSync()[0];
    let truth = 0; for (let i = 0; i < 3000; i++) for (let j = 0; j < 2; j++) { const r = (test.values[i*2+j] - 2*test.contexts[i])/sigma; truth += 0.5*Math.log(2*Math.PI*sigma*sigma) + 0.5*r*r; } truth /= 3000;
    const means = [-0.8, 0, 0.8].map((cc) => Math.max(...Array.from(tf.mean(flow.sample(3000, { seed: 5, context: tf.fill([3000, 1], cc) as tf.Tensor2D }), 0).dataSync()).map((m) => Math.abs(m - 2 * cc))));
    const x = tf.tensor2d([[0.8, 0.8]]);
    const diff = flow.logProb(x, tf.tensor2d([[0.4]])).dataSync()[0] - flow.logProb(x, tf.tensor2d([[-0.4]])).dataSync()[0];
    console.log(JSON.stringify(c), 'gap', (model - truth).toFixed(4), 'mean err', means.map((m) => m.toFixed(3)).join(' '), 'diff', diff.toFixed(2), 'ms', (performance.now() - t0).toFixed(0));
  }
});
