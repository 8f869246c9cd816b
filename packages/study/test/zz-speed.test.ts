import { test } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import { train } from '@flowda/adapt';

function rand(rows: number, cols: number) {
  const d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = Math.random() * 2 - 1 + (i % cols === 0 ? Math.random() : 0);
  return { rows, cols, data: d };
}
test('speed', async () => {
  await selectBackend();
  for (const [D, layers, hidden, batch] of [[8, 8, 32, 100], [8, 8, 32, 256], [8, 8, 32, 512], [8, 12, 64, 512], [6, 8, 32, 512]] as const) {
    const flow = realNVP({ dimension: D, layers, hidden: [hidden, hidden], scaleBound: 'tanh', seed: 1 });
    const x = rand(20000, D);
    const h = train((b) => negativeLogLikelihood(flow, b), flow.trainableVariables(), { train: { inputs: x }, validation: { inputs: rand(1000, D) } }, { epochs: 1, batchSize: batch });
    process.stdout.write(`D${D} L${layers} H${hidden} B${batch}: ${h.eventsPerSecond.toFixed(0)} ev/s\n`);
    flow.dispose();
  }
});
