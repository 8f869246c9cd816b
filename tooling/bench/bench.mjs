// `pnpm bench`: training throughput of the reference configuration (32-layer RealNVP, D = 71,
// hidden 2·D, 2·D) at batch 100 and 1000, and ONNX inference throughput in onnxruntime-node.
// Reference on the 2-core development machine: normflows/PyTorch trains this flow at ~560
// events/s (batch 100) and ~1,270 events/s (batch 1000).
//
// Training is measured three ways: tfjs's Adam on one thread (the loop of `train()`), and
// `trainFlowParallel` with 1 and with 2 threads. Each measurement runs about `--seconds`/2 and
// leaves out its first step (JIT and operator set-up). The machine must be otherwise idle for
// the figures to mean anything; `--repeat=N` keeps the best of N runs of each.
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { trainFlowParallel } from '@flowda/adapt';
import { realNVP, SeededRandom, selectBackend } from '@flowda/core';
import { flowForwardGraph, flowInverseGraph, serializeOnnxGraph } from '@flowda/io';
import { negativeLogLikelihood } from '@flowda/losses';
import { FlowdaModel } from '@flowda/runtime';
import * as tf from '@tensorflow/tfjs-core';

const REFERENCE = { 100: 560, 1000: 1270 };
const dimension = 71;
const args = process.argv.slice(2);
const option = (name, fallback) =>
  args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const seconds = Number(option('seconds', 20));
const repeat = Number(option('repeat', 1));
const only = option('only', 'all');

const backend = await selectBackend(option('backend', 'auto'));
console.log(
  `backend: ${backend.name}; ${availableParallelism()} cores; best of ${repeat} run(s) each`,
);
const random = new SeededRandom(1);
const newFlow = () => realNVP({ dimension, seed: 1, scaleBound: 'tanh' });
const results = [];

/** Events per second of tfjs's Adam on one thread, stepping on one fixed batch. */
function serialRate(batch) {
  const flow = newFlow();
  const variables = flow.trainableVariables();
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
  x.dispose();
  optimizer.dispose();
  flow.dispose();
  return rate;
}

/** Events per second of one epoch of `trainFlowParallel`, its first step left out. */
function parallelRate(batch, workers, expectedRate) {
  const steps = Math.max(4, Math.ceil((expectedRate * seconds) / 2 / batch) + 1);
  const rows = steps * batch;
  const split = (count) => ({
    inputs: { rows: count, cols: dimension, data: random.normals(count * dimension) },
  });
  const flow = newFlow();
  let firstStepEnded = 0;
  let lastStepEnded = 0;
  trainFlowParallel(
    flow,
    { train: split(rows), validation: split(batch) },
    {
      epochs: 1,
      batchSize: batch,
      learningRate: 1e-4,
      workers,
      onProgress: (p) => {
        if (p.phase !== 'batch') return;
        if (p.batch === 1) firstStepEnded = performance.now();
        lastStepEnded = performance.now();
      },
    },
  );
  flow.dispose();
  return ((steps - 1) * batch) / ((lastStepEnded - firstStepEnded) / 1000);
}

const best = (measure) => Math.max(...Array.from({ length: repeat }, measure));

if (only === 'all' || only === 'train') {
  for (const batch of [100, 1000]) {
    const serial = best(() => serialRate(batch));
    const oneThread = best(() => parallelRate(batch, 1, serial));
    const twoThreads = best(() => parallelRate(batch, 2, 1.6 * oneThread));
    const what = `train 32-layer RealNVP D=71, batch ${batch}`;
    results.push(
      {
        what: `${what}, tfjs Adam, 1 thread`,
        eventsPerSecond: serial,
        reference: REFERENCE[batch],
      },
      {
        what: `${what}, trainFlowParallel 1 worker`,
        eventsPerSecond: oneThread,
        reference: REFERENCE[batch],
      },
      {
        what: `${what}, trainFlowParallel 2 workers`,
        eventsPerSecond: twoThreads,
        reference: REFERENCE[batch],
      },
    );
  }
}

if (only === 'all' || only === 'onnx') {
  const flow = newFlow();
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
  flow.dispose();
}

for (const r of results) {
  const versus = r.reference
    ? ` (normflows/PyTorch reference ${r.reference}: ×${(r.eventsPerSecond / r.reference).toFixed(2)})`
    : '';
  console.log(`${r.what}: ${r.eventsPerSecond.toFixed(0)} events/s${versus}`);
}
