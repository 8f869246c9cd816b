import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend } from '@flowda/core';
await selectBackend('wasm');
const flow = realNVP({ dimension: 71, seed: 1, scaleBound: 'tanh' });
const vars = flow.trainableVariables();
const P = vars.reduce((a, v) => a + v.size, 0);
const w = new Float32Array(new SharedArrayBuffer(P * 4)), g = new Float32Array(new SharedArrayBuffer(P * 4 * 2));
const m = new Float32Array(P), v = new Float32Array(P);
for (let i = 0; i < g.length; i++) g[i] = Math.random() - 0.5;
function adam(lo, hi, t) {
  const b1 = 0.9, b2 = 0.999, lr = 1e-3, eps = 1e-7, c1 = 1 - b1 ** t, c2 = 1 - b2 ** t, inv = 1 / 100;
  for (let i = lo; i < hi; i++) {
    const gi = (g[i] + g[i + P]) * inv;
    const mi = b1 * m[i] + (1 - b1) * gi; const vi = b2 * v[i] + (1 - b2) * gi * gi;
    m[i] = mi; v[i] = vi;
    w[i] = w[i] - lr * (mi / c1) / (Math.sqrt(vi / c2) + eps);
  }
}
for (let r = 0; r < 5; r++) { const t = performance.now(); adam(0, P, r + 1); console.log('adam full', (performance.now() - t).toFixed(1)); }
let offs = []; let o = 0; for (const x of vars) { offs.push(o); o += x.size; }
for (let r = 0; r < 5; r++) {
  let t = performance.now();
  tf.tidy(() => vars.forEach((x, k) => x.assign(tf.tensor(w.slice(offs[k], offs[k] + x.size), x.shape))));
  const ta = performance.now() - t; t = performance.now();
  vars.forEach((x, k) => g.set(x.dataSync(), offs[k]));
  console.log('assign', ta.toFixed(1), 'read', (performance.now() - t).toFixed(1), tf.memory().numTensors);
}
