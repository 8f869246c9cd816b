/**
 * The `onnx` protobuf namespace of `onnx-proto` (ONNX 1.10 schema, protobufjs 6 static code).
 *
 * `onnx-proto` is CommonJS and ends in `module.exports = root`, which Node's ESM loader cannot
 * split into named exports: `import { onnx } from 'onnx-proto'` fails at run time in Node although
 * it type-checks and works in bundlers. The default import is the form every loader accepts.
 */

import onnxProto from 'onnx-proto';

export type { onnx as OnnxProto } from 'onnx-proto';

/** The generated message classes: `onnx.ModelProto`, `onnx.TensorProto`, … */
export const onnx = onnxProto.onnx;
