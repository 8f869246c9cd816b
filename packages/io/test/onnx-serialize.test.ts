import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxGraph } from '@flowda/core';
import { serializeOnnxGraph, writeOnnxModel } from '@flowda/io';
import onnxProto from 'onnx-proto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';

const { onnx } = onnxProto;

/** Decodes model bytes into plain objects, int64 fields as numbers. */
function decode(bytes: Uint8Array) {
  const message = onnx.ModelProto.decode(bytes);
  return onnx.ModelProto.toObject(message, { longs: Number, defaults: false }) as any;
}

function seededValues(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed;
  for (let i = 0; i < count; i += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    values[i] = (state / 2147483648) * 4 - 2;
  }
  return values;
}

/** x [batch, 4] → Gemm → Relu → Exp, ReduceSum, a Less/Where and an int64 Gather. */
function buildGraph(weight: Float32Array, bias: Float32Array): OnnxGraph {
  const g = new OnnxGraph();
  const x = g.addInput('x', 4);
  const h = g.scoped('layer0', () =>
    g.op('Relu', [
      g.op('Gemm', [x, g.constant('weight', weight, [4, 3]), g.constant('bias', bias)], {
        alpha: { float: 0.5 },
        transB: 0,
      }),
    ]),
  );
  const e = g.op('Exp', [h]);
  const chosen = g.op('Where', [g.op('Less', [h, g.scalar(0.3)]), h, e]);
  const columns = g.op('Gather', [x, g.int64('columns', [2, 0])], { axis: 1 });
  g.addOutput('y', chosen, ['batch', 3]);
  g.addOutput('logDet', g.sumFeatures(e), ['batch']);
  g.addOutput('columns', columns, ['batch', 2]);
  return g;
}

describe('serializeOnnxGraph', () => {
  const weight = seededValues(12, 1);
  const bias = seededValues(3, 2);
  const metadata = {
    features: JSON.stringify(['pT [GeV]', 'η', 'φ', 'E']),
    standardisation: JSON.stringify({ mean: [1.5, 0, 0, 40], std: [2, 1, 1.8, 12] }),
    flowdaVersion: '0.1.0',
  };
  const bytes = serializeOnnxGraph(buildGraph(weight, bias), {
    producerVersion: '0.1.0',
    docString: 'data flow, forward direction',
    metadata,
  });
  const model = decode(bytes);

  test('returns a plain Uint8Array that owns exactly the model bytes', () => {
    expect(bytes.constructor).toBe(Uint8Array);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  test('writes IR version 8, the default-domain opset 17 and the producer', () => {
    expect(model.irVersion).toBe(8);
    expect(model.opsetImport).toEqual([{ domain: '', version: 17 }]);
    expect(model.producerName).toBe('flowda');
    expect(model.producerVersion).toBe('0.1.0');
    expect(model.docString).toBe('data flow, forward direction');
    expect(model.graph.name).toBe('flowda');
  });

  test('metadata round-trips as metadata_props, non-ASCII text included', () => {
    const entries = Object.fromEntries(
      model.metadataProps.map((entry: any) => [entry.key, entry.value]),
    );
    expect(entries).toEqual(metadata);
    expect(JSON.parse(entries.features)).toEqual(['pT [GeV]', 'η', 'φ', 'E']);
  });

  test('inputs and outputs carry a symbolic batch dim and a fixed width', () => {
    const [input] = model.graph.input;
    expect(input.name).toBe('x');
    expect(input.type.tensorType.elemType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(input.type.tensorType.shape.dim).toEqual([{ dimParam: 'batch' }, { dimValue: 4 }]);

    const outputs = Object.fromEntries(
      model.graph.output.map((output: any) => [output.name, output.type.tensorType.shape.dim]),
    );
    expect(outputs).toEqual({
      y: [{ dimParam: 'batch' }, { dimValue: 3 }],
      logDet: [{ dimParam: 'batch' }],
      columns: [{ dimParam: 'batch' }, { dimValue: 2 }],
    });
  });

  test('float initializers are little-endian float32 raw_data equal to the weights', () => {
    const tensor = model.graph.initializer.find((t: any) => t.name.startsWith('layer0/weight'));
    expect(tensor.dataType).toBe(onnx.TensorProto.DataType.FLOAT);
    expect(tensor.dims).toEqual([4, 3]);
    const raw: Uint8Array = tensor.rawData;
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    const decoded = Float32Array.from({ length: raw.length / 4 }, (_, i) =>
      view.getFloat32(i * 4, true),
    );
    expect(decoded).toEqual(weight);
  });

  test('scalars have no dims and int64 constants use int64_data', () => {
    const scalar = model.graph.initializer.find((t: any) => t.name.startsWith('scalar'));
    expect(scalar.dims ?? []).toEqual([]);
    expect(scalar.rawData.length).toBe(4);

    const columns = model.graph.initializer.find((t: any) => t.name.startsWith('columns'));
    expect(columns.dataType).toBe(onnx.TensorProto.DataType.INT64);
    expect(columns.int64Data).toEqual([2, 0]);
    const axes = model.graph.initializer.find((t: any) => t.name.startsWith('axes'));
    expect(axes.int64Data).toEqual([1]);
  });

  test('node attributes: { float } → FLOAT, integers → INT', () => {
    const byType = (opType: string) => model.graph.node.find((n: any) => n.opType === opType);
    const gemm = byType('Gemm');
    expect(gemm.name.startsWith('layer0/')).toBe(true);
    const alpha = gemm.attribute.find((a: any) => a.name === 'alpha');
    expect(alpha.type).toBe(onnx.AttributeProto.AttributeType.FLOAT);
    expect(alpha.f).toBe(0.5);
    const transB = gemm.attribute.find((a: any) => a.name === 'transB');
    expect(transB.type).toBe(onnx.AttributeProto.AttributeType.INT);
    expect(transB.i).toBe(0);
    const keepdims = byType('ReduceSum').attribute[0];
    expect([keepdims.name, keepdims.type, keepdims.i]).toEqual([
      'keepdims',
      onnx.AttributeProto.AttributeType.INT,
      0,
    ]);
  });

  test('graph outputs are renamed by Identity nodes', () => {
    const identities = model.graph.node.filter((n: any) => n.opType === 'Identity');
    expect(identities.map((n: any) => n.output[0])).toEqual(['y', 'logDet', 'columns']);
  });
});

describe('serializeOnnxGraph attributes and initializers of every kind', () => {
  const g = new OnnxGraph();
  const x = g.addInput('x', 2);
  g.initializers.push({ name: 'flags', dataType: 'bool', dims: [2], values: [1, 0] });
  const y = g.op('Identity', [x], {
    label: 'µ → e ν ν̄',
    perm: [1, 0, -1],
    scales: { floats: [0.25, -1.5] },
    epsilon: { float: 1e-6 },
  });
  g.addOutput('y', y, ['batch', 2]);
  const node = decode(serializeOnnxGraph(g)).graph;
  const attribute = (name: string) =>
    node.node.find((n: any) => n.output[0] === y).attribute.find((a: any) => a.name === name);
  const { AttributeType } = onnx.AttributeProto;

  test('[STRING] text is UTF-8 encoded, not read as base64', () => {
    expect(attribute('label').type).toBe(AttributeType.STRING);
    expect(new TextDecoder().decode(attribute('label').s)).toBe('µ → e ν ν̄');
  });

  test('[INTS] integer arrays keep their sign', () => {
    expect(attribute('perm').type).toBe(AttributeType.INTS);
    expect(attribute('perm').ints).toEqual([1, 0, -1]);
  });

  test('[FLOATS] and [FLOAT] keep float32 values', () => {
    expect(attribute('scales').type).toBe(AttributeType.FLOATS);
    expect(attribute('scales').floats).toEqual([0.25, -1.5]);
    expect(attribute('epsilon').type).toBe(AttributeType.FLOAT);
    expect(attribute('epsilon').f).toBeCloseTo(1e-6, 12);
  });

  test('[bool] initializers are stored as 0/1 in int32_data', () => {
    const flags = node.initializer.find((t: any) => t.name === 'flags');
    expect(flags.dataType).toBe(onnx.TensorProto.DataType.BOOL);
    expect(flags.int32Data).toEqual([1, 0]);
  });
});

describe('serializeOnnxGraph rejects malformed graphs naming the offender', () => {
  const cases: [string, (g: OnnxGraph, x: string) => void, RegExp][] = [
    [
      'a fractional bare-number attribute',
      (g, x) => g.addOutput('y', g.op('LeakyRelu', [x], { alpha: 0.01 }), ['batch', 2]),
      /attribute "alpha" is 0\.01.*\{ float: 0\.01 \}/,
    ],
    [
      'a node input nobody defines',
      (g) => g.addOutput('y', g.op('Relu', ['nowhere']), ['batch', 2]),
      /node "Relu_node_\d+" \(Relu\) input 0 "nowhere" is not defined/,
    ],
    ['a graph without outputs', () => undefined, /graph has no outputs/],
    [
      'an initializer whose values do not fill its dims',
      (g, x) => g.addOutput('y', g.op('Add', [x, g.constant('b', [1, 2, 3], [2])]), ['batch', 2]),
      /initializer "b_\d+": dims \[2\] hold 2 values, got 3 values/,
    ],
    [
      'an int64 beyond 2^53',
      (g, x) => g.addOutput('y', g.op('Gather', [x, g.int64('i', [2 ** 60])]), ['batch', 1]),
      new RegExp(`int64 value ${2 ** 60} at index 0 is not a safe integer`),
    ],
    [
      'a value defined twice',
      (g, x) => {
        g.nodes.push({ opType: 'Relu', inputs: [x], outputs: [x], name: 'again', attributes: {} });
        g.addOutput('y', x, ['batch', 2]);
      },
      /value "x" is defined twice: by graph input "x" and by node "again"/,
    ],
    [
      'an output dim of zero',
      (g, x) => g.addOutput('y', x, ['batch', 0]),
      /graph output "y" dims \[batch, 0\]/,
    ],
  ];

  test.each(cases)('%s', (_title, build, message) => {
    const g = new OnnxGraph();
    build(g, g.addInput('x', 2));
    expect(() => serializeOnnxGraph(g)).toThrow(message);
  });

  test('a metadata value that is not a string', () => {
    const g = new OnnxGraph();
    g.addOutput('y', g.addInput('x', 2), ['batch', 2]);
    const metadata = { features: ['a', 'b'] } as unknown as Record<string, string>;
    expect(() => serializeOnnxGraph(g, { metadata })).toThrow(
      /metadata\["features"\] must be a string/,
    );
  });
});

describe('writeOnnxModel', () => {
  let directory: string;
  const graph = new OnnxGraph();
  graph.addOutput('y', graph.op('Relu', [graph.addInput('x', 3)]), ['batch', 3]);

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'flowda-onnx-'));
  });
  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  test('writes the serialised bytes and leaves no temporary file', async () => {
    const path = join(directory, 'model.onnx');
    await writeFile(path, 'an older model');
    await writeOnnxModel(path, graph, { metadata: { run: 'a' } });

    expect(new Uint8Array(await readFile(path))).toEqual(
      serializeOnnxGraph(graph, { metadata: { run: 'a' } }),
    );
    expect(await readdir(directory)).toEqual(['model.onnx']);
  });

  test('a missing directory gives an error naming the path', async () => {
    const path = join(directory, 'no-such-dir', 'model.onnx');
    await expect(writeOnnxModel(path, graph)).rejects.toThrow(
      `cannot write ONNX model to "${path}"`,
    );
    expect(await readdir(directory)).not.toContain('no-such-dir');
  });
});
