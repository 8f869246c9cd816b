/** Writes an `OnnxGraph` to an `.onnx` file. */

import type { OnnxGraph } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
import { writeFileAtomically } from '../write-file-atomically.js';
import { type SerializeOnnxOptions, serializeOnnxGraph } from './serialize.js';

/**
 * Serialises `graph` ({@link serializeOnnxGraph}) and writes it to `path`.
 *
 * The bytes go to a temporary file next to `path` that is then renamed over it, so a reader never
 * sees a half-written model and an existing model survives a failed write.
 */
export async function writeOnnxModel(
  path: string,
  graph: OnnxGraph,
  options: SerializeOnnxOptions = {},
): Promise<void> {
  if (typeof path !== 'string' || path === '') {
    throw new FlowdaError(`path must be a non-empty string, got ${JSON.stringify(path)}`);
  }
  const bytes = serializeOnnxGraph(graph, options);

  await writeFileAtomically(path, bytes, { description: `ONNX model to "${path}"` });
}
