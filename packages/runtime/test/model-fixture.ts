/**
 * A small hand-built graph that touches every ONNX feature flowda's transforms use (Gemm with a
 * float attribute, Relu, Exp, Mul, ReduceSum with int64 axes, Less + Where, int64 Gather,
 * Identity outputs), and the same maths in plain JavaScript (float64) to check runtimes against.
 */

import { OnnxGraph } from '@flowda/core';

export const WIDTH = 4;
export const HIDDEN = 3;
export const CONTEXT_WIDTH = 2;
export const GATHER = [2, 0];
export const ALPHA = 0.5;
export const SCALE = 0.25;
export const THRESHOLD = 0.3;

/** Seeded uniform numbers in [-1, 1) (mulberry32), so failures can be reproduced. */
export function randomValues(count: number, seed: number): Float32Array {
  let state = seed >>> 0;
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    values[i] = (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

export interface FixtureWeights {
  weight: Float32Array;
  bias: Float32Array;
}

export function fixtureWeights(seed = 7): FixtureWeights {
  return { weight: randomValues(WIDTH * HIDDEN, seed), bias: randomValues(HIDDEN, seed + 1) };
}

/**
 * The graph, with x of shape [batch, 4]:
 *   h = Relu(0.5 · x W + b)                       [batch, 3]
 *   e = Exp(h · 0.25)                             [batch, 3]
 *   y = Where(h < 0.3, h, e)                      [batch, 3]
 *   logDet = Σ_j e_j                              [batch]
 *   permuted = x[:, [2, 0]]                       [batch, 2]   (+ context when given)
 */
export function buildFixtureGraph(weights: FixtureWeights, withContext = false): OnnxGraph {
  const g = new OnnxGraph();
  const x = g.addInput('x', WIDTH);
  const context = withContext ? g.addInput('context', CONTEXT_WIDTH) : undefined;

  const h = g.scoped('layer', () => {
    const w = g.constant('weight', weights.weight, [WIDTH, HIDDEN]);
    const b = g.constant('bias', weights.bias, [HIDDEN]);
    return g.op('Relu', [g.op('Gemm', [x, w, b], { alpha: { float: ALPHA }, transB: 0 })]);
  });
  const e = g.op('Exp', [g.op('Mul', [h, g.scalar(SCALE, 'scale')])]);
  const y = g.op('Where', [g.op('Less', [h, g.scalar(THRESHOLD, 'threshold')]), h, e]);
  const logDet = g.sumFeatures(e);
  let permuted = g.op('Gather', [x, g.int64('columns', GATHER)], { axis: 1 });
  if (context !== undefined) permuted = g.op('Add', [permuted, context]);

  g.addOutput('y', y, ['batch', HIDDEN]);
  g.addOutput('logDet', logDet, ['batch']);
  g.addOutput('permuted', permuted, ['batch', GATHER.length]);
  return g;
}

/** The fixture graph's outputs computed in float64 JavaScript. */
export function referenceOutputs(
  weights: FixtureWeights,
  x: Float32Array,
  context?: Float32Array,
): { y: number[]; logDet: number[]; permuted: number[] } {
  const rows = x.length / WIDTH;
  const y: number[] = [];
  const logDet: number[] = [];
  const permuted: number[] = [];
  for (let r = 0; r < rows; r += 1) {
    let sum = 0;
    for (let j = 0; j < HIDDEN; j += 1) {
      let z = weights.bias[j];
      for (let i = 0; i < WIDTH; i += 1) {
        z += ALPHA * x[r * WIDTH + i] * weights.weight[i * HIDDEN + j];
      }
      const h = Math.max(0, z);
      const e = Math.exp(h * SCALE);
      y.push(h < THRESHOLD ? h : e);
      sum += e;
    }
    logDet.push(sum);
    for (const [k, column] of GATHER.entries()) {
      permuted.push(x[r * WIDTH + column] + (context ? context[r * CONTEXT_WIDTH + k] : 0));
    }
  }
  return { y, logDet, permuted };
}

/**
 * Largest |actual − expected| / max(|expected|, 1) over all entries: a relative error for values
 * above 1 and an absolute one below, where float32 cancellation in Gemm's sum (about 1e-7 of the
 * terms, which are of order 1) makes a pure relative error meaningless near zero.
 */
export function maxScaledError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < expected.length; i += 1) {
    const error = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1);
    worst = Math.max(worst, error);
  }
  return worst;
}
