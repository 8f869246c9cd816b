/**
 * A trained flow on disk: `NAME.json` (the manifest: structure, weight table, metadata such as
 * the standardisation and feature names) beside `NAME.bin` (all weights as little-endian
 * float32). Both are written to temporary names and renamed, so a crash never leaves a torn pair.
 */
import { readFile } from 'node:fs/promises';
import {
  deserializeFlow,
  type Flow,
  FlowdaError,
  type FlowManifest,
  serializeFlow,
} from '@flowda/core';
import { writeFileAtomically } from './write-file-atomically.js';

function binPathOf(manifestPath: string): string {
  return manifestPath.replace(/\.json$/i, '') + '.bin';
}

/** Writes `path` (a `.json` manifest) and the `.bin` weights beside it. */
export async function saveFlow(
  path: string,
  flow: Flow,
  metadata: Record<string, unknown> = {},
): Promise<void> {
  if (!path.toLowerCase().endsWith('.json')) {
    throw new FlowdaError(`flow manifest path must end in .json, got ${JSON.stringify(path)}`);
  }
  const { manifest, weights } = serializeFlow(flow, metadata);
  const binPath = binPathOf(path);
  const bytes = new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength);
  await writeFileAtomically(binPath, bytes);
  await writeFileAtomically(
    path,
    `${JSON.stringify({ ...manifest, weightsFile: binPath.split(/[\\/]/).pop() }, null, 2)}\n`,
  );
}

/** Reads a flow saved by {@link saveFlow}; errors name the file. */
export async function loadFlow(path: string): Promise<{ flow: Flow; manifest: FlowManifest }> {
  let manifest: FlowManifest & { weightsFile?: string };
  try {
    manifest = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new FlowdaError(
      `cannot read flow manifest "${path}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const binPath = binPathOf(path);
  let buffer: Buffer;
  try {
    buffer = await readFile(binPath);
  } catch (error) {
    throw new FlowdaError(
      `cannot read flow weights "${binPath}": ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (buffer.byteLength % 4 !== 0) {
    throw new FlowdaError(
      `${binPath}: ${buffer.byteLength} bytes is not a whole number of float32 values`,
    );
  }
  const weights = new Float32Array(
    buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
  );
  return { flow: deserializeFlow({ manifest, weights }, path), manifest };
}
