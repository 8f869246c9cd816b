/**
 * Reads what a runner needs from the bytes of an ONNX model: `metadata_props` and the shapes of the
 * graph inputs and outputs.
 *
 * onnxruntime's JavaScript API does not expose `metadata_props`, and older versions do not expose
 * input shapes, so this is a minimal protobuf wire-format reader for those few fields of
 * `ModelProto`; everything else, the weights included, is skipped by its length without decoding.
 */

import { FlowdaRuntimeError } from './errors.js';

/** A graph input or output as declared in the model. */
export interface OnnxValueDescription {
  name: string;
  /** ONNX `TensorProto.DataType` code: 1 float, 7 int64, 9 bool; 0 when not declared. */
  elementType: number;
  /** Each entry a fixed size, a symbolic name (`'batch'`), or `null` when left open. */
  dims: (number | string | null)[];
}

/** The fields of an ONNX model that {@link readOnnxModelDescription} extracts. */
export interface OnnxModelDescription {
  producerName: string;
  producerVersion: string;
  docString: string;
  /** The model's `metadata_props`, in file order. */
  metadata: Record<string, string>;
  inputs: OnnxValueDescription[];
  outputs: OnnxValueDescription[];
}

/** Field numbers of onnx.proto used here. */
const Model = { producerName: 2, producerVersion: 3, docString: 6, graph: 7, metadataProps: 14 };
const Graph = { input: 11, output: 12 };
const Entry = { key: 1, value: 2 };
const ValueInfo = { name: 1, type: 2 };
const Type = { tensorType: 1 };
const TensorType = { elemType: 1, shape: 2 };
const Shape = { dim: 1 };
const Dimension = { dimValue: 1, dimParam: 2 };

const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 };

/** Throws a {@link FlowdaRuntimeError} naming `source` when `bytes` are not an ONNX model. */
export function readOnnxModelDescription(
  bytes: Uint8Array,
  source = 'model bytes',
): OnnxModelDescription {
  const description: OnnxModelDescription = {
    producerName: '',
    producerVersion: '',
    docString: '',
    metadata: {},
    inputs: [],
    outputs: [],
  };
  let sawGraph = false;

  try {
    for (const field of fields(bytes, 0, bytes.length)) {
      if (field.number === Model.producerName) description.producerName = text(bytes, field);
      else if (field.number === Model.producerVersion)
        description.producerVersion = text(bytes, field);
      else if (field.number === Model.docString) description.docString = text(bytes, field);
      else if (field.number === Model.metadataProps) {
        const entry = readEntry(bytes, field);
        description.metadata[entry.key] = entry.value;
      } else if (field.number === Model.graph && field.wireType === WireType.lengthDelimited) {
        sawGraph = true;
        for (const graphField of fields(bytes, field.start, field.end)) {
          if (graphField.number === Graph.input)
            description.inputs.push(readValueInfo(bytes, graphField));
          if (graphField.number === Graph.output)
            description.outputs.push(readValueInfo(bytes, graphField));
        }
      }
    }
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowdaRuntimeError(`${source} is not a valid ONNX model: ${reason}`);
  }
  if (!sawGraph)
    throw new FlowdaRuntimeError(`${source} is not a valid ONNX model: it has no graph`);
  return description;
}

interface Field {
  number: number;
  wireType: number;
  /** The varint value for wire type 0. */
  value: number;
  /** Byte range of the payload for wire type 2. */
  start: number;
  end: number;
}

/** The fields of the message in `bytes[start, end)`, in order. */
function* fields(bytes: Uint8Array, start: number, end: number): Generator<Field> {
  const cursor = { position: start };
  while (cursor.position < end) {
    const key = readVarint(bytes, cursor, end);
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (number === 0) throw new Error(`field number 0 at byte ${cursor.position}`);

    const field: Field = {
      number,
      wireType,
      value: 0,
      start: cursor.position,
      end: cursor.position,
    };
    if (wireType === WireType.varint) {
      field.value = readVarint(bytes, cursor, end);
    } else if (wireType === WireType.lengthDelimited) {
      const length = readVarint(bytes, cursor, end);
      field.start = cursor.position;
      field.end = cursor.position + length;
      if (field.end > end) throw new Error(`field ${number} runs past the end of its message`);
      cursor.position = field.end;
    } else if (wireType === WireType.fixed64 || wireType === WireType.fixed32) {
      cursor.position += wireType === WireType.fixed64 ? 8 : 4;
      if (cursor.position > end)
        throw new Error(`field ${number} runs past the end of its message`);
    } else {
      throw new Error(`unsupported wire type ${wireType} of field ${number}`);
    }
    yield field;
  }
}

/**
 * A varint as a JavaScript number; exact up to 2^53, which covers lengths, keys and dims.
 * Negative int64 values (10 bytes) come back as large positive numbers and are not used here.
 */
function readVarint(bytes: Uint8Array, cursor: { position: number }, end: number): number {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i += 1) {
    if (cursor.position >= end) throw new Error('truncated varint');
    const byte = bytes[cursor.position];
    cursor.position += 1;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return value;
    scale *= 128;
  }
  throw new Error('varint longer than 10 bytes');
}

const utf8 = new TextDecoder('utf-8');

function text(bytes: Uint8Array, field: Field): string {
  if (field.wireType !== WireType.lengthDelimited)
    throw new Error(`field ${field.number} is not a string`);
  return utf8.decode(bytes.subarray(field.start, field.end));
}

function readEntry(bytes: Uint8Array, field: Field): { key: string; value: string } {
  const entry = { key: '', value: '' };
  for (const inner of fields(bytes, field.start, field.end)) {
    if (inner.number === Entry.key) entry.key = text(bytes, inner);
    if (inner.number === Entry.value) entry.value = text(bytes, inner);
  }
  return entry;
}

function readValueInfo(bytes: Uint8Array, field: Field): OnnxValueDescription {
  const value: OnnxValueDescription = { name: '', elementType: 0, dims: [] };
  for (const info of fields(bytes, field.start, field.end)) {
    if (info.number === ValueInfo.name) value.name = text(bytes, info);
    if (info.number !== ValueInfo.type || info.wireType !== WireType.lengthDelimited) continue;

    for (const type of fields(bytes, info.start, info.end)) {
      if (type.number !== Type.tensorType || type.wireType !== WireType.lengthDelimited) continue;

      for (const tensor of fields(bytes, type.start, type.end)) {
        if (tensor.number === TensorType.elemType) value.elementType = tensor.value;
        if (tensor.number !== TensorType.shape || tensor.wireType !== WireType.lengthDelimited)
          continue;

        for (const dim of fields(bytes, tensor.start, tensor.end)) {
          if (dim.number === Shape.dim) value.dims.push(readDimension(bytes, dim));
        }
      }
    }
  }
  return value;
}

function readDimension(bytes: Uint8Array, field: Field): number | string | null {
  let size: number | string | null = null;
  for (const inner of fields(bytes, field.start, field.end)) {
    if (inner.number === Dimension.dimValue) size = inner.value;
    if (inner.number === Dimension.dimParam) size = text(bytes, inner);
  }
  return size;
}
