/**
 * Shortcuts for moving a flow's millions of weights and gradients in and out of the
 * WebAssembly backend each step.
 *
 * Reading relies on `typedArrayFromHeap(tensorInfo)` of `@tensorflow/tfjs-backend-wasm`'s
 * backend class (4.x), which views a tensor's values where the backend keeps them; where it is
 * missing callers fall back to `dataSync`. Writing in place is deliberately not offered: the
 * backend's XNNPACK matrix products cache weights packed by tensor id, so a variable changed in
 * place would keep multiplying by its old values. New values go through `assign` instead.
 */
import * as tf from '@tensorflow/tfjs-core';

interface HeapBackend {
  typedArrayFromHeap(tensor: tf.TensorInfo): Float32Array;
}

/** A view of `tensor`'s values in the WebAssembly heap, valid until the next op; else null. */
export function readableHeapView(tensor: tf.Tensor): Float32Array | null {
  if (tensor.dtype !== 'float32' || tf.getBackend() !== 'wasm') return null;
  const backend = tf.backend() as unknown as Partial<HeapBackend>;
  return typeof backend.typedArrayFromHeap === 'function'
    ? backend.typedArrayFromHeap(tensor)
    : null;
}

/**
 * Whether `tf.tensor(values)` copies `values` at once. The WebAssembly backend does; the `cpu`
 * backend keeps the array, which must then not change afterwards.
 */
export function tensorCreationCopies(): boolean {
  return tf.getBackend() === 'wasm';
}
