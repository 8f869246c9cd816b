/** Runs serialised graphs in onnxruntime-node and onnxruntime-web (its wasm build, in Node). */
import type { OnnxGraph } from '@flowda/core';
import { serializeOnnxGraph } from '@flowda/io';
import { BaseFlowdaModel, FlowdaModel } from '@flowda/runtime';
import * as ortWeb from 'onnxruntime-web';

ortWeb.env.wasm.numThreads = 1;

export type Runtime = 'onnxruntime-node' | 'onnxruntime-web';
export const RUNTIMES: Runtime[] = ['onnxruntime-node', 'onnxruntime-web'];

export async function runGraph(
  runtime: Runtime,
  graph: OnnxGraph,
  inputs: Record<string, { data: Float32Array; width: number }>,
): Promise<Record<string, Float32Array>> {
  const bytes = serializeOnnxGraph(graph);
  const model =
    runtime === 'onnxruntime-node'
      ? await FlowdaModel.load(bytes)
      : await BaseFlowdaModel.create(ortWeb as never, bytes, {}, 'graph');
  try {
    const outputs = await model.run(inputs);
    return Object.fromEntries(Object.entries(outputs).map(([name, value]) => [name, value.data]));
  } finally {
    await model.release();
  }
}

/** max over elements of |a − b| / (1 + |b|): the parity measure, compared with 1e-4. */
export function worstRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const error = Math.abs(actual[i] - expected[i]) / (1 + Math.abs(expected[i]));
    if (!(error <= worst)) worst = Number.isNaN(error) ? Number.POSITIVE_INFINITY : error;
  }
  return worst;
}
