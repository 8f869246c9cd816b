/** Rebuilds base distributions from their JSON configuration. */
import { FlowdaError } from '../errors.js';
import type { Distribution, DistributionConfig } from './distribution.js';

type Factory = (config: DistributionConfig) => Distribution;
const factories = new Map<string, Factory>();

export function registerDistribution(type: string, factory: Factory): void {
  factories.set(type, factory);
}

export function createDistribution(config: DistributionConfig): Distribution {
  const factory = factories.get(config.type);
  if (!factory) {
    throw new FlowdaError(
      `unknown distribution type ${JSON.stringify(config.type)}; known: ${[...factories.keys()].join(', ')}`,
    );
  }
  return factory(config);
}
