/**
 * A small, dependency-free description of an ONNX graph.
 *
 * Transforms emit their maths into an {@link OnnxGraph} with {@link OnnxGraph.op}; `@flowda/io`
 * turns the finished graph into an ONNX `ModelProto`. Keeping the graph plain data lets every
 * transform state its tfjs and ONNX maths side by side, in one file, without pulling protobuf
 * into `@flowda/core`.
 */

/** Element types used by flowda graphs (the ONNX `TensorProto.DataType` codes). */
export const OnnxDataType = { float: 1, int64: 7, bool: 9 } as const;
export type OnnxDataTypeName = keyof typeof OnnxDataType;

/** A named constant stored in the model (weights, masks, scalars). */
export interface OnnxInitializer {
  name: string;
  dataType: OnnxDataTypeName;
  dims: number[];
  /** float data for `float`, integer data for `int64`, 0/1 for `bool`. */
  values: Float32Array | number[];
}

export type OnnxAttributeValue =
  | number
  | number[]
  | string
  | { float: number }
  | { floats: number[] };

/** One operator node. Numbers in attributes are written as ints unless wrapped in `{ float }`. */
export interface OnnxNode {
  opType: string;
  inputs: string[];
  outputs: string[];
  name: string;
  attributes: Record<string, OnnxAttributeValue>;
}

/** A graph input or output: a float tensor of shape [batch, width] unless `dims` says otherwise. */
export interface OnnxValueInfo {
  name: string;
  dataType: OnnxDataTypeName;
  /** Each entry a fixed size or a symbolic name such as `'batch'`. */
  dims: (number | string)[];
}

/**
 * Collects nodes and initializers under unique names.
 *
 * `op()` returns the name of the (first) output, so graph code reads like the tfjs code it
 * mirrors: `const h = g.op('Relu', [g.op('Gemm', [x, w, b])])`.
 */
export class OnnxGraph {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: OnnxInitializer[] = [];
  readonly inputs: OnnxValueInfo[] = [];
  readonly outputs: OnnxValueInfo[] = [];
  /** Operator set version the emitted nodes follow. */
  readonly opsetVersion: number;
  private counter = 0;
  private readonly scopes: string[] = [];

  constructor(opsetVersion = 17) {
    this.opsetVersion = opsetVersion;
  }

  /** Runs `body` with names prefixed by `scope/`, so a layer's nodes are grouped. */
  scoped<T>(scope: string, body: () => T): T {
    this.scopes.push(scope);
    try {
      return body();
    } finally {
      this.scopes.pop();
    }
  }

  /** A fresh, unique value name. */
  name(hint: string): string {
    this.counter += 1;
    const prefix = this.scopes.length > 0 ? `${this.scopes.join('/')}/` : '';
    return `${prefix}${hint}_${this.counter}`;
  }

  addInput(name: string, width: number | string, dataType: OnnxDataTypeName = 'float'): string {
    this.inputs.push({ name, dataType, dims: ['batch', width] });
    return name;
  }

  /** Declares `value` as a graph output under `name` (an Identity node renames it). */
  addOutput(
    name: string,
    value: string,
    dims: (number | string)[],
    dataType: OnnxDataTypeName = 'float',
  ): void {
    this.nodes.push({
      opType: 'Identity',
      inputs: [value],
      outputs: [name],
      name: `output/${name}`,
      attributes: {},
    });
    this.outputs.push({ name, dataType, dims });
  }

  /** Adds a float constant; `dims` defaults to a 1-D tensor of the data's length. */
  constant(hint: string, values: Float32Array | number[], dims?: number[]): string {
    const name = this.name(hint);
    const data = values instanceof Float32Array ? values : Float32Array.from(values);
    this.initializers.push({ name, dataType: 'float', dims: dims ?? [data.length], values: data });
    return name;
  }

  /** A float scalar constant (rank 0). */
  scalar(value: number, hint = 'scalar'): string {
    return this.constant(hint, [value], []);
  }

  /** An int64 constant, for shapes, axes and indices. */
  int64(hint: string, values: number[], dims?: number[]): string {
    const name = this.name(hint);
    this.initializers.push({ name, dataType: 'int64', dims: dims ?? [values.length], values });
    return name;
  }

  /** Appends a node and returns its first output's name. */
  op(
    opType: string,
    inputs: string[],
    attributes: Record<string, OnnxAttributeValue> = {},
    outputCount = 1,
  ): string {
    return this.opMulti(opType, inputs, attributes, outputCount)[0];
  }

  /** Appends a node with several outputs and returns all their names. */
  opMulti(
    opType: string,
    inputs: string[],
    attributes: Record<string, OnnxAttributeValue> = {},
    outputCount = 1,
  ): string[] {
    const outputs = Array.from({ length: outputCount }, () => this.name(opType.toLowerCase()));
    this.nodes.push({ opType, inputs, outputs, name: this.name(`${opType}_node`), attributes });
    return outputs;
  }

  /** Sum over the feature axis of a [batch, width] tensor, giving [batch]. */
  sumFeatures(value: string): string {
    return this.op('ReduceSum', [value, this.int64('axes', [1])], { keepdims: 0 });
  }
}
