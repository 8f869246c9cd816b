import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend, SeededRandom } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
await selectBackend('wasm');
const D = 71;
const flow = realNVP({ dimension: D, seed: 1, scaleBound: 'tanh' });
const vars = flow.trainableVariables();
const random = new SeededRandom(1);
for (const batch of [50, 1000]) {
  const x = tf.tensor2d(random.normals(batch * D), [batch, D]);
  tf.tidy(() => tf.variableGrads(() => negativeLogLikelihood(flow, x), vars));
  const info = await tf.profile(() => { const g = tf.variableGrads(() => negativeLogLikelihood(flow, x), vars); tf.dispose(g.grads); g.value.dispose(); });
  const by = new Map();
  for (const k of info.kernels) { const key = k.name + ' ' + JSON.stringify(k.inputShapes); const e = by.get(key) ?? {n:0, ms:0}; e.n++; e.ms += k.kernelTimeMs; by.set(key, e); }
  const total = info.kernels.reduce((a,k)=>a+k.kernelTimeMs,0);
  console.log(`batch ${batch}: kernels ${info.kernels.length}, kernel ms ${total.toFixed(1)}`);
  [...by.entries()].sort((a,b)=>b[1].ms-a[1].ms).slice(0,25).forEach(([k,e]) => console.log(`  ${e.ms.toFixed(1).padStart(7)} ms ${String(e.n).padStart(5)}x ${k}`));
  const t=performance.now(); for(let i=0;i<3;i++){ const g = tf.variableGrads(() => negativeLogLikelihood(flow, x), vars); tf.dispose(g.grads); g.value.dispose();} console.log('wall', ((performance.now()-t)/3).toFixed(1));
}
