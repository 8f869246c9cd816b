import { realNVP, selectBackend } from '@flowda/core';
import { conditionalFlow, mapThroughLatent } from '@flowda/study';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

beforeAll(async () => {
  await selectBackend();
});

/** Random weights, so that the flows are not the identity they start as. */
function perturb(variables: tf.Variable[], seed: number): void {
  variables.forEach((variable, k) => {
    variable.assign(tf.randomNormal(variable.shape, 0, 0.3, 'float32', seed + k));
  });
}

const rows = 64;
const values = {
  rows,
  cols: 1,
  data: Float32Array.from({ length: rows }, (_, i) => -2 + (4 * i) / rows),
};
const context = {
  rows,
  cols: 3,
  data: Float32Array.from({ length: rows * 3 }, (_, i) => Math.sin(0.7 * i)),
};

describe.each(['affine', 'spline'] as const)('[%s] conditional flow of one variable', (kind) => {
  test('is a flow of dimension 1 with the context width asked for', () => {
    const flow = conditionalFlow(3, { kind, layers: 2, hidden: [8, 8] }, 1);
    expect(flow.dimension).toBe(1);
    expect(flow.contextDimension).toBe(3);
    flow.dispose();
  });

  test('mapping through the latent of the same flow gives the input back', () => {
    const flow = conditionalFlow(3, { kind, layers: 2, hidden: [8, 8] }, 2);
    perturb(flow.trainableVariables(), 10);
    const mapped = mapThroughLatent(flow, flow, values, context);
    const moved = tf.tidy(() =>
      flow
        .forward(tf.tensor2d(values.data, [rows, 1]), tf.tensor2d(context.data, [rows, 3]))
        .dataSync(),
    );
    // The flow itself is not the identity …
    expect(Math.max(...moved.map((z, i) => Math.abs(z - values.data[i])))).toBeGreaterThan(0.01);
    // … but its inverse undoes it, given the same context.
    for (let i = 0; i < rows; i++) expect(mapped.data[i]).toBeCloseTo(values.data[i], 3);
    flow.dispose();
  });
});

describe('mapThroughLatent', () => {
  test('refuses flows of different shapes and a missing context', () => {
    const a = conditionalFlow(3, { layers: 1, hidden: [4] }, 3);
    const b = realNVP({ dimension: 2, layers: 2, hidden: [4] });
    expect(() => mapThroughLatent(a, b, values, context)).toThrow(
      /the flows differ: dimension 1 vs 2/,
    );
    expect(() => mapThroughLatent(a, a, values)).toThrow(/context must be 64 × 3, received none/);
    a.dispose();
    b.dispose();
  });

  test('an unknown kind is named', () => {
    expect(() => conditionalFlow(2, { kind: 'maf' as never }, 0)).toThrow(
      /must be one of affine, spline, received maf/,
    );
  });
});
