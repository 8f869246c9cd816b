/**
 * The affine map y = x·W + b with a gradient that never asks for a transposed `matMul`.
 *
 * tfjs differentiates `matMul(x, W)` with `matMul(dy, W, false, true)` and
 * `matMul(x, dy, true, false)`. On the WebAssembly backend those transposed forms are about
 * ten times slower than plain products, so the gradient here transposes explicitly first:
 *   ∂L/∂x = dy · transpose(W),   ∂L/∂W = transpose(x) · dy,   ∂L/∂b = Σ_rows dy.
 */
import * as tf from '@tensorflow/tfjs-core';

type DenseFn = (x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D) => tf.Tensor2D;

const denseWithGradient = tf.customGrad(((
  x: tf.Tensor2D,
  weight: tf.Tensor2D,
  bias: tf.Tensor1D,
  save: tf.GradSaveFunc,
) => {
  save([x, weight]);
  const value = tf.add(tf.matMul(x, weight), bias) as tf.Tensor2D;
  const gradFunc = (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
    const [savedX, savedWeight] = saved as [tf.Tensor2D, tf.Tensor2D];
    return [
      tf.matMul(dy, tf.transpose(savedWeight)),
      tf.matMul(tf.transpose(savedX), dy),
      tf.sum(dy, 0),
    ];
  };
  return { value, gradFunc };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as DenseFn;

/** x·W + b for x of shape [batch, in], W [in, out], b [out]; see the file doc for the gradient. */
export function dense(x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D): tf.Tensor2D {
  return denseWithGradient(x, weight, bias);
}
