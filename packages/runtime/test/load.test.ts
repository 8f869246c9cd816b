import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serializeOnnxGraph, writeOnnxModel } from '@flowda/io';
import { FlowdaModel, FlowdaRuntimeError } from '@flowda/runtime';
import * as ortWeb from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { FlowdaModel as WebFlowdaModel } from '../src/browser.js';
import { buildFixtureGraph, fixtureWeights, randomValues, WIDTH } from './model-fixture.js';

ortWeb.env.wasm.numThreads = 1;

const graph = buildFixtureGraph(fixtureWeights());
const metadata = { flowdaVersion: '0.1.0', direction: 'forward' };
const bytes = serializeOnnxGraph(graph, { metadata });
let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'flowda-runtime-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('FlowdaModel.load in Node', () => {
  test('loads a file written by writeOnnxModel, metadata included', async () => {
    const path = join(directory, 'flow.onnx');
    await writeOnnxModel(path, graph, { metadata });
    const model = await FlowdaModel.load(path);

    expect(model.source).toBe(`model file "${path}"`);
    expect(model.metadata).toEqual(metadata);
    const x = randomValues(3 * WIDTH, 4);
    const fromFile = await model.run({ x: { data: x, width: WIDTH } });
    const fromBytes = await (await FlowdaModel.load(bytes.buffer as ArrayBuffer)).run({
      x: { data: x, width: WIDTH },
    });
    expect(fromFile.y.data).toEqual(fromBytes.y.data);
    await model.release();
  });

  test('a missing file gives an error naming the path', async () => {
    const path = join(directory, 'missing.onnx');
    await expect(FlowdaModel.load(path)).rejects.toThrow(`model file "${path}" does not exist`);
    await expect(FlowdaModel.load(path)).rejects.toBeInstanceOf(FlowdaRuntimeError);
  });

  test('a file that is not a model gives an error naming the path', async () => {
    const path = join(directory, 'events.csv');
    await writeFile(path, 'pt,eta,phi\n1,2,3\n');
    await expect(FlowdaModel.load(path)).rejects.toThrow(
      `model file "${path}" is not a valid ONNX model`,
    );
  });

  test('a truncated model is refused before onnxruntime sees it', async () => {
    await expect(FlowdaModel.load(bytes.subarray(0, bytes.length - 7))).rejects.toThrow(
      /model bytes is not a valid ONNX model: .*runs past the end/,
    );
  });

  test('an unknown execution provider is reported with the model name', async () => {
    await expect(
      FlowdaModel.load(bytes, { executionProviders: ['no-such-provider'] }),
    ).rejects.toThrow(/onnxruntime cannot load model bytes: .*no-such-provider/);
  });
});

describe('FlowdaModel.load in the browser entry (onnxruntime-web, fetch)', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.url === '/flow.onnx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream' });
        response.end(bytes);
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  test('fetches a model by URL and reads its metadata', async () => {
    const model = await WebFlowdaModel.load(`${base}/flow.onnx`);
    expect(model.metadata).toEqual(metadata);
    const outputs = await model.run({ x: { data: randomValues(2 * WIDTH, 8), width: WIDTH } });
    expect(outputs.logDet.dims).toEqual([2]);
    await model.release();
  });

  test('an HTTP error names the URL and the status', async () => {
    const url = `${base}/missing.onnx`;
    await expect(WebFlowdaModel.load(url)).rejects.toThrow(`cannot fetch model "${url}": HTTP 404`);
  });
});
