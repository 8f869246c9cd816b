/**
 * One property suite over every transform and flow in `cases.ts`, at each listed dimension and
 * at batch sizes 1 and 37:
 *   inverse(forward(x)) = x and forward(inverse(z)) = z to 1e-4;
 *   log-det equals log|det J| of a numerical Jacobian (small D);
 *   the inverse's log-det is minus the forward's;
 *   a batch gives the same results as its rows one by one;
 *   tfjs equals onnxruntime-node and onnxruntime-web to 1e-4·(1 + |value|);
 *   the density integrates to 1 (D = 1 and D = 2);
 *   save → load gives identical outputs.
 */

import {
  deserializeFlow,
  type Flow,
  SeededRandom,
  selectBackend,
  serializeFlow,
} from '@flowda/core';
import { flowForwardGraph, flowInverseGraph, flowLogProbGraph } from '@flowda/io';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { numericalLogDet } from '../../../packages/core/test/helpers.js';
import { CASES, type PropertyCase } from './cases.js';
import { RUNTIMES, runGraph, worstRelativeError } from './onnx-runners.js';

const BATCH_SIZES = [1, 37];
const JACOBIAN_MAX_DIMENSION = 7;

/** Worst errors per case, printed at the end for the closing note. */
const worst = new Map<string, { invertibility: number; parity: number }>();
function record(title: string, kind: 'invertibility' | 'parity', value: number): void {
  const entry = worst.get(title) ?? { invertibility: 0, parity: 0 };
  entry[kind] = Math.max(entry[kind], value);
  worst.set(title, entry);
}

beforeAll(async () => {
  await selectBackend();
});

afterAll(() => {
  const rows = [...worst.entries()].map(
    ([name, w]) =>
      `${name}: invertibility ${w.invertibility.toExponential(2)}, parity ${w.parity.toExponential(2)}`,
  );
  process.stdout.write(`worst errors per case:\n  ${rows.join('\n  ')}\n`);
});

function randomizeTrainable(flow: Flow, seed: number, spread: number): void {
  const random = new SeededRandom(seed);
  for (const variable of flow.trainableVariables()) {
    variable.assign(
      tf.tensor(
        random.normals(variable.size).map((v) => v * spread),
        variable.shape,
      ),
    );
  }
}

function sample(rows: number, dimension: number, seed: number, scale = 1.5): Float32Array {
  const random = new SeededRandom(seed);
  return random.normals(rows * dimension).map((v) => v * scale);
}

function contextFor(spec: PropertyCase, rows: number, seed: number): Float32Array | undefined {
  return spec.contextDimension ? sample(rows, spec.contextDimension, seed + 7, 1) : undefined;
}

const maxAbs = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return a.length === b.length ? m : Number.POSITIVE_INFINITY;
};

for (const spec of CASES) {
  for (const dimension of spec.dimensions) {
    const title = `${spec.name} d=${dimension}`;
    describe(`[${title}]`, () => {
      let flow: Flow;
      const c = spec.contextDimension ?? 0;
      const ctxTensor = (data: Float32Array | undefined, rows: number) =>
        data ? tf.tensor2d(data, [rows, c]) : undefined;

      beforeAll(() => {
        flow = spec.build(dimension, dimension * 13 + 1);
        randomizeTrainable(flow, dimension + 5, spec.weightSpread ?? 0.1);
      });
      afterAll(() => flow.dispose());

      for (const batch of BATCH_SIZES) {
        test(`[${title} batch=${batch}] inverse(forward(x)) ≈ x and forward(inverse(z)) ≈ z`, () => {
          const x = sample(batch, dimension, 1);
          const context = contextFor(spec, batch, 1);
          const [back, forwardAgain, moved] = tf.tidy(() => {
            const ctx = ctxTensor(context, batch);
            const z = flow.forward(tf.tensor2d(x, [batch, dimension]), ctx);
            const zBack = flow.inverse(z, ctx).dataSync();
            const u = tf.tensor2d(sample(batch, dimension, 2), [batch, dimension]);
            const uBack = flow.forward(flow.inverse(u, ctx), ctx).dataSync();
            return [zBack, maxAbs(uBack, u.dataSync()), maxAbs(z.dataSync(), x)];
          });
          const error = Math.max(maxAbs(back, x), forwardAgain);
          record(title, 'invertibility', error);
          expect(moved).toBeGreaterThan(1e-3);
          expect(error).toBeLessThan(1e-4);
        });

        test(`[${title} batch=${batch}] inverse log-det = −forward log-det`, () => {
          const x = sample(batch, dimension, 3);
          const context = contextFor(spec, batch, 3);
          const total = tf.tidy(() => {
            const ctx = ctxTensor(context, batch);
            const forward = flow.forwardAndLogDet(tf.tensor2d(x, [batch, dimension]), ctx);
            const inverse = flow.inverseAndLogDet(forward.output, ctx);
            return maxAbs(
              tf.add(forward.logDet, inverse.logDet).dataSync(),
              new Float32Array(batch),
            );
          });
          expect(total).toBeLessThan(1e-3);
        });
      }

      test(`[${title}] a batch equals its rows one by one`, () => {
        const rows = 9;
        const x = sample(rows, dimension, 4);
        const context = contextFor(spec, rows, 4);
        tf.tidy(() => {
          const all = flow.forwardAndLogDet(
            tf.tensor2d(x, [rows, dimension]),
            ctxTensor(context, rows),
          );
          const allOut = all.output.dataSync();
          const allLogDet = all.logDet.dataSync();
          for (let r = 0; r < rows; r++) {
            const one = flow.forwardAndLogDet(
              tf.tensor2d(x.slice(r * dimension, (r + 1) * dimension), [1, dimension]),
              context ? tf.tensor2d(context.slice(r * c, (r + 1) * c), [1, c]) : undefined,
            );
            expect(
              maxAbs(one.output.dataSync(), allOut.slice(r * dimension, (r + 1) * dimension)),
            ).toBeLessThan(1e-5);
            expect(Math.abs(one.logDet.dataSync()[0] - allLogDet[r])).toBeLessThan(1e-4);
          }
        });
      });

      if (dimension <= JACOBIAN_MAX_DIMENSION) {
        test(`[${title}] log-det equals log|det J| of a numerical Jacobian`, () => {
          const rows = 3;
          const x = sample(rows, dimension, 5, 1);
          const context = contextFor(spec, rows, 5);
          const analytic = tf.tidy(() =>
            flow
              .forwardAndLogDet(tf.tensor2d(x, [rows, dimension]), ctxTensor(context, rows))
              .logDet.dataSync(),
          );
          for (let r = 0; r < rows; r++) {
            const rowContext = context?.slice(r * c, (r + 1) * c);
            const numeric = numericalLogDet(
              (points) => {
                const ctx = rowContext
                  ? tf.tensor2d(Array.from({ length: dimension }, () => Array.from(rowContext)))
                  : undefined;
                return flow.forward(points, ctx as tf.Tensor2D | undefined);
              },
              x.slice(r * dimension, (r + 1) * dimension),
              dimension,
            );
            expect(Math.abs(numeric - analytic[r])).toBeLessThan(5e-3);
          }
        });
      }

      for (const runtime of RUNTIMES) {
        test(`[${title}] tfjs equals ${runtime} for forward, inverse and log-prob`, async () => {
          const rows = 64;
          const x = sample(rows, dimension, 6);
          const context = contextFor(spec, rows, 6);
          const ctxInput: Record<string, { data: Float32Array; width: number }> = context
            ? { context: { data: context, width: c } }
            : {};
          const expected = tf.tidy(() => {
            const ctx = ctxTensor(context, rows);
            const input = tf.tensor2d(x, [rows, dimension]);
            const forward = flow.forwardAndLogDet(input, ctx);
            const inverse = flow.inverseAndLogDet(input, ctx);
            return {
              z: forward.output.dataSync(),
              forwardLogDet: forward.logDet.dataSync(),
              x: inverse.output.dataSync(),
              inverseLogDet: inverse.logDet.dataSync(),
              logProb: flow.logProb(input, ctx).dataSync(),
            };
          });
          const forward = await runGraph(runtime, flowForwardGraph(flow), {
            x: { data: x, width: dimension },
            ...ctxInput,
          });
          const inverse = await runGraph(runtime, flowInverseGraph(flow), {
            z: { data: x, width: dimension },
            ...ctxInput,
          });
          const logProb = await runGraph(runtime, flowLogProbGraph(flow), {
            x: { data: x, width: dimension },
            ...ctxInput,
          });
          const errors = [
            worstRelativeError(forward.z, expected.z),
            worstRelativeError(forward.log_det, expected.forwardLogDet),
            worstRelativeError(inverse.x, expected.x),
            worstRelativeError(inverse.log_det, expected.inverseLogDet),
            worstRelativeError(logProb.log_prob, expected.logProb),
          ];
          record(title, 'parity', Math.max(...errors));
          for (const error of errors) expect(error).toBeLessThan(1e-4);
        });
      }

      if (dimension <= 2) {
        test(`[${title}] the density integrates to 1`, () => {
          const half = 9;
          const steps = dimension === 1 ? 4000 : 300;
          const h = (2 * half) / steps;
          const points = new Float32Array(steps ** dimension * dimension);
          for (let i = 0; i < steps ** dimension; i++) {
            points[i * dimension] =
              -half + (Math.floor(i / (dimension === 2 ? steps : 1)) + 0.5) * h;
            if (dimension === 2) points[i * dimension + 1] = -half + ((i % steps) + 0.5) * h;
          }
          const count = steps ** dimension;
          const context = spec.contextDimension ? new Float32Array(count * c).fill(0.3) : undefined;
          const logProb = tf.tidy(() =>
            flow
              .logProb(tf.tensor2d(points, [count, dimension]), ctxTensor(context, count))
              .dataSync(),
          );
          let mass = 0;
          for (const value of logProb) mass += Math.exp(value) * h ** dimension;
          expect(Math.abs(mass - 1)).toBeLessThan(5e-3);
        });
      }

      test(`[${title}] save → load gives identical outputs`, () => {
        const rows = 16;
        const x = sample(rows, dimension, 8);
        const context = contextFor(spec, rows, 8);
        const saved = serializeFlow(flow);
        const copy = deserializeFlow({
          manifest: JSON.parse(JSON.stringify(saved.manifest)),
          weights: saved.weights.slice(),
        });
        tf.tidy(() => {
          const ctx = ctxTensor(context, rows);
          const input = tf.tensor2d(x, [rows, dimension]);
          expect(Array.from(copy.logProb(input, ctx).dataSync())).toEqual(
            Array.from(flow.logProb(input, ctx).dataSync()),
          );
          expect(Array.from(copy.inverse(input, ctx).dataSync())).toEqual(
            Array.from(flow.inverse(input, ctx).dataSync()),
          );
        });
        copy.dispose();
      });
    });
  }
}
