import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend, SeededRandom } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import { train, trainFlowParallel } from '../../packages/adapt/dist/index.js';
await selectBackend('wasm');
const random = new SeededRandom(5);
const D = 4;
const split = (rows) => ({ inputs: { rows, cols: D, data: Float32Array.from(random.normals(rows * D)) } });
const data = { train: split(2000), validation: split(500), test: split(500) };
for (const workers of [0, 1, 2, 3]) {
  const flow = realNVP({ dimension: D, layers: 4, hidden: [16, 16], seed: 3 });
  const opts = { epochs: 3, batchSize: 100, learningRate: 1e-3, seed: 1 };
  const t = performance.now();
  const h = workers === 0 ? train((x) => negativeLogLikelihood(flow, x), flow.trainableVariables(), data, opts) : trainFlowParallel(flow, data, { ...opts, workers });
  console.log(workers, (performance.now() - t).toFixed(0), 'ms', h.trainLoss.map(v=>v.toFixed(6)), h.validationLoss.map(v=>v.toFixed(6)), h.testLoss.toFixed(6));
  flow.dispose();
}
