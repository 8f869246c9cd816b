import { OnnxGraph } from '@flowda/core';
import { serializeOnnxGraph } from '@flowda/io';
import { readOnnxModelDescription } from '@flowda/runtime';
import { describe, expect, test } from 'vitest';
import { buildFixtureGraph, fixtureWeights } from './model-fixture.js';

describe('readOnnxModelDescription', () => {
  test('reads producer, metadata and declared shapes from serialised bytes', () => {
    const metadata = { features: '["pT [GeV]","η"]', standardisation: '{"mean":[1,2]}' };
    const bytes = serializeOnnxGraph(buildFixtureGraph(fixtureWeights(), true), {
      producerVersion: '9.8.7',
      docString: 'sim flow',
      metadata,
    });
    const description = readOnnxModelDescription(bytes);

    expect(description.producerName).toBe('flowda');
    expect(description.producerVersion).toBe('9.8.7');
    expect(description.docString).toBe('sim flow');
    expect(description.metadata).toEqual(metadata);
    expect(description.inputs).toEqual([
      { name: 'x', elementType: 1, dims: ['batch', 4] },
      { name: 'context', elementType: 1, dims: ['batch', 2] },
    ]);
    expect(description.outputs.map((output) => [output.name, output.dims])).toEqual([
      ['y', ['batch', 3]],
      ['logDet', ['batch']],
      ['permuted', ['batch', 2]],
    ]);
  });

  test('skips large initializers and reads a width above one varint byte', () => {
    const g = new OnnxGraph();
    const x = g.addInput('x', 300);
    const weight = g.constant('weight', new Float32Array(300 * 300).fill(0.5), [300, 300]);
    g.addOutput('y', g.op('MatMul', [x, weight]), ['batch', 300]);
    const description = readOnnxModelDescription(serializeOnnxGraph(g));
    expect(description.inputs[0].dims).toEqual(['batch', 300]);
    expect(description.metadata).toEqual({});
  });

  test.each([
    ['text', new TextEncoder().encode('pt,eta\n1,2\n'), /is not a valid ONNX model/],
    ['an empty file', new Uint8Array(0), /it has no graph/],
  ])('refuses %s, naming the source', (_title, bytes, message) => {
    expect(() => readOnnxModelDescription(bytes, 'model file "a.onnx"')).toThrow(
      /^model file "a\.onnx"/,
    );
    expect(() => readOnnxModelDescription(bytes)).toThrow(message);
  });
});
