/** `FlowdaModel` for browsers and other non-Node hosts: onnxruntime-web, models fetched by URL. */

import * as ort from 'onnxruntime-web';
import { FlowdaRuntimeError } from './errors.js';
import { BaseFlowdaModel, type LoadOptions } from './session.js';

/**
 * A flowda ONNX model run by onnxruntime-web (execution provider `'wasm'` unless told).
 *
 * onnxruntime-web fetches its `.wasm` files at the first session; set `ort.env.wasm.wasmPaths`
 * (from `onnxruntime-web`) before loading when a bundler does not serve them next to its script.
 */
export class FlowdaModel extends BaseFlowdaModel {
  /** Loads a model from a URL (fetched) or from its bytes and opens an inference session. */
  static async load(
    model: string | Uint8Array | ArrayBuffer,
    options: LoadOptions = {},
  ): Promise<FlowdaModel> {
    if (model instanceof Uint8Array || model instanceof ArrayBuffer) {
      const bytes = model instanceof Uint8Array ? model : new Uint8Array(model);
      return FlowdaModel.create(ort, bytes, options);
    }
    if (typeof model !== 'string' || model === '') {
      throw new FlowdaRuntimeError(
        `model must be a URL, Uint8Array or ArrayBuffer, got ${JSON.stringify(model)}`,
      );
    }

    let bytes: Uint8Array;
    try {
      const response = await fetch(model);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new FlowdaRuntimeError(`cannot fetch model "${model}": ${reason}`);
    }
    return FlowdaModel.create(ort, bytes, options, `model "${model}"`);
  }
}
