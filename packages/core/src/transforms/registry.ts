/**
 * Rebuilds transforms from their JSON configuration (used when loading saved flows).
 */
import { FlowdaError } from '../errors.js';
import type { Transform, TransformConfig } from './transform.js';

type Factory = (config: TransformConfig) => Transform;
const factories = new Map<string, Factory>();

/** Makes `type` loadable; each transform module registers itself. */
export function registerTransform(type: string, factory: Factory): void {
  factories.set(type, factory);
}

export function createTransform(config: TransformConfig): Transform {
  const factory = factories.get(config.type);
  if (!factory) {
    throw new FlowdaError(
      `unknown transform type ${JSON.stringify(config.type)}; known: ${[...factories.keys()].join(', ')}`,
    );
  }
  return factory(config);
}
