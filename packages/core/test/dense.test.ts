import { dense, selectBackend } from '@flowda/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

describe('dense', () => {
  test('value and gradients equal those of matMul + add with tfjs autograd', () => {
    const x = tf.randomNormal([7, 5], 0, 1, 'float32', 1) as tf.Tensor2D;
    const w = tf.randomNormal([5, 3], 0, 1, 'float32', 2) as tf.Tensor2D;
    const b = tf.randomNormal([3], 0, 1, 'float32', 3) as tf.Tensor1D;
    const weightOfOutputs = tf.randomNormal([7, 3], 0, 1, 'float32', 4);
    const loss = (f: typeof dense) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(f(xx as tf.Tensor2D, ww as tf.Tensor2D, bb as tf.Tensor1D), weightOfOutputs));
    const reference = (xx: tf.Tensor2D, ww: tf.Tensor2D, bb: tf.Tensor1D) =>
      tf.add(tf.matMul(xx, ww), bb) as tf.Tensor2D;
    const ours = tf.grads(loss(dense))([x, w, b]);
    const theirs = tf.grads(loss(reference))([x, w, b]);
    expect(Array.from(dense(x, w, b).dataSync())).toEqual(
      Array.from(reference(x, w, b).dataSync()).map((v) => expect.closeTo(v, 5)),
    );
    ours.forEach((g, k) => {
      const diff = tf.max(tf.abs(tf.sub(g, theirs[k]))).dataSync()[0];
      expect(g.shape).toEqual(theirs[k].shape);
      expect(diff).toBeLessThan(1e-5);
    });
  });
});
