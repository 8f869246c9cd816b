/**
 * Helpers shared by the transforms that take no context (ActNorm, permutations, LU linear):
 * the input check (re-exported from `errors.ts`), and a log-det that is one number for every event of the batch.
 *
 * Such transforms accept a context and ignore it, so they can sit between the layers of a
 * conditional flow, where {@link Compose} hands the context to every step.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../onnx/graph.js';

export { checkBatch } from '../errors.js';

/** The scalar `logDet` repeated once per row of `input`: shape [batch], gradients kept. */
export function repeatLogDet(input: tf.Tensor2D, logDet: tf.Tensor): tf.Tensor1D {
  return tf.mul(tf.ones([input.shape[0]]), logDet) as tf.Tensor1D;
}

/** The same in ONNX: `value` expanded to [batch], the batch size read from `input`'s shape. */
export function repeatLogDetOnnx(graph: OnnxGraph, input: string, value: number): string {
  const batch = graph.op('Shape', [input], { start: 0, end: 1 });
  return graph.op('Expand', [graph.scalar(value, 'log_det'), batch]);
}
