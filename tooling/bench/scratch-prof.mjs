import * as tf from '@tensorflow/tfjs-core';
import { realNVP, selectBackend, SeededRandom } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
await selectBackend('wasm');
const D = 71;
const flow = realNVP({ dimension: D, seed: 1, scaleBound: 'tanh' });
const vars = flow.trainableVariables();
console.log('params', vars.reduce((a, v) => a + v.size, 0), 'vars', vars.length);
const random = new SeededRandom(1);
for (const batch of [50, 100, 500, 1000]) {
  const opt = tf.train.adam(1e-4);
  const x = tf.tensor2d(random.normals(batch * D), [batch, D]);
  let tg = 0, ta = 0, tf_ = 0, n = 0;
  for (let i = 0; i < 8; i++) {
    const t0 = performance.now();
    const { value, grads } = tf.variableGrads(() => negativeLogLikelihood(flow, x), vars);
    const t1 = performance.now();
    value.dataSync();
    const t2 = performance.now();
    opt.applyGradients(grads);
    Object.values(grads)[0].dataSync();
    const t3 = performance.now();
    tf.dispose(grads); value.dispose();
    if (i >= 2) { tg += t1 - t0; tf_ += t2 - t1; ta += t3 - t2; n++; }
  }
  const fwd = (() => { const t = performance.now(); for (let i=0;i<3;i++) tf.tidy(() => negativeLogLikelihood(flow, x).dataSync()); return (performance.now()-t)/3; })();
  console.log(`batch ${batch}: grads ${(tg/n).toFixed(1)} ms, sync ${(tf_/n).toFixed(1)}, adam ${(ta/n).toFixed(1)} ms, forward-only ${fwd.toFixed(1)} ms; events/s ${(batch/((tg+tf_+ta)/n/1000)).toFixed(0)}`);
  opt.dispose(); x.dispose();
}
