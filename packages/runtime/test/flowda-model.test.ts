import { serializeOnnxGraph } from '@flowda/io';
import { FlowdaModel as NodeFlowdaModel } from '@flowda/runtime';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FlowdaModel as WebFlowdaModel } from '../src/browser.js';
import {
  buildFixtureGraph,
  CONTEXT_WIDTH,
  fixtureWeights,
  HIDDEN,
  maxScaledError,
  randomValues,
  referenceOutputs,
  WIDTH,
} from './model-fixture.js';

// Why: one wasm thread keeps onnxruntime-web from starting worker threads inside the test fork.
ortWeb.env.wasm.numThreads = 1;

const weights = fixtureWeights();
const metadata = {
  features: JSON.stringify(['pT [GeV]', 'η', 'φ', 'E']),
  flowdaVersion: '0.1.0',
};
const modelBytes = serializeOnnxGraph(buildFixtureGraph(weights), { metadata });
const contextModelBytes = serializeOnnxGraph(buildFixtureGraph(weights, true));

const runtimes = [
  { name: 'onnxruntime-node', load: (bytes: Uint8Array) => NodeFlowdaModel.load(bytes) },
  { name: 'onnxruntime-web', load: (bytes: Uint8Array) => WebFlowdaModel.load(bytes) },
];

describe.each(runtimes)('[$name]', ({ load }) => {
  let model: NodeFlowdaModel;
  let contextModel: NodeFlowdaModel;

  beforeAll(async () => {
    model = await load(modelBytes);
    contextModel = await load(contextModelBytes);
  });
  afterAll(async () => {
    await model.release();
    await contextModel.release();
  });

  test('names inputs and outputs and reads metadata_props', () => {
    expect(model.inputNames).toEqual(['x']);
    expect(model.outputNames).toEqual(['y', 'logDet', 'permuted']);
    expect(model.metadata).toEqual(metadata);
    expect(model.inputWidth('x')).toBe(WIDTH);
  });

  test.each([1, 1000])(
    'batch %i on one session matches the JavaScript maths to 1e-5',
    async (rows) => {
      const x = randomValues(rows * WIDTH, rows);
      const outputs = await model.run({ x: { data: x, width: WIDTH } });
      const expected = referenceOutputs(weights, x);

      expect(outputs.y.dims).toEqual([rows, HIDDEN]);
      expect(outputs.logDet.dims).toEqual([rows]);
      expect(outputs.permuted.dims).toEqual([rows, 2]);
      expect(maxScaledError(outputs.y.data, expected.y)).toBeLessThan(1e-5);
      expect(maxScaledError(outputs.logDet.data, expected.logDet)).toBeLessThan(1e-5);
      expect(maxScaledError(outputs.permuted.data, expected.permuted)).toBeLessThan(1e-5);
    },
  );

  test('the Where branch takes both sides on random input', async () => {
    const x = randomValues(1000 * WIDTH, 11);
    const { y } = await model.run({ x: { data: x, width: WIDTH } });
    const fromExp = y.data.filter((value) => value >= 1).length;
    expect(fromExp).toBeGreaterThan(0);
    expect(fromExp).toBeLessThan(y.data.length);
  });

  test('runChunked equals one run, with a ragged last chunk', async () => {
    const rows = 1000;
    const x = randomValues(rows * WIDTH, 5);
    const whole = await model.run({ x: { data: x, width: WIDTH } });
    const progress: number[] = [];
    const chunked = await model.runChunked(x, WIDTH, {
      chunkSize: 300,
      onProgress: (done, total) => progress.push(done / total),
    });

    expect(progress).toEqual([0.3, 0.6, 0.9, 1]);
    for (const name of model.outputNames) {
      expect(chunked[name].dims).toEqual(whole[name].dims);
      expect(chunked[name].data).toEqual(whole[name].data);
    }
  });

  test('runChunked on zero rows gives empty outputs of the right shape', async () => {
    const outputs = await model.runChunked(new Float32Array(0), WIDTH);
    expect(outputs.y.dims).toEqual([0, HIDDEN]);
    expect(outputs.logDet.dims).toEqual([0]);
    expect(outputs.permuted.data.length).toBe(0);
  });

  test('runChunked feeds the context input row by row with x', async () => {
    const rows = 250;
    const x = randomValues(rows * WIDTH, 21);
    const context = randomValues(rows * CONTEXT_WIDTH, 22);
    const chunked = await contextModel.runChunked(x, WIDTH, {
      chunkSize: 64,
      contextInput: { name: 'context', data: context, width: CONTEXT_WIDTH },
    });
    const expected = referenceOutputs(weights, x, context);
    expect(chunked.permuted.dims).toEqual([rows, 2]);
    expect(maxScaledError(chunked.permuted.data, expected.permuted)).toBeLessThan(1e-5);
  });

  test('a wrong input width names the input and the expected width', async () => {
    const x = randomValues(6 * 3, 1);
    await expect(model.run({ x: { data: x, width: 3 } })).rejects.toThrow(
      'input "x" of model bytes expects width 4, got width 3',
    );
    await expect(model.runChunked(x, 3)).rejects.toThrow('expects width 4, got width 3');
  });

  test('values that do not fill whole rows, unknown and missing inputs are refused', async () => {
    const x = randomValues(10, 1);
    await expect(model.run({ x: { data: x, width: WIDTH } })).rejects.toThrow(
      'input "x" holds 10 values, which is not a whole number of rows of width 4',
    );
    await expect(model.run({ z: { data: x, width: 2 } })).rejects.toThrow(
      'model bytes has no input "z"; its inputs are "x"',
    );
    await expect(
      contextModel.run({ x: { data: randomValues(WIDTH, 1), width: WIDTH } }),
    ).rejects.toThrow('needs input(s) "context", which were not given');
    await expect(contextModel.runChunked(x, WIDTH)).rejects.toThrow(/pass inputName/);
  });
});

test('onnxruntime-node and onnxruntime-web agree on the same model', async () => {
  const x = randomValues(200 * WIDTH, 99);
  const [nodeModel, webModel] = await Promise.all(runtimes.map(({ load }) => load(modelBytes)));
  const fromNode = await nodeModel.run({ x: { data: x, width: WIDTH } });
  const fromWeb = await webModel.run({ x: { data: x, width: WIDTH } });
  for (const name of nodeModel.outputNames) {
    expect(maxScaledError(fromWeb[name].data, fromNode[name].data)).toBeLessThan(1e-5);
  }
  await Promise.all([nodeModel.release(), webModel.release()]);
});
