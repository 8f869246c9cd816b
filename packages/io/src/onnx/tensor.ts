/** Converts an {@link OnnxInitializer} of an `OnnxGraph` into an ONNX `TensorProto`. */

import type { OnnxInitializer } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
import { type OnnxProto, onnx } from './proto.js';

/**
 * The `TensorProto` of one initializer.
 *
 * - `float`: the values as little-endian float32 in `raw_data` (4 bytes a value), the compact form
 *   ONNX recommends for weights.
 * - `int64`: `int64_data`; every value must be a safe integer (|v| ≤ 2^53 − 1), since larger
 *   numbers are not exact in JavaScript. Use `Number.MAX_SAFE_INTEGER` for "to the end" slices.
 * - `bool`: `int32_data` with 0 or 1, as the ONNX schema stores booleans.
 *
 * The number of values must equal the product of `dims` (1 for a scalar, `dims = []`).
 */
export function initializerToTensor(initializer: OnnxInitializer): OnnxProto.ITensorProto {
  const { name, dataType, dims, values } = initializer;
  const where = `initializer "${name}"`;

  for (const size of dims) {
    if (!Number.isInteger(size) || size < 0) {
      throw new FlowdaError(`${where}: dims [${dims.join(', ')}] must be integers >= 0`);
    }
  }
  const count = dims.reduce((product, size) => product * size, 1);
  if (values.length !== count) {
    throw new FlowdaError(
      `${where}: dims [${dims.join(', ')}] hold ${count} values, got ${values.length} values`,
    );
  }

  const tensor: OnnxProto.ITensorProto = { name, dims: [...dims] };
  switch (dataType) {
    case 'float':
      tensor.dataType = onnx.TensorProto.DataType.FLOAT;
      tensor.rawData = float32LittleEndian(values);
      return tensor;
    case 'int64':
      tensor.dataType = onnx.TensorProto.DataType.INT64;
      tensor.int64Data = Array.from(values, (value, index) => {
        if (!Number.isSafeInteger(value)) {
          throw new FlowdaError(
            `${where}: int64 value ${value} at index ${index} is not a safe integer`,
          );
        }
        return value;
      });
      return tensor;
    case 'bool':
      tensor.dataType = onnx.TensorProto.DataType.BOOL;
      tensor.int32Data = Array.from(values, (value, index) => {
        if (value !== 0 && value !== 1) {
          throw new FlowdaError(`${where}: bool value ${value} at index ${index} must be 0 or 1`);
        }
        return value;
      });
      return tensor;
    default:
      throw new FlowdaError(
        `${where}: dataType must be one of "float", "int64", "bool", got ` +
          JSON.stringify(dataType),
      );
  }
}

/** The values as float32 bytes in little-endian order, whatever the host's byte order. */
function float32LittleEndian(values: Float32Array | number[]): Uint8Array {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i += 1) {
    view.setFloat32(i * 4, values[i], true);
  }
  return bytes;
}
