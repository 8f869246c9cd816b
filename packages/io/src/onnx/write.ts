/** Writes an `OnnxGraph` to an `.onnx` file. */

import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import type { OnnxGraph } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
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

  const temporary = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowdaError(`cannot write ONNX model to "${path}": ${reason}`);
  }
}
