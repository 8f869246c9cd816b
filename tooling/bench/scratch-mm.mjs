import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@flowda/core';
await selectBackend('wasm');
const a = tf.randomNormal([500, 142]), w = tf.randomNormal([142, 142]);
const time = (name, fn, k = 100) => { for (let i = 0; i < 5; i++) fn(); const t = performance.now(); for (let i = 0; i < k; i++) fn(); console.log(name, ((performance.now() - t) / k).toFixed(3), 'ms'); };
time('matmul', () => tf.tidy(() => { tf.matMul(a, w); }));
time('matmul+sync', () => tf.tidy(() => { tf.matMul(a, w).dataSync(); }));
const a2 = tf.tensor2d(a.dataSync(), [500, 142]);
time('matmul fresh a', () => tf.tidy(() => { tf.matMul(a2, w); }));
