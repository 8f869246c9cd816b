/** Structural checks of an `OnnxGraph` before it is serialised. */

import type { OnnxGraph, OnnxValueInfo } from '@flowda/core';
import { FlowdaError } from '@flowda/core';

/**
 * Throws a {@link FlowdaError} naming the offending node or value unless the graph is well formed:
 * at least one output; every name defined once (graph inputs, initializers, node outputs); every
 * node input defined by an earlier node, a graph input or an initializer (`''` marks an omitted
 * optional input); every graph output produced; node names unique; dims positive integers or
 * non-empty symbolic names.
 *
 * onnxruntime would reject most of these too, but later and with a message that does not say
 * which transform emitted the faulty node.
 */
export function checkOnnxGraph(graph: OnnxGraph): void {
  if (graph.outputs.length === 0) {
    throw new FlowdaError('graph has no outputs; declare them with addOutput()');
  }
  if (!Number.isInteger(graph.opsetVersion) || graph.opsetVersion < 1) {
    throw new FlowdaError(`graph opsetVersion must be an integer >= 1, got ${graph.opsetVersion}`);
  }

  const defined = new Map<string, string>();
  const define = (name: string, by: string) => {
    if (name === '') throw new FlowdaError(`${by} defines a value with an empty name`);
    const earlier = defined.get(name);
    if (earlier !== undefined) {
      throw new FlowdaError(`value "${name}" is defined twice: by ${earlier} and by ${by}`);
    }
    defined.set(name, by);
  };

  for (const input of graph.inputs) {
    checkDims(`graph input "${input.name}"`, input);
    define(input.name, `graph input "${input.name}"`);
  }
  for (const initializer of graph.initializers) {
    define(initializer.name, `initializer "${initializer.name}"`);
  }

  const nodeNames = new Set<string>();
  for (const node of graph.nodes) {
    if (nodeNames.has(node.name)) throw new FlowdaError(`node name "${node.name}" is used twice`);
    nodeNames.add(node.name);

    for (const [index, input] of node.inputs.entries()) {
      if (input !== '' && !defined.has(input)) {
        throw new FlowdaError(
          `node "${node.name}" (${node.opType}) input ${index} "${input}" is not defined ` +
            'by a graph input, an initializer or an earlier node',
        );
      }
    }
    for (const output of node.outputs) define(output, `node "${node.name}" (${node.opType})`);
  }

  const outputNames = new Set<string>();
  for (const output of graph.outputs) {
    checkDims(`graph output "${output.name}"`, output);
    if (outputNames.has(output.name)) {
      throw new FlowdaError(`graph output "${output.name}" is declared twice`);
    }
    outputNames.add(output.name);
    if (!defined.has(output.name)) {
      throw new FlowdaError(`graph output "${output.name}" is not produced by any node`);
    }
  }
}

function checkDims(where: string, value: OnnxValueInfo): void {
  for (const size of value.dims) {
    const valid = typeof size === 'string' ? size.length > 0 : Number.isInteger(size) && size >= 1;
    if (!valid) {
      throw new FlowdaError(
        `${where} dims [${value.dims.join(', ')}] must hold integers >= 1 or symbolic names`,
      );
    }
  }
}
