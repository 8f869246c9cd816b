/** Serialises an `OnnxGraph` into the bytes of an ONNX `ModelProto`. */

import type { OnnxDataTypeName, OnnxGraph, OnnxValueInfo } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
import { attributeToProto } from './attributes.js';
import { checkOnnxGraph } from './check-graph.js';
import { type OnnxProto, onnx } from './proto.js';
import { initializerToTensor } from './tensor.js';

/** Options of {@link serializeOnnxGraph}. */
export interface SerializeOnnxOptions {
  /** `producer_name` of the model. Defaults to `'flowda'`. */
  producer?: string;
  /** `producer_version`, e.g. the flowda version. Omitted when not given. */
  producerVersion?: string;
  /** Name of the ONNX graph. Defaults to `'flowda'`. */
  graphName?: string;
  /** `doc_string` of the model: a human-readable description. */
  docString?: string;
  /**
   * Key–value pairs stored as the model's `metadata_props`: feature column names,
   * standardisation, flowda version. Values must be strings; serialise structures as JSON.
   */
  metadata?: Record<string, string>;
}

const elementType: Record<OnnxDataTypeName, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

/**
 * The ONNX IR version matching an operator set: IR 8 up to opset 18 (ONNX 1.13), 9 for opsets
 * 19–20, 10 for 21 and later. flowda graphs use opset 17, hence IR 8.
 */
export function irVersionForOpset(opsetVersion: number): number {
  if (opsetVersion <= 18) return 8;
  if (opsetVersion <= 20) return 9;
  return 10;
}

/**
 * Encodes `graph` as an ONNX model: `ModelProto` with the IR version of
 * {@link irVersionForOpset}, one `opset_import` of the default domain at `graph.opsetVersion`,
 * graph inputs and outputs as float (or int64/bool) tensors whose string dims become symbolic
 * (`dim_param`, e.g. the batch size) and whose number dims are fixed (`dim_value`), initializers as
 * `TensorProto`s and `metadata` as `metadata_props`.
 *
 * The graph is checked first ({@link checkOnnxGraph}); errors name the faulty node or value.
 */
export function serializeOnnxGraph(
  graph: OnnxGraph,
  options: SerializeOnnxOptions = {},
): Uint8Array {
  checkOnnxGraph(graph);
  const model = onnx.ModelProto.fromObject(buildModel(graph, options));
  // Why: protobufjs may hand back a Node Buffer that is a view into a shared pool; copy it so the
  // caller owns a plain Uint8Array whose `.buffer` holds exactly the model.
  return new Uint8Array(onnx.ModelProto.encode(model).finish());
}

function buildModel(graph: OnnxGraph, options: SerializeOnnxOptions): OnnxProto.IModelProto {
  const { producer = 'flowda', producerVersion, graphName = 'flowda', docString } = options;

  const nodes: OnnxProto.INodeProto[] = graph.nodes.map((node) => ({
    name: node.name,
    opType: node.opType,
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: Object.entries(node.attributes).map(([name, value]) =>
      attributeToProto(node.name, name, value),
    ),
  }));

  const model: OnnxProto.IModelProto = {
    irVersion: irVersionForOpset(graph.opsetVersion),
    opsetImport: [{ domain: '', version: graph.opsetVersion }],
    producerName: producer,
    graph: {
      name: graphName,
      node: nodes,
      initializer: graph.initializers.map(initializerToTensor),
      input: graph.inputs.map(valueInfo),
      output: graph.outputs.map(valueInfo),
    },
    metadataProps: metadataEntries(options.metadata ?? {}),
  };
  if (producerVersion !== undefined) model.producerVersion = producerVersion;
  if (docString !== undefined) model.docString = docString;
  return model;
}

function valueInfo(value: OnnxValueInfo): OnnxProto.IValueInfoProto {
  const elemType = elementType[value.dataType];
  if (elemType === undefined) {
    throw new FlowdaError(
      `value "${value.name}" dataType must be one of "float", "int64", "bool", got ` +
        JSON.stringify(value.dataType),
    );
  }
  const dim = value.dims.map((size) =>
    typeof size === 'string' ? { dimParam: size } : { dimValue: size },
  );
  return { name: value.name, type: { tensorType: { elemType, shape: { dim } } } };
}

function metadataEntries(metadata: Record<string, string>): OnnxProto.IStringStringEntryProto[] {
  return Object.entries(metadata).map(([key, value]) => {
    if (key === '') throw new FlowdaError('metadata keys must be non-empty strings, got ""');
    if (typeof value !== 'string') {
      throw new FlowdaError(
        `metadata["${key}"] must be a string (serialise structures as JSON), got ${typeof value}`,
      );
    }
    return { key, value };
  });
}
