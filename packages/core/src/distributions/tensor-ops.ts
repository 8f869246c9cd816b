/**
 * One vocabulary of tensor operations with two implementations: tfjs tensors and ONNX value
 * names. Maths written once against {@link TensorOps} runs in training (tfjs) and is exported
 * (ONNX) node for node, so the two cannot drift apart. Broadcasting follows numpy in both.
 *
 * Comparisons return boolean tensors; `where(condition, a, b)` picks a where the condition holds.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OnnxGraph } from '../onnx/graph.js';

export interface TensorOps<T> {
  constant(values: ArrayLike<number>, shape: number[]): T;
  scalar(value: number): T;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  neg(a: T): T;
  exp(a: T): T;
  log(a: T): T;
  sqrt(a: T): T;
  abs(a: T): T;
  minimum(a: T, b: T): T;
  maximum(a: T, b: T): T;
  less(a: T, b: T): T;
  lessEqual(a: T, b: T): T;
  and(a: T, b: T): T;
  where(condition: T, a: T, b: T): T;
  sum(a: T, axis: number, keepDims: boolean): T;
  max(a: T, axis: number, keepDims: boolean): T;
  min(a: T, axis: number, keepDims: boolean): T;
  /** Σ_{i<k} a_i along `axis` (the first entry is 0). */
  cumulativeSumExclusive(a: T, axis: number): T;
  /** Inserts an axis of length 1 at `axis`. */
  expandDims(a: T, axis: number): T;
  /** Column `index` of a [batch, D] tensor, as [batch, 1]. */
  column(a: T, index: number): T;
  /** Joins [batch, 1] columns into [batch, n]. */
  concatColumns(columns: T[]): T;
}

/** The tfjs implementation; call it inside `tf.tidy`. */
export const tfjsOps: TensorOps<tf.Tensor> = {
  constant: (values, shape) => tf.tensor(Float32Array.from(values), shape, 'float32'),
  scalar: (value) => tf.scalar(value, 'float32'),
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  neg: (a) => tf.neg(a),
  exp: (a) => tf.exp(a),
  log: (a) => tf.log(a),
  sqrt: (a) => tf.sqrt(a),
  abs: (a) => tf.abs(a),
  minimum: (a, b) => tf.minimum(a, b),
  maximum: (a, b) => tf.maximum(a, b),
  less: (a, b) => tf.less(a, b),
  lessEqual: (a, b) => tf.lessEqual(a, b),
  and: (a, b) => tf.logicalAnd(a, b),
  where: (condition, a, b) => tf.where(condition, a, b),
  sum: (a, axis, keepDims) => tf.sum(a, axis, keepDims),
  max: (a, axis, keepDims) => tf.max(a, axis, keepDims),
  min: (a, axis, keepDims) => tf.min(a, axis, keepDims),
  cumulativeSumExclusive: (a, axis) => tf.cumsum(a, axis, true),
  expandDims: (a, axis) => tf.expandDims(a, axis),
  column: (a, index) => tf.slice(a, [0, index], [-1, 1]),
  concatColumns: (columns) => tf.concat(columns, 1),
};

/**
 * The ONNX implementation (opset 17): writes nodes into `graph` and returns value names.
 * Scalars are stored once per value, since the unrolled loops of the mixture maps reuse the
 * same polynomial coefficients thousands of times.
 */
export function onnxOps(graph: OnnxGraph): TensorOps<string> {
  const scalars = new Map<number, string>();
  const binary = (opType: string) => (a: string, b: string) => graph.op(opType, [a, b]);
  const unary = (opType: string) => (a: string) => graph.op(opType, [a]);
  // Why attributes for ReduceMax/ReduceMin but an input for ReduceSum: opset 13 moved only
  // ReduceSum's axes to an input; the others follow in opset 18.
  const reduceWithAttribute = (opType: string) => (a: string, axis: number, keepDims: boolean) =>
    graph.op(opType, [a], { axes: [axis], keepdims: keepDims ? 1 : 0 });
  return {
    constant: (values, shape) => graph.constant('constant', Array.from(values), shape),
    scalar: (value) => {
      let name = scalars.get(value);
      if (name === undefined) {
        name = graph.scalar(value);
        scalars.set(value, name);
      }
      return name;
    },
    add: binary('Add'),
    sub: binary('Sub'),
    mul: binary('Mul'),
    div: binary('Div'),
    neg: unary('Neg'),
    exp: unary('Exp'),
    log: unary('Log'),
    sqrt: unary('Sqrt'),
    abs: unary('Abs'),
    minimum: binary('Min'),
    maximum: binary('Max'),
    less: binary('Less'),
    lessEqual: binary('LessOrEqual'),
    and: binary('And'),
    where: (condition, a, b) => graph.op('Where', [condition, a, b]),
    sum: (a, axis, keepDims) =>
      graph.op('ReduceSum', [a, graph.int64('axes', [axis])], { keepdims: keepDims ? 1 : 0 }),
    max: reduceWithAttribute('ReduceMax'),
    min: reduceWithAttribute('ReduceMin'),
    cumulativeSumExclusive: (a, axis) =>
      graph.op('CumSum', [a, graph.int64('axis', [axis], [])], { exclusive: 1 }),
    expandDims: (a, axis) => graph.op('Unsqueeze', [a, graph.int64('axes', [axis])]),
    column: (a, index) => graph.op('Gather', [a, graph.int64('index', [index])], { axis: 1 }),
    concatColumns: (columns) =>
      columns.length === 1 ? columns[0] : graph.op('Concat', columns, { axis: 1 }),
  };
}
