/**
 * The four models `flowda adapt` ships — a flow's forward and inverse, the classifier and the
 * data → simulation chain — run in onnxruntime-node on 10,000 events and agree with the tfjs
 * computation to 1e-4·(1 + |value|). Inputs are raw toy features, so the standardisations
 * inside the graphs are exercised too.
 */

import { type AdaptResult, adapt, DomainChain, mapRows } from '@flowda/adapt';
import {
  Compose,
  DiagonalGaussian,
  Flow,
  GaussianMixture,
  LULinear,
  MaskedAffineCoupling,
  SeededRandom,
  selectBackend,
} from '@flowda/core';
import {
  chainGraph,
  classifierGraph,
  flowForwardGraph,
  flowInverseGraph,
  Standardizer,
} from '@flowda/io';
import { TOY_FEATURES } from '@flowda/toy';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { RUNTIMES, runGraph, worstRelativeError } from './onnx-runners.js';
import { toyDomain } from './toy-matrices.js';

const EVENTS = 10_000;
let result: AdaptResult;
let raw: Float32Array;

beforeAll(async () => {
  await selectBackend();
  const simulation = toyDomain('simulation', 6000, 1);
  const data = toyDomain('data', 6000, 2);
  result = adapt(
    simulation,
    { features: data.features },
    {
      featureNames: [...TOY_FEATURES],
      log1pFeatures: ['p_pt', 'pi_pt'],
      flow: { layers: 6, hidden: [24, 24], scaleBound: 'tanh' },
      training: { epochs: 2, batchSize: 200 },
      classifier: { epochs: 2, hidden: [16] },
      seed: 5,
    },
  );
  raw = toyDomain('data', EVENTS, 3).features.data;
});

const D = TOY_FEATURES.length;

describe('exported adapt models agree with tfjs on 10,000 events (onnxruntime-node)', () => {
  test('data-flow forward: raw x → z, log_det', async () => {
    const std = result.dataStandardizer;
    const standardized = std.transform({ rows: EVENTS, cols: D, data: raw });
    const z = mapRows(standardized, D, (b) => result.dataFlow.forward(b));
    const logDet = mapRows(standardized, 1, (b) =>
      tf.reshape(result.dataFlow.forwardAndLogDet(b).logDet, [-1, 1]),
    );
    const logStd = Array.from(std.std).reduce((s, v) => s + Math.log(v), 0);
    // log|det ∂u/∂x| of the preprocessing: −Σ log σ − Σ over the log1p columns of ln(1 + x).
    const logged = [0, 1, 2, 3, 4, 5, 6, 7].filter((i) => std.log1p[i] === 1);
    expect(logged.map((i) => TOY_FEATURES[i])).toEqual(['p_pt', 'pi_pt']);
    const expectedLogDet = logDet.data.map(
      (v, r) => v - logStd - logged.reduce((s, i) => s + Math.log1p(raw[r * D + i]), 0),
    );
    const out = await runGraph('onnxruntime-node', flowForwardGraph(result.dataFlow, std), {
      x: { data: raw, width: D },
    });
    expect(worstRelativeError(out.z, z.data)).toBeLessThan(1e-4);
    expect(worstRelativeError(out.log_det, expectedLogDet)).toBeLessThan(1e-4);
  });

  test('sim-flow inverse: z → raw x, log_det', async () => {
    const z = toyDomain('simulation', EVENTS, 4).features.data.map((v, i) => Math.sin(v * 3 + i));
    const std = result.simulationStandardizer;
    const x = std.inverse(
      mapRows({ rows: EVENTS, cols: D, data: z }, D, (b) => result.simulationFlow.inverse(b)),
    );
    const out = await runGraph('onnxruntime-node', flowInverseGraph(result.simulationFlow, std), {
      z: { data: z, width: D },
    });
    expect(worstRelativeError(out.x, x.data)).toBeLessThan(1e-4);
    // The inverse's log-det is minus the forward's at the image point.
    const back = await runGraph('onnxruntime-node', flowForwardGraph(result.simulationFlow, std), {
      x: { data: out.x, width: D },
    });
    expect(worstRelativeError(back.z, z)).toBeLessThan(1e-3);
    expect(
      worstRelativeError(
        back.log_det,
        out.log_det.map((v) => -v),
      ),
    ).toBeLessThan(1e-3);
  });

  test('classifier: raw simulation-like x → score', async () => {
    const std = result.simulationStandardizer;
    const scores = mapRows(std.transform({ rows: EVENTS, cols: D, data: raw }), 1, (b) =>
      result.classifier.predict(b),
    );
    const out = await runGraph('onnxruntime-node', classifierGraph(result.classifier, std), {
      x: { data: raw, width: D },
    });
    expect(worstRelativeError(out.score, scores.data)).toBeLessThan(1e-4);
    expect(Math.max(...scores.data) - Math.min(...scores.data)).toBeGreaterThan(0.1);
  });

  test('chain: raw data x → simulation-like x_sim and its classifier score', async () => {
    const mapped = result.chain.transform({ rows: EVENTS, cols: D, data: raw });
    const scores = mapRows(result.simulationStandardizer.transform(mapped), 1, (b) =>
      result.classifier.predict(b),
    );
    const graph = chainGraph({
      dataFlow: result.dataFlow,
      simulationFlow: result.simulationFlow,
      dataStandardization: result.dataStandardizer,
      simulationStandardization: result.simulationStandardizer,
      classifier: result.classifier,
      classifierStandardization: result.simulationStandardizer,
    });
    const out = await runGraph('onnxruntime-node', graph, { x: { data: raw, width: D } });
    expect(worstRelativeError(out.x_sim, mapped.data)).toBeLessThan(1e-4);
    expect(worstRelativeError(out.score, scores.data)).toBeLessThan(1e-4);
    // The chain moved the events: it is not the identity.
    expect(worstRelativeError(out.x_sim, raw)).toBeGreaterThan(1e-3);
  });
});

describe('the chain through non-Gaussian bases agrees with tfjs (onnxruntime-node and -web)', () => {
  test('data-flow on a diagonal Gaussian base, sim-flow on a 3-component mixture base', async () => {
    const dimension = 3;
    const dataFlow = new Flow(
      new Compose([new LULinear({ dimension, seed: 1, initialSpread: 0.3 })]),
      new DiagonalGaussian({ dimension, mean: [0.5, -0.2, 0.1], logScale: [0.3, -0.2, 0.1] }),
    );
    const simulationFlow = new Flow(
      new Compose([
        new MaskedAffineCoupling({ dimension, mask: [1, 0, 1], hidden: [8], seed: 2 }),
        new LULinear({ dimension, seed: 3, initialSpread: 0.3 }),
      ]),
      new GaussianMixture({ dimension, components: 3, seed: 4, spread: 1.5, inverseIterations: 8 }),
    );
    const rows = 500;
    const random = new SeededRandom(5);
    const fit = (seed: number) =>
      Standardizer.fit({
        rows: 50,
        cols: dimension,
        data: new SeededRandom(seed).normals(50 * dimension).map((v) => 3 + 2 * v),
      });
    const dataStd = fit(6);
    const simStd = fit(7);
    const raw = random.normals(rows * dimension).map((v) => 3 + 2 * v);
    const chain = new DomainChain(dataFlow, simulationFlow, dataStd, simStd);
    const expected = chain.transform({ rows, cols: dimension, data: raw });
    const graph = chainGraph({
      dataFlow,
      simulationFlow,
      dataStandardization: dataStd,
      simulationStandardization: simStd,
    });
    for (const runtime of RUNTIMES) {
      const out = await runGraph(runtime, graph, { x: { data: raw, width: dimension } });
      expect(worstRelativeError(out.x_sim, expected.data)).toBeLessThan(1e-4);
    }
    // Through different bases the chain is not the composition with N(0, I) assumed.
    const naive = mapRows(dataStd.transform({ rows, cols: dimension, data: raw }), dimension, (b) =>
      simulationFlow.inverse(dataFlow.forward(b)),
    );
    expect(worstRelativeError(simStd.inverse(naive).data, expected.data)).toBeGreaterThan(1e-2);
  });
});
