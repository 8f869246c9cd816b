/**
 * The environment-agnostic part of `@flowda/runtime`: a {@link BaseFlowdaModel} runs an exported
 * flowda model on any `onnxruntime-*` module handed to it (onnxruntime-node in Node,
 * onnxruntime-web in browsers and, through its wasm backend, in Node too).
 *
 * flowda models take and return row-major `[batch, width]` float32 tensors; the batch size is a
 * symbolic dimension, so one session serves a single event or a whole file.
 */

import { FlowdaRuntimeError } from './errors.js';
import { type OnnxModelDescription, readOnnxModelDescription } from './model-description.js';

/** The part of an onnxruntime tensor used here. */
export interface OrtTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

/** The part of an onnxruntime `InferenceSession` used here. */
export interface OrtSessionLike {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

/** An execution provider by name (`'cpu'`, `'wasm'`, `'webgpu'`, `'cuda'`) or with its options. */
export type ExecutionProvider = string | { readonly name: string };

/** The part of an `onnxruntime-node` / `onnxruntime-web` module used here. */
export interface OrtModuleLike {
  readonly InferenceSession: {
    create(
      model: Uint8Array,
      options?: { executionProviders?: readonly ExecutionProvider[] },
    ): Promise<OrtSessionLike>;
  };
  readonly Tensor: new (
    type: 'float32',
    data: Float32Array,
    dims: readonly number[],
  ) => OrtTensorLike;
}

/** Options of `FlowdaModel.load` and {@link BaseFlowdaModel.create}. */
export interface LoadOptions {
  /**
   * Execution providers in order of preference. Defaults to onnxruntime's own default: `['cpu']`
   * for onnxruntime-node, `['wasm']` for onnxruntime-web.
   */
  executionProviders?: readonly ExecutionProvider[];
}

/** A batch of rows for one model input: `data` holds `data.length / width` rows, row-major. */
export interface ModelInput {
  data: Float32Array;
  width: number;
}

/** One model output: row-major values of shape `dims`, e.g. `[batch, width]` or `[batch]`. */
export interface ModelOutput {
  data: Float32Array;
  dims: number[];
}

/** Options of {@link BaseFlowdaModel.runChunked}. */
export interface RunChunkedOptions {
  /** Rows per `run`. Defaults to 10 000. */
  chunkSize?: number;
  /** The input `x` is fed to. Defaults to the model's only input besides `contextInput`. */
  inputName?: string;
  /** A second per-row input (e.g. conditioning variables), chunked along with `x`. */
  contextInput?: { name: string; data: Float32Array; width: number };
  /** Called after each chunk with the rows done so far and the total. */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
}

/** What a model is built from; produced by {@link BaseFlowdaModel.create}. */
export interface FlowdaModelParts {
  ort: OrtModuleLike;
  session: OrtSessionLike;
  description: OnnxModelDescription;
  /** The file path, URL or `'model bytes'`, used in error messages. */
  source: string;
}

const FLOAT = 1;

/**
 * A loaded flowda ONNX model. Use `FlowdaModel.load` from `@flowda/runtime` (which picks
 * onnxruntime-node in Node and onnxruntime-web elsewhere) or {@link BaseFlowdaModel.create} with
 * an onnxruntime module of your choice.
 */
export class BaseFlowdaModel {
  /** Where the model came from: a file path, a URL or `'model bytes'`. */
  readonly source: string;
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The model's `metadata_props` (feature names, standardisation, flowda version, …). */
  readonly metadata: Readonly<Record<string, string>>;
  /** Producer, metadata and declared input and output shapes, read from the model's bytes. */
  readonly description: OnnxModelDescription;
  private readonly ort: OrtModuleLike;
  private readonly session: OrtSessionLike;

  constructor(parts: FlowdaModelParts) {
    this.ort = parts.ort;
    this.session = parts.session;
    this.description = parts.description;
    this.source = parts.source;
    this.inputNames = [...parts.session.inputNames];
    this.outputNames = [...parts.session.outputNames];
    this.metadata = { ...parts.description.metadata };
  }

  /** Opens an inference session on the model `bytes` with the onnxruntime module `ort`. */
  static async create<M extends BaseFlowdaModel>(
    this: new (
      parts: FlowdaModelParts,
    ) => M,
    ort: OrtModuleLike,
    bytes: Uint8Array,
    options: LoadOptions = {},
    source = 'model bytes',
  ): Promise<M> {
    if (!(bytes instanceof Uint8Array)) {
      throw new FlowdaRuntimeError(`model bytes must be a Uint8Array, got ${describe(bytes)}`);
    }
    const description = readOnnxModelDescription(bytes, source);

    let session: OrtSessionLike;
    try {
      const sessionOptions =
        options.executionProviders === undefined
          ? {}
          : { executionProviders: options.executionProviders };
      session = await ort.InferenceSession.create(bytes, sessionOptions);
    } catch (error) {
      throw new FlowdaRuntimeError(`onnxruntime cannot load ${source}: ${reason(error)}`);
    }
    return new this({ ort, session, description, source });
  }

  /**
   * The fixed width of input `name` as the model declares it (`[batch, width]`), or `undefined`
   * when the width is symbolic or not declared.
   */
  inputWidth(name: string): number | undefined {
    const width = this.description.inputs.find((input) => input.name === name)?.dims[1];
    return typeof width === 'number' ? width : undefined;
  }

  /**
   * Runs the model once. Every model input must be given; each holds `data.length / width` rows.
   * Non-float outputs are converted to float32.
   */
  async run(inputs: Record<string, ModelInput>): Promise<Record<string, ModelOutput>> {
    const feeds: Record<string, OrtTensorLike> = {};
    for (const [name, input] of Object.entries(inputs)) {
      const rows = this.checkInput(name, input);
      feeds[name] = new this.ort.Tensor('float32', input.data, [rows, input.width]);
    }
    const missing = this.inputNames.filter((name) => !(name in inputs));
    if (missing.length > 0) {
      throw new FlowdaRuntimeError(
        `${this.source} needs input(s) ${quoteList(missing)}, which were not given`,
      );
    }

    let results: Record<string, OrtTensorLike>;
    try {
      results = await this.session.run(feeds);
    } catch (error) {
      throw new FlowdaRuntimeError(`onnxruntime failed to run ${this.source}: ${reason(error)}`);
    }

    const outputs: Record<string, ModelOutput> = {};
    for (const name of this.outputNames) {
      outputs[name] = toModelOutput(name, results[name], this.source);
    }
    return outputs;
  }

  /**
   * Runs the model on the rows of `x` (row-major, `width` columns) in chunks of `chunkSize` rows
   * and concatenates every output along its first (batch) axis, so a large file needs only one
   * chunk's worth of intermediate tensors at a time. The result equals one `run` on all rows.
   */
  async runChunked(
    x: Float32Array,
    width: number,
    options: RunChunkedOptions = {},
  ): Promise<Record<string, ModelOutput>> {
    const { chunkSize = 10_000, contextInput, onProgress } = options;
    if (!Number.isInteger(chunkSize) || chunkSize < 1) {
      throw new FlowdaRuntimeError(`chunkSize must be an integer >= 1, got ${chunkSize}`);
    }
    const inputName = options.inputName ?? this.defaultInputName(contextInput?.name);
    const rows = this.checkInput(inputName, { data: x, width });
    if (contextInput !== undefined) {
      const contextRows = this.checkInput(contextInput.name, contextInput);
      if (contextRows !== rows) {
        throw new FlowdaRuntimeError(
          `context input "${contextInput.name}" has ${contextRows} rows but input ` +
            `"${inputName}" has ${rows}; they must match row by row`,
        );
      }
    }

    const merged: Record<string, ModelOutput> = {};
    let start = 0;
    do {
      const end = Math.min(start + chunkSize, rows);
      const feeds: Record<string, ModelInput> = {
        [inputName]: { data: x.subarray(start * width, end * width), width },
      };
      if (contextInput !== undefined) {
        const contextWidth = contextInput.width;
        feeds[contextInput.name] = {
          data: contextInput.data.subarray(start * contextWidth, end * contextWidth),
          width: contextWidth,
        };
      }

      const outputs = await this.run(feeds);
      for (const [name, output] of Object.entries(outputs)) {
        if (output.dims.length === 0 || output.dims[0] !== end - start) {
          throw new FlowdaRuntimeError(
            `output "${name}" of ${this.source} has shape [${output.dims.join(', ')}], ` +
              `which does not start with the chunk's ${end - start} rows; runChunked ` +
              'concatenates along the batch axis only',
          );
        }
        const rowSize = output.dims.slice(1).reduce((product, size) => product * size, 1);
        merged[name] ??= {
          data: new Float32Array(rows * rowSize),
          dims: [rows, ...output.dims.slice(1)],
        };
        merged[name].data.set(output.data, start * rowSize);
      }

      onProgress?.(end, rows);
      start = end;
    } while (start < rows);
    return merged;
  }

  /** Frees the inference session; the model cannot run afterwards. */
  async release(): Promise<void> {
    await this.session.release();
  }

  /** Checks one input against the model and returns its number of rows. */
  private checkInput(name: string, input: ModelInput): number {
    if (!this.inputNames.includes(name)) {
      throw new FlowdaRuntimeError(
        `${this.source} has no input "${name}"; its inputs are ${quoteList(this.inputNames)}`,
      );
    }
    if (input === null || typeof input !== 'object' || !(input.data instanceof Float32Array)) {
      throw new FlowdaRuntimeError(
        `input "${name}" must be { data: Float32Array, width }, got data ${describe(input?.data)}`,
      );
    }

    const declared = this.description.inputs.find((value) => value.name === name);
    if (declared !== undefined && declared.elementType !== FLOAT && declared.elementType !== 0) {
      throw new FlowdaRuntimeError(
        `input "${name}" of ${this.source} has ONNX element type ${declared.elementType}; ` +
          'FlowdaModel feeds float32 inputs only',
      );
    }
    if (declared !== undefined && declared.dims.length > 0 && declared.dims.length !== 2) {
      throw new FlowdaRuntimeError(
        `input "${name}" of ${this.source} has rank ${declared.dims.length}; FlowdaModel feeds ` +
          '[batch, width] inputs only',
      );
    }

    const expected = this.inputWidth(name);
    if (!Number.isInteger(input.width) || input.width < 1) {
      throw new FlowdaRuntimeError(
        `input "${name}" width must be an integer >= 1` +
          `${expected === undefined ? '' : ` (the model expects ${expected})`}, got ${input.width}`,
      );
    }
    if (expected !== undefined && input.width !== expected) {
      throw new FlowdaRuntimeError(
        `input "${name}" of ${this.source} expects width ${expected}, got width ${input.width}`,
      );
    }
    if (input.data.length % input.width !== 0) {
      throw new FlowdaRuntimeError(
        `input "${name}" holds ${input.data.length} values, which is not a whole number of rows ` +
          `of width ${input.width}`,
      );
    }
    return input.data.length / input.width;
  }

  private defaultInputName(contextName: string | undefined): string {
    const candidates = this.inputNames.filter((name) => name !== contextName);
    if (candidates.length !== 1) {
      throw new FlowdaRuntimeError(
        `${this.source} has inputs ${quoteList(this.inputNames)}; pass inputName to say which ` +
          'one the rows feed',
      );
    }
    return candidates[0];
  }
}

function toModelOutput(
  name: string,
  tensor: OrtTensorLike | undefined,
  source: string,
): ModelOutput {
  if (tensor === undefined) {
    throw new FlowdaRuntimeError(`onnxruntime returned no output "${name}" for ${source}`);
  }
  const dims = [...tensor.dims];
  if (tensor.data instanceof Float32Array) return { data: tensor.data, dims };

  // Why: int64 outputs arrive as BigInt64Array, which Float32Array.from cannot take directly.
  if (ArrayBuffer.isView(tensor.data) && !(tensor.data instanceof DataView)) {
    const values = tensor.data as unknown as ArrayLike<number | bigint>;
    return {
      data: Float32Array.from({ length: values.length }, (_, i) => Number(values[i])),
      dims,
    };
  }
  throw new FlowdaRuntimeError(
    `output "${name}" of ${source} has type ${tensor.type}, which cannot be read as float32`,
  );
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
