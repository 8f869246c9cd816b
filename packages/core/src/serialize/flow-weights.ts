/**
 * A flow as a JSON manifest plus one float32 blob: the structure (transform and base
 * configuration), each variable's name, shape and offset, and free-form metadata (for example
 * the standardisation fitted on the training split).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { DistributionConfig } from '../distributions/distribution.js';
import { createDistribution } from '../distributions/registry.js';
import { FlowdaError } from '../errors.js';
import { Flow } from '../flows/flow.js';
import { createTransform } from '../transforms/registry.js';
import type { TransformConfig } from '../transforms/transform.js';

export const FLOW_FORMAT = 'flowda-flow';
export const FLOW_FORMAT_VERSION = 1;

export interface WeightEntry {
  name: string;
  shape: number[];
  /** Offset into the blob, in float32 elements. */
  offset: number;
}

export interface FlowManifest {
  format: typeof FLOW_FORMAT;
  version: number;
  transform: TransformConfig;
  baseDistribution: DistributionConfig;
  weights: WeightEntry[];
  metadata: Record<string, unknown>;
}

export interface SerializedFlow {
  manifest: FlowManifest;
  weights: Float32Array;
}

export function serializeFlow(flow: Flow, metadata: Record<string, unknown> = {}): SerializedFlow {
  const variables = flow.variables();
  const entries: WeightEntry[] = [];
  let offset = 0;
  for (const { name, variable } of variables) {
    entries.push({ name, shape: [...variable.shape], offset });
    offset += variable.size;
  }
  const weights = new Float32Array(offset);
  variables.forEach(({ variable }, k) => {
    weights.set(variable.dataSync() as Float32Array, entries[k].offset);
  });
  const manifest: FlowManifest = {
    format: FLOW_FORMAT,
    version: FLOW_FORMAT_VERSION,
    transform: flow.transform.toConfig(),
    baseDistribution: flow.baseDistribution.toConfig(),
    weights: entries,
    metadata,
  };
  return { manifest, weights };
}

/** Rebuilds a flow and sets every variable from the blob; `source` names the origin in errors. */
export function deserializeFlow(
  { manifest, weights }: SerializedFlow,
  source = 'flow manifest',
): Flow {
  if (manifest.format !== FLOW_FORMAT) {
    throw new FlowdaError(
      `${source}: format is ${JSON.stringify(manifest.format)}, expected "${FLOW_FORMAT}"`,
    );
  }
  if (manifest.version > FLOW_FORMAT_VERSION) {
    throw new FlowdaError(
      `${source}: format version ${manifest.version} is newer than ${FLOW_FORMAT_VERSION}`,
    );
  }
  const flow = new Flow(
    createTransform(manifest.transform),
    createDistribution(manifest.baseDistribution),
  );
  const byName = new Map(manifest.weights.map((entry) => [entry.name, entry]));
  const assignments = flow.variables().map(({ name, variable }) => {
    const entry = byName.get(name);
    if (!entry) throw new FlowdaError(`${source}: weight "${name}" is missing`);
    const size = entry.shape.reduce((a, b) => a * b, 1);
    if (
      entry.shape.join('x') !== variable.shape.join('x') ||
      entry.offset + size > weights.length
    ) {
      throw new FlowdaError(
        `${source}: weight "${name}" has shape [${entry.shape}] at offset ${entry.offset}, expected [${variable.shape}] within ${weights.length} values`,
      );
    }
    return { variable, entry, size };
  });
  const listed = manifest.weights.reduce(
    (n, entry) => n + entry.shape.reduce((a, b) => a * b, 1),
    0,
  );
  if (listed !== weights.length) {
    throw new FlowdaError(
      `${source}: the manifest lists ${listed} weight values, the blob holds ${weights.length}`,
    );
  }
  const bad = weights.findIndex((value) => !Number.isFinite(value));
  if (bad >= 0) throw new FlowdaError(`${source}: weight value ${bad} is ${weights[bad]}`);
  for (const { variable, entry, size } of assignments) {
    variable.assign(tf.tensor(weights.subarray(entry.offset, entry.offset + size), entry.shape));
  }
  return flow;
}
