import { workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend } from '@flowda/core';
const { ctl } = workerData;
const b = await selectBackend('wasm');
const flow = realNVP({ dimension: 71, seed: 1 });
Atomics.store(ctl, 1, flow.trainableVariables().length); Atomics.add(ctl, 0, 1); Atomics.notify(ctl, 0);
setInterval(() => {}, 1000); // stay alive
