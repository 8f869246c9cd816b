import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend, SeededRandom } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import { train, trainFlowParallel } from '../../packages/adapt/dist/index.js';
await selectBackend('wasm');
const random = new SeededRandom(5);
const D = 5;
const split = (rows) => ({ inputs: { rows, cols: D, data: Float32Array.from(random.normals(rows * D), (v, i) => v * (1 + (i % D)) + (i % 3)) } });
const data = { train: split(256), validation: split(64) };
const weights = (flow) => flow.trainableVariables().map((v) => v.dataSync());
for (const [rows, lr] of [[64, 1e-3], [256, 1e-3], [256, 1e-2]]) {
  const d = { train: { inputs: { rows, cols: D, data: data.train.inputs.data.subarray(0, rows * D) } }, validation: data.validation };
  const opts = { epochs: 1, batchSize: 64, learningRate: lr, seed: 1 };
  const serial = realNVP({ dimension: D, layers: 3, hidden: [16, 16], seed: 3, scaleBound: 'tanh' });
  train((x) => negativeLogLikelihood(serial, x), serial.trainableVariables(), d, opts);
  const ws = weights(serial);
  const init = weights(realNVP({ dimension: D, layers: 3, hidden: [16, 16], seed: 3, scaleBound: 'tanh' }));
  for (const workers of [1, 2, 3]) {
    const par = realNVP({ dimension: D, layers: 3, hidden: [16, 16], seed: 3, scaleBound: 'tanh' });
    trainFlowParallel(par, d, { ...opts, workers });
    const wp = weights(par);
    let max = 0, moved = 0;
    ws.forEach((a, k) => a.forEach((v, i) => { max = Math.max(max, Math.abs(v - wp[k][i])); moved = Math.max(moved, Math.abs(v - init[k][i])); }));
    console.log(`rows ${rows} lr ${lr} workers ${workers}: max |Δw| ${max.toExponential(2)} (largest move ${moved.toExponential(2)})`);
  }
}
