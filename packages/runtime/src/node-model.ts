/** `FlowdaModel` for Node: onnxruntime-node, models read from files. */

import { readFile } from 'node:fs/promises';
import { FlowdaRuntimeError } from './errors.js';
import { BaseFlowdaModel, type LoadOptions, type OrtModuleLike } from './session.js';

let onnxruntimeNode: Promise<OrtModuleLike> | undefined;

/**
 * onnxruntime-node, imported at the first load. Why lazily: it is an optional peer, and a Node
 * program that only uses onnxruntime-web (through {@link BaseFlowdaModel.create}) must still be
 * able to import `@flowda/runtime`.
 */
function loadOnnxruntimeNode(): Promise<OrtModuleLike> {
  onnxruntimeNode ??= import('onnxruntime-node').catch((error: unknown) => {
    onnxruntimeNode = undefined;
    const reason = error instanceof Error ? error.message : String(error);
    throw new FlowdaRuntimeError(
      `FlowdaModel.load needs the package onnxruntime-node, which cannot be imported ` +
        `(${reason}); ` +
        'install it, or pass onnxruntime-web to BaseFlowdaModel.create',
    );
  });
  return onnxruntimeNode;
}

/** A flowda ONNX model run by onnxruntime-node (execution provider `'cpu'` unless told). */
export class FlowdaModel extends BaseFlowdaModel {
  /**
   * Loads a model from a file path or from its bytes and opens an inference session.
   * Errors name the path when the file is missing or is not an ONNX model.
   */
  static async load(
    model: string | Uint8Array | ArrayBuffer,
    options: LoadOptions = {},
  ): Promise<FlowdaModel> {
    if (model instanceof Uint8Array || model instanceof ArrayBuffer) {
      const bytes = model instanceof Uint8Array ? model : new Uint8Array(model);
      return FlowdaModel.create(await loadOnnxruntimeNode(), bytes, options);
    }
    if (typeof model !== 'string' || model === '') {
      throw new FlowdaRuntimeError(
        `model must be a file path, Uint8Array or ArrayBuffer, got ${JSON.stringify(model)}`,
      );
    }

    let bytes: Uint8Array;
    try {
      bytes = await readFile(model);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new FlowdaRuntimeError(`model file "${model}" does not exist`);
      const reason = error instanceof Error ? error.message : String(error);
      throw new FlowdaRuntimeError(`cannot read model file "${model}": ${reason}`);
    }
    return FlowdaModel.create(await loadOnnxruntimeNode(), bytes, options, `model file "${model}"`);
  }
}
