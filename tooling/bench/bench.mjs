// `pnpm bench`: training throughput of the reference configuration (32-layer RealNVP, D = 71,
// hidden 2·D, 2·D) at batch 100 and 1000, and ONNX inference throughput in onnxruntime-node.
// Reference on the 2-core development machine: normflows/PyTorch trains this flow at ~560
// events/s (batch 100) and ~1,270 events/s (batch 1000).
import { performance } from 'node:perf_hooks';
import { realNVP, SeededRandom, selectBackend } from '@flowda/core';
import { flowForwardGraph, flowInverseGraph, serializeOnnxGraph } from '@flowda/io';
import { negativeLogLikelihood } from '@flowda/losses';
import { FlowdaModel } from '@flowda/runtime';
import * as tf from '@tensorflow/tfjs-core';

const REFERENCE = { 100: 560, 1000: 1270 };
const dimension = 71;
const args = process.argv.slice(2);
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.split('=')[1] ?? 20);

const backend = await selectBackend(
  args.find((a) => a.startsWith('--backend='))?.split('=')[1] ?? 'auto',
);
console.log(`backend: ${backend.name}`);
const random = new SeededRandom(1);
const flow = realNVP({ dimension, seed: 1, scaleBound: 'tanh' });
const variables = flow.trainableVariables();
const results = [];

for (const batch of [100, 1000]) {
  const optimizer = tf.train.adam(1e-4);
  const x = tf.tensor2d(random.normals(batch * dimension), [batch, dimension]);
  const step = () => {
    const loss = optimizer.minimize(() => negativeLogLikelihood(flow, x), true, variables);
    loss.dataSync();
    loss.dispose();
  };
  step();
  let events = 0;
  const started = performance.now();
  while (performance.now() - started < (seconds * 1000) / 2 || events < 3 * batch) {
    step();
    events += batch;
  }
  const rate = events / ((performance.now() - started) / 1000);
  results.push({
    what: `train 32-layer RealNVP D=71, batch ${batch}`,
    eventsPerSecond: rate,
    reference: REFERENCE[batch],
  });
  x.dispose();
  optimizer.dispose();
}

const rows = 100_000;
const inputs = random.normals(rows * dimension);
for (const [name, graph, input] of [
  ['forward', flowForwardGraph(flow), 'x'],
  ['inverse', flowInverseGraph(flow), 'z'],
]) {
  const model = await FlowdaModel.load(serializeOnnxGraph(graph));
  await model.runChunked(inputs.subarray(0, 10_000 * dimension), dimension, {
    inputName: input,
    chunkSize: 10_000,
  });
  const started = performance.now();
  await model.runChunked(inputs, dimension, { inputName: input, chunkSize: 10_000 });
  const rate = rows / ((performance.now() - started) / 1000);
  results.push({
    what: `onnxruntime-node ${name}, 32-layer RealNVP D=71, chunks of 10000`,
    eventsPerSecond: rate,
  });
  await model.release();
}

for (const r of results) {
  const versus = r.reference
    ? ` (normflows/PyTorch reference ${r.reference}: ×${(r.eventsPerSecond / r.reference).toFixed(2)})`
    : '';
  console.log(`${r.what}: ${r.eventsPerSecond.toFixed(0)} events/s${versus}`);
}
