import { Worker } from 'node:worker_threads';
const ctl = new Int32Array(new SharedArrayBuffer(64));
const child = new URL(process.argv[2] ?? './scratch-child.mjs', import.meta.url).href;
const coord = `
const { Worker, workerData } = require('node:worker_threads');
const { ctl, child } = workerData;
const w = new Worker(new URL(child), { workerData: { ctl } });
w.on('error', (e) => { Atomics.store(ctl, 2, 99); Atomics.add(ctl, 0, 1); Atomics.notify(ctl, 0); });
w.on('exit', (code) => { Atomics.store(ctl, 3, code + 1); Atomics.add(ctl, 0, 1); Atomics.notify(ctl, 0); });
`;
const c = new Worker(coord, { eval: true, workerData: { ctl, child } });
c.unref();
const t = performance.now();
while (Atomics.load(ctl, 1) === 0) { Atomics.wait(ctl, 0, Atomics.load(ctl, 0), 1000); console.log('woke', ctl.slice(0,4), (performance.now()-t).toFixed(0)); if (ctl[2]) break; }
console.log('child ready', (performance.now() - t).toFixed(0), 'ms; value', ctl[1]);
c.terminate();
setTimeout(() => console.log('main done, still alive?'), 500);
