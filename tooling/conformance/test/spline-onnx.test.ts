/**
 * The rational-quadratic spline, its coupling layer and conditional flows, exported to ONNX and
 * run in onnxruntime-node and onnxruntime-web, agree with tfjs to 1e-4·(1 + |value|). Inputs
 * include values exactly at the knots, at ±B and in the identity tails, where the bin search
 * (comparisons → ReduceSum → GatherElements) and the `Where` on the tails decide the result.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { train } from '@flowda/adapt';
import {
  Compose,
  checkSplineShape,
  Flow,
  neuralSplineFlow,
  OnnxGraph,
  RationalQuadraticSplineCoupling,
  rationalQuadraticSpline,
  rationalQuadraticSplineOnnx,
  realNVP,
  SeededRandom,
  StandardNormal,
  selectBackend,
  splineKnots,
  splineParameterCount,
} from '@flowda/core';
import {
  flowForwardGraph,
  flowInverseGraph,
  flowLogProbGraph,
  serializeOnnxGraph,
  writeOnnxModel,
} from '@flowda/io';
import { negativeLogLikelihood } from '@flowda/losses';
import { FlowdaModel } from '@flowda/runtime';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RUNTIMES, runGraph, worstRelativeError } from './onnx-runners.js';

const TOLERANCE = 1e-4;
const worst = { parity: 0, invertibility: 0, sharpParity: 0 };

beforeAll(async () => {
  await selectBackend();
});

afterAll(() => {
  process.stdout.write(
    `spline ONNX: worst parity ${worst.parity.toExponential(2)}, ` +
      `worst invertibility ${worst.invertibility.toExponential(2)}, ` +
      `worst raw parity of sharp splines ${worst.sharpParity.toExponential(2)}\n`,
  );
});

function recordParity(...errors: number[]): void {
  worst.parity = Math.max(worst.parity, ...errors);
}

function normals(count: number, seed: number, scale = 1): Float32Array {
  return new SeededRandom(seed).normals(count).map((v) => v * scale);
}

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

/**
 * Values for `rows` × `features` elements that cycle through four kinds: exactly at a knot of
 * the element's own spline, in a tail (|v| > B), exactly at ±B, and inside (−B, B).
 */
function edgeCaseValues(
  knots: Float32Array,
  rows: number,
  features: number,
  bins: number,
  bound: number,
) {
  const random = new SeededRandom(rows * 31 + features);
  const values = new Float32Array(rows * features);
  const kinds = { knot: 0, tail: 0, edge: 0, inside: 0 };
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < features; j++) {
      const element = r * features + j;
      const sign = (r + 2 * j) % 2 === 0 ? 1 : -1;
      switch ((r + j) % 4) {
        case 0:
          values[element] = knots[element * (bins + 1) + ((3 * r + j) % (bins + 1))];
          kinds.knot += 1;
          break;
        case 1:
          values[element] = sign * (bound + 0.25 + (r % 5));
          kinds.tail += 1;
          break;
        case 2:
          values[element] = sign * bound;
          kinds.edge += 1;
          break;
        default:
          values[element] = (2 * random.uniform() - 1) * bound;
          kinds.inside += 1;
      }
    }
  }
  return { values, kinds };
}

/** The next float32 above |v|, minus |v|: one unit in the last place. */
function ulp(v: number): number {
  const magnitude = Math.max(Math.abs(v), 2 ** -126);
  return 2 ** (Math.floor(Math.log2(magnitude)) - 23);
}

/**
 * Two regimes of random spline parameters. Moderate logits (scale 0.75) must agree to 1e-4 at
 * every input. Sharp logits (scale 2) make bins narrow and steep, where log g′ can change by
 * more than 1e-4 across one float32 step of the input; since tfjs and onnxruntime compute the
 * knots to within a few ulps of each other, a value exactly at a knot may then fall in
 * neighbouring bins. There the allowed difference adds the change of the tfjs result across
 * ±4 ulps of the input, measured in tfjs.
 */
const regimes = [
  { name: 'moderate', spread: 0.75, conditioningAware: false },
  { name: 'sharp', spread: 2, conditioningAware: true },
];

describe.each(regimes)(
  'element-wise spline, $name parameters: tfjs = onnxruntime',
  ({ spread, conditioningAware }) => {
    const shape = checkSplineShape({ bins: 6, bound: 3 });
    const features = 3;
    const rows = 96;
    const count = splineParameterCount(shape.bins);
    const parameters = normals(rows * features * count, 1, spread);

    function splineGraph(direction: 'forward' | 'inverse'): OnnxGraph {
      const graph = new OnnxGraph();
      const input = graph.addInput('x', features);
      const flat = graph.addInput('parameters', features * count);
      const shaped = graph.op('Reshape', [flat, graph.int64('shape', [0, features, count])]);
      const { output, logAbsDerivative } = rationalQuadraticSplineOnnx(
        graph,
        input,
        shaped,
        direction,
        shape,
      );
      graph.addOutput('y', output, ['batch', features]);
      graph.addOutput('log_derivative', logAbsDerivative, ['batch', features]);
      return graph;
    }

    /** |tfjs result at v ± 4 ulp − tfjs result at v|, the larger side, per element. */
    function localChange(values: Float32Array, p: tf.Tensor3D, direction: 'forward' | 'inverse') {
      const at = (shift: number) => {
        const moved = values.map((v) => v + shift * ulp(v));
        const result = rationalQuadraticSpline(
          tf.tensor2d(moved, [rows, features]),
          p,
          direction,
          shape,
        );
        return { y: result.output.dataSync(), log: result.logAbsDerivative.dataSync() };
      };
      const [centre, up, down] = [at(0), at(4), at(-4)];
      const change = (key: 'y' | 'log') =>
        centre[key].map((c, i) => Math.max(Math.abs(up[key][i] - c), Math.abs(down[key][i] - c)));
      return { y: change('y'), log: change('log') };
    }

    for (const direction of ['forward', 'inverse'] as const) {
      for (const runtime of RUNTIMES) {
        test(`[${direction}, ${runtime}] at knots, at ±B, in the tails and inside`, async () => {
          const p = tf.tensor3d(parameters, [rows, features, count]);
          const knots = splineKnots(p, shape);
          const searched = (
            direction === 'forward' ? knots.xKnots : knots.yKnots
          ).dataSync() as Float32Array;
          const { values, kinds } = edgeCaseValues(
            searched,
            rows,
            features,
            shape.bins,
            shape.bound,
          );
          expect(Math.min(kinds.knot, kinds.tail, kinds.edge, kinds.inside)).toBeGreaterThan(50);

          const expected = rationalQuadraticSpline(
            tf.tensor2d(values, [rows, features]),
            p,
            direction,
            shape,
          );
          const outputs = await runGraph(runtime, splineGraph(direction), {
            x: { data: values, width: features },
            parameters: { data: parameters, width: features * count },
          });
          const expectedY = expected.output.dataSync();
          const expectedLog = expected.logAbsDerivative.dataSync();
          if (conditioningAware) {
            worst.sharpParity = Math.max(
              worst.sharpParity,
              worstRelativeError(outputs.y, expectedY),
              worstRelativeError(outputs.log_derivative, expectedLog),
            );
            const change = localChange(values, p, direction);
            for (let i = 0; i < values.length; i++) {
              expect(Math.abs(outputs.y[i] - expectedY[i])).toBeLessThan(
                TOLERANCE * (1 + Math.abs(expectedY[i])) + change.y[i],
              );
              expect(Math.abs(outputs.log_derivative[i] - expectedLog[i])).toBeLessThan(
                TOLERANCE * (1 + Math.abs(expectedLog[i])) + change.log[i],
              );
            }
          } else {
            const errors = [
              worstRelativeError(outputs.y, expectedY),
              worstRelativeError(outputs.log_derivative, expectedLog),
            ];
            recordParity(...errors);
            for (const error of errors) expect(error).toBeLessThan(TOLERANCE);
          }
          // The tails are the identity in ONNX too.
          values.forEach((v, i) => {
            if (Math.abs(v) > shape.bound) {
              expect(outputs.y[i]).toBe(v);
              expect(outputs.log_derivative[i]).toBe(0);
            }
          });
        });
      }
    }
  },
);

describe('spline coupling layer: knots of the conditioner output, both runtimes', () => {
  const dimension = 5;
  const rows = 64;
  const bound = 2;
  const bins = 5;
  let coupling: RationalQuadraticSplineCoupling;
  let flow: Flow;

  beforeAll(() => {
    coupling = new RationalQuadraticSplineCoupling({
      dimension,
      mask: [1, 0, 1, 0, 0],
      bins,
      bound,
      hidden: [16, 16],
      seed: 3,
    });
    flow = new Flow(new Compose([coupling]), new StandardNormal(dimension));
    randomizeTrainable(flow, 4, 0.3);
  });
  afterAll(() => flow.dispose());

  /** Kept features drawn at random; transformed features at the knots, ±B and tails. */
  function inputs(direction: 'forward' | 'inverse'): Float32Array {
    const values = normals(rows * dimension, 5, 1.2);
    const kept = tf.mul(
      tf.tensor2d(values, [rows, dimension]),
      tf.tensor1d(coupling.mask),
    ) as tf.Tensor2D;
    const knots = splineKnots(coupling.splineParameters(kept), coupling.shape);
    const searched = (
      direction === 'forward' ? knots.xKnots : knots.yKnots
    ).dataSync() as Float32Array;
    const special = edgeCaseValues(searched, rows, dimension, bins, bound).values;
    coupling.mask.forEach((b, j) => {
      if (b === 1) return;
      for (let r = 0; r < rows; r++) values[r * dimension + j] = special[r * dimension + j];
    });
    return values;
  }

  for (const runtime of RUNTIMES) {
    test(`[${runtime}] forward, inverse and log-prob agree with tfjs`, async () => {
      const x = inputs('forward');
      const z = inputs('inverse');
      const forward = flow.forwardAndLogDet(tf.tensor2d(x, [rows, dimension]));
      const inverse = flow.inverseAndLogDet(tf.tensor2d(z, [rows, dimension]));
      const logProb = flow.logProb(tf.tensor2d(x, [rows, dimension]));
      const forwardOnnx = await runGraph(runtime, flowForwardGraph(flow), {
        x: { data: x, width: dimension },
      });
      const inverseOnnx = await runGraph(runtime, flowInverseGraph(flow), {
        z: { data: z, width: dimension },
      });
      const logProbOnnx = await runGraph(runtime, flowLogProbGraph(flow), {
        x: { data: x, width: dimension },
      });
      const errors = [
        worstRelativeError(forwardOnnx.z, forward.output.dataSync()),
        worstRelativeError(forwardOnnx.log_det, forward.logDet.dataSync()),
        worstRelativeError(inverseOnnx.x, inverse.output.dataSync()),
        worstRelativeError(inverseOnnx.log_det, inverse.logDet.dataSync()),
        worstRelativeError(logProbOnnx.log_prob, logProb.dataSync()),
      ];
      recordParity(...errors);
      for (const error of errors) expect(error).toBeLessThan(TOLERANCE);

      // The ONNX inverse undoes the ONNX forward.
      const back = await runGraph(runtime, flowInverseGraph(flow), {
        z: { data: forwardOnnx.z, width: dimension },
      });
      let error = 0;
      for (let i = 0; i < x.length; i++) error = Math.max(error, Math.abs(back.x[i] - x[i]));
      worst.invertibility = Math.max(worst.invertibility, error);
      expect(error).toBeLessThan(TOLERANCE);
    });
  }
});

const conditionalCases = [
  {
    name: 'neural spline flow',
    build: () =>
      neuralSplineFlow({
        dimension: 3,
        layers: 4,
        bins: 6,
        bound: 2.5,
        hidden: [16, 16],
        contextDimension: 2,
        seed: 7,
      }),
  },
  {
    name: 'realnvp',
    build: () =>
      realNVP({
        dimension: 3,
        layers: 4,
        hidden: [16, 16],
        contextDimension: 2,
        scaleBound: 'tanh',
        seed: 7,
      }),
  },
];

describe.each(conditionalCases)(
  'conditional $name: context is a second ONNX input',
  ({ build }) => {
    const dimension = 3;
    const rows = 80;
    let flow: Flow;

    beforeAll(() => {
      flow = build();
      randomizeTrainable(flow, 8, 0.2);
    });
    afterAll(() => flow.dispose());

    test('the exported graphs take x (or z) and context', () => {
      expect(flowForwardGraph(flow).inputs.map((input) => input.name)).toEqual(['x', 'context']);
      expect(flowInverseGraph(flow).inputs.map((input) => input.name)).toEqual(['z', 'context']);
      expect(flowLogProbGraph(flow).inputs.map((input) => input.name)).toEqual(['x', 'context']);
    });

    for (const runtime of RUNTIMES) {
      test(`[${runtime}] forward, inverse and log-prob agree with tfjs`, async () => {
        const x = normals(rows * dimension, 9, 1.6);
        const context = normals(rows * 2, 10);
        const contextTensor = tf.tensor2d(context, [rows, 2]);
        const input = tf.tensor2d(x, [rows, dimension]);
        const forward = flow.forwardAndLogDet(input, contextTensor);
        const inverse = flow.inverseAndLogDet(input, contextTensor);
        const logProb = flow.logProb(input, contextTensor);
        const feeds = (name: string) => ({
          [name]: { data: x, width: dimension },
          context: { data: context, width: 2 },
        });
        const forwardOnnx = await runGraph(runtime, flowForwardGraph(flow), feeds('x'));
        const inverseOnnx = await runGraph(runtime, flowInverseGraph(flow), feeds('z'));
        const logProbOnnx = await runGraph(runtime, flowLogProbGraph(flow), feeds('x'));
        const errors = [
          worstRelativeError(forwardOnnx.z, forward.output.dataSync()),
          worstRelativeError(forwardOnnx.log_det, forward.logDet.dataSync()),
          worstRelativeError(inverseOnnx.x, inverse.output.dataSync()),
          worstRelativeError(inverseOnnx.log_det, inverse.logDet.dataSync()),
          worstRelativeError(logProbOnnx.log_prob, logProb.dataSync()),
        ];
        recordParity(...errors);
        for (const error of errors) expect(error).toBeLessThan(TOLERANCE);

        // Another context changes the exported density as it changes the tfjs one.
        const shifted = context.map((v) => v + 1);
        const other = await runGraph(runtime, flowLogProbGraph(flow), {
          x: { data: x, width: dimension },
          context: { data: shifted, width: 2 },
        });
        const otherTfjs = flow.logProb(input, tf.tensor2d(shifted, [rows, 2])).dataSync();
        expect(worstRelativeError(other.log_prob, otherTfjs)).toBeLessThan(TOLERANCE);
        expect(worstRelativeError(other.log_prob, logProbOnnx.log_prob)).toBeGreaterThan(1e-2);
      });
    }
  },
);

describe('README example: train a conditional spline flow and export it', () => {
  test('build → train → serialise → write → load in onnxruntime-node', async () => {
    // Toy data: two features x ~ N(2c, 0.5²) given a context c ~ U(−1, 1).
    const random = new SeededRandom(1);
    const makeSplit = (rows: number) => {
      const context = new Float32Array(rows);
      const inputs = new Float32Array(2 * rows);
      for (let i = 0; i < rows; i++) {
        context[i] = 2 * random.uniform() - 1;
        inputs[2 * i] = 2 * context[i] + 0.5 * random.normal();
        inputs[2 * i + 1] = 2 * context[i] + 0.5 * random.normal();
      }
      return { inputs: { rows, cols: 2, data: inputs }, targets: { rows, cols: 1, data: context } };
    };
    const trainSplit = makeSplit(2000);
    const validationSplit = makeSplit(500);

    // --- README snippet starts ---
    // A conditional density p(x | c): every coupling's conditioner also sees the context c.
    const flow = neuralSplineFlow({
      dimension: 2,
      layers: 4,
      bins: 8,
      bound: 4,
      contextDimension: 1,
      seed: 1,
    });

    // `targets` is the second matrix handed to the objective: here the context.
    const history = train(
      (x, c) => negativeLogLikelihood(flow, x, c),
      flow.trainableVariables(),
      { train: trainSplit, validation: validationSplit },
      { epochs: 3, batchSize: 100, learningRate: 3e-3 },
    );

    // 1000 events drawn at c = 0.5 (one context row per event).
    const samples = flow.sample(1000, { seed: 2, context: tf.fill([1000, 1], 0.5) as tf.Tensor2D });

    // Export x, context → z, log_det; `context` is the model's second input.
    const graph = flowForwardGraph(flow);
    const metadata = { context: JSON.stringify(['c']) };
    const bytes = serializeOnnxGraph(graph, { metadata }); // in memory, e.g. for a browser
    const directory = await mkdtemp(join(tmpdir(), 'flowda-spline-'));
    const path = join(directory, 'conditional-spline-forward.onnx');
    await writeOnnxModel(path, graph, { metadata });

    const model = await FlowdaModel.load(path);
    const { z, log_det } = await model.run({
      x: { data: new Float32Array([1.5, 1.7]), width: 2 },
      context: { data: new Float32Array([0.8]), width: 1 },
    });
    // --- README snippet ends ---

    try {
      expect(history.validationLoss[history.validationLoss.length - 1]).toBeLessThan(
        history.validationLoss[0],
      );
      expect(samples.shape).toEqual([1000, 2]);
      expect(model.inputNames).toEqual(['x', 'context']);
      expect(model.metadata).toEqual(metadata);
      expect(Array.from(await readFile(path))).toEqual(Array.from(bytes));
      const expected = flow.forwardAndLogDet(tf.tensor2d([[1.5, 1.7]]), tf.tensor2d([[0.8]]));
      expect(worstRelativeError(z.data, expected.output.dataSync())).toBeLessThan(TOLERANCE);
      expect(worstRelativeError(log_det.data, expected.logDet.dataSync())).toBeLessThan(TOLERANCE);
    } finally {
      await model.release();
      await rm(directory, { recursive: true, force: true });
      flow.dispose();
    }
  });
});
