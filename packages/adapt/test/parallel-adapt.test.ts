import { type AdaptOptions, type AdaptResult, adapt, type DomainSample } from '@flowda/adapt';
import { SeededRandom, selectBackend } from '@flowda/core';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

/** A labelled 3-feature domain: signal and background Gaussians, `shift` moving the signal. */
function domain(events: number, shift: number, seed: number): DomainSample {
  const random = new SeededRandom(seed);
  const data = new Float32Array(events * 3);
  const labels = new Float32Array(events);
  for (let i = 0; i < events; i++) {
    const signal = random.uniform() < 0.4;
    labels[i] = signal ? 1 : 0;
    for (let c = 0; c < 3; c++) {
      data[i * 3 + c] = random.normal() * (1 + 0.2 * c) + (signal ? 1 + shift : 0);
    }
  }
  return { features: { rows: events, cols: 3, data }, labels };
}

describe('adapt with worker threads', () => {
  const options: AdaptOptions = {
    featureNames: ['a', 'b', 'c'],
    flow: { layers: 3, hidden: [12, 12], scaleBound: 'tanh' },
    training: { epochs: 3, batchSize: 100 },
    classifier: { epochs: 1, hidden: [8] },
    seed: 2,
  };
  let results: AdaptResult[];

  beforeAll(() => {
    const simulation = domain(1500, 0, 1);
    const data = domain(1500, 0.3, 2);
    results = [1, 2].map((workers) => adapt(simulation, data, { ...options, workers }));
  });

  test('[workers=2] trains both flows to the losses of a single thread', () => {
    const [one, two] = results.map((r) => r.metrics);
    for (const flow of ['dataFlow', 'simulationFlow'] as const) {
      expect(two[flow].epochsRun).toBe(one[flow].epochsRun);
      expect(two[flow].bestEpoch).toBe(one[flow].bestEpoch);
      two[flow].history.validationLoss.forEach((loss, epoch) => {
        expect(loss).toBeCloseTo(one[flow].history.validationLoss[epoch], 4);
      });
      expect(two[flow].testNll!).toBeCloseTo(one[flow].testNll!, 4);
    }
  });

  test('a bad worker count is refused with its value', () => {
    const simulation = domain(200, 0, 3);
    expect(() => adapt(simulation, domain(200, 0, 4), { ...options, workers: 0 })).toThrow(
      /workers must be an integer >= 1, got 0/,
    );
  });
});
