import * as tf from '@tensorflow/tfjs-core';
import { readdirSync } from 'node:fs';
import { realNVP, selectBackend, SeededRandom } from '@flowda/core';
const dist = new URL('../../packages/adapt/dist/', import.meta.url);
const chunk = readdirSync(dist).find((f) => f.startsWith('chunk-') && f.endsWith('.js'));
const m = await import(new URL(chunk, dist).href);
const { ParameterLayout } = m;

await selectBackend('wasm');
const flow = realNVP({ dimension: 71, seed: 1, scaleBound: 'tanh' });
const layout = ParameterLayout.of(flow);
const P = layout.size;
const w = new Float32Array(new SharedArrayBuffer(P * 4)); layout.readValues(w);
const g = new Float32Array(new SharedArrayBuffer(P * 8));
const x = tf.tensor2d(new SeededRandom(1).normals(50 * 71), [50, 71]);
const time = (name, fn, k = 5) => { fn(); const t = performance.now(); for (let i = 0; i < k; i++) fn(); console.log(name.padEnd(20), ((performance.now() - t) / k).toFixed(1), 'ms'); };
time('grads b50', () => tf.tidy(() => { const { value, grads } = tf.variableGrads(() => tf.neg(tf.sum(flow.logProb(x))), layout.variables); value.dataSync(); }));
time('grads+write b50', () => tf.tidy(() => { const { value, grads } = tf.variableGrads(() => tf.neg(tf.sum(flow.logProb(x))), layout.variables); layout.writeGradients(grads, g); value.dataSync(); }));
time('assign', () => layout.assign(w));
time('digest', () => layout.digest());
class FlatAdam { constructor(lr, from, to) { this.lr=lr; this.from=from; this.to=to; this.m=new Float32Array(to-from); this.v=new Float32Array(to-from); this.b1=Math.fround(0.9); this.b2=Math.fround(0.999);}
 update(weights, gradient, scale=1) { const {from,to,m,v}=this; const rate=this.lr; const c1=Math.fround(1-this.b1), c2=Math.fround(1-this.b2);
  for (let i=from,k=0;i<to;i++,k++){ const g=gradient[i]*scale; const f=0.9*m[k]+(1-0.9)*g; const s2=0.999*v[k]+(1-0.999)*g*g; m[k]=f; v[k]=s2; weights[i]-= (rate*(m[k]/c1))/(Math.sqrt(v[k]/c2)+1e-7);} this.b1=Math.fround(this.b1*Math.fround(0.9)); this.b2=Math.fround(this.b2*Math.fround(0.999)); } }
const adam = new FlatAdam(1e-4, 0, P >> 1);
time('adam half', () => adam.update(w, g, 1));
time('reduce half', () => { let s = 0; for (let i = 0; i < P >> 1; i++) { const v = (g[i] + g[i + P]) / 100; g[i] = v; s += v * v; } return s; });
