/** Converts the attributes of an `OnnxGraph` node into ONNX `AttributeProto`s. */

import type { OnnxAttributeValue } from '@flowda/core';
import { FlowdaError } from '@flowda/core';
import { type OnnxProto, onnx } from './proto.js';

const { AttributeType } = onnx.AttributeProto;
const utf8 = new TextEncoder();

/**
 * One `AttributeProto`, typed by the JavaScript value:
 *
 * | value                  | ONNX type | field    |
 * |------------------------|-----------|----------|
 * | integer `number`       | `INT`     | `i`      |
 * | `{ float: x }`         | `FLOAT`   | `f`      |
 * | integer `number[]`     | `INTS`    | `ints`   |
 * | `{ floats: [...] }`    | `FLOATS`  | `floats` |
 * | `string`               | `STRING`  | `s`      |
 *
 * A bare non-integer number is refused rather than truncated, since Gemm's `alpha: 0.5` written
 * as an INT would silently become 0: wrap it as `{ float: 0.5 }`.
 */
export function attributeToProto(
  nodeName: string,
  name: string,
  value: OnnxAttributeValue,
): OnnxProto.IAttributeProto {
  const where = `node "${nodeName}" attribute "${name}"`;

  if (typeof value === 'number') {
    return { name, type: AttributeType.INT, i: checkInt(where, value) };
  }
  if (typeof value === 'string') {
    // Why: protobufjs reads a JS string given for a `bytes` field as base64, so encode it first.
    return { name, type: AttributeType.STRING, s: utf8.encode(value) };
  }
  if (Array.isArray(value)) {
    return { name, type: AttributeType.INTS, ints: value.map((v) => checkInt(where, v)) };
  }
  if (value !== null && typeof value === 'object') {
    if ('float' in value && typeof value.float === 'number') {
      return { name, type: AttributeType.FLOAT, f: value.float };
    }
    if ('floats' in value && Array.isArray(value.floats)) {
      return { name, type: AttributeType.FLOATS, floats: [...value.floats] };
    }
  }
  throw new FlowdaError(
    `${where} must be an integer, integer[], string, { float } or { floats }, got ` +
      JSON.stringify(value),
  );
}

function checkInt(where: string, value: number): number {
  if (!Number.isSafeInteger(value)) {
    throw new FlowdaError(
      `${where} is ${value}, which is not a safe integer; ` +
        `wrap a real number as { float: ${value} }`,
    );
  }
  return value;
}
