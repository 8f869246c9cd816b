import * as tf from '@tensorflow/tfjs-core';
const c = await import('./dist/index.js'); await c.selectBackend(process.argv[2] ?? 'wasm');
for (const n of [100, 300, 1000, 3000]) {
  const a = tf.randomNormal([n, 142]); const w = tf.randomNormal([142,142]);
  a.dataSync();
  const time = (name, fn, k=50) => { fn(); const t = performance.now(); for (let i = 0; i < k; i++) fn(); console.log(n, name, ((performance.now() - t) / k).toFixed(3), 'ms'); };
  time('relu nosync', () => tf.tidy(() => { tf.relu(a); }));
  time('relu sync', () => tf.tidy(() => { tf.relu(a).dataSync(); }));
  time('matmul nosync', () => tf.tidy(() => { tf.matMul(a, w); }));
  time('matmul sync', () => tf.tidy(() => { tf.matMul(a, w).dataSync(); }));
}
process.exit(0);
