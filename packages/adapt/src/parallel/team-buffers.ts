/**
 * The memory a training team shares: the control block, one loss sum and one squared gradient
 * norm per thread, one gradient region per thread, the weights, the row indices of the current
 * batch, and the training and validation splits. Over `SharedArrayBuffer`s when the team has
 * more than one thread, so every worker sees the same bytes without copies.
 */
import type { BackendName, SerializedFlow } from '@flowda/core';
import type { Matrix } from '@flowda/io';
import type { Split } from '../training/train.js';
import { SharedControl } from './shared-control.js';

/** Raised whenever the layout of these buffers or the worker protocol changes. */
export const PROTOCOL_VERSION = 2;

export interface TeamBuffers {
  control: Int32Array;
  message: Uint8Array;
  /** Σ of the losses of each thread's rows. */
  lossSums: Float64Array;
  /** Σ of the squared mean gradient over each thread's range of parameters. */
  squaredNorms: Float64Array;
  /** Each thread's digest of its variables' values, taken with every validation loss. */
  digests: Int32Array;
  /** `parties` regions of `parameters` values each: region k holds thread k's gradient. */
  gradients: Float32Array;
  weights: Float32Array;
  /** Training rows of the current batch. */
  batchRows: Int32Array;
  train: Split;
  validation: Split;
}

/** The settings every thread needs to step identically. */
export interface StepSettings {
  learningRate: number;
  clipGradientNorm?: number;
  evaluationBatchSize: number;
}

/** What a worker thread receives as its `workerData`. */
export interface ParticipantData {
  protocol: number;
  /** 1 … parties−1; the calling thread is 0. */
  index: number;
  parties: number;
  backend: BackendName;
  flow: SerializedFlow;
  /** Names of the trainable variables, in the calling thread's layout order. */
  trainableNames: string[];
  buffers: TeamBuffers;
  settings: StepSettings;
}

export function allocateTeamBuffers(
  parties: number,
  parameters: number,
  batchSize: number,
  train: Split,
  validation: Split,
): TeamBuffers {
  const shared = parties > 1;
  const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
  const { words, message } = SharedControl.allocate(shared);
  return {
    control: words,
    message,
    lossSums: new Float64Array(new Buffer(parties * Float64Array.BYTES_PER_ELEMENT)),
    squaredNorms: new Float64Array(new Buffer(parties * Float64Array.BYTES_PER_ELEMENT)),
    digests: new Int32Array(new Buffer(parties * Int32Array.BYTES_PER_ELEMENT)),
    gradients: new Float32Array(new Buffer(parties * parameters * Float32Array.BYTES_PER_ELEMENT)),
    weights: new Float32Array(new Buffer(parameters * Float32Array.BYTES_PER_ELEMENT)),
    batchRows: new Int32Array(new Buffer(batchSize * Int32Array.BYTES_PER_ELEMENT)),
    train: shared ? shareSplit(train) : train,
    validation: shared ? shareSplit(validation) : validation,
  };
}

function shareSplit(split: Split): Split {
  return {
    inputs: shareMatrix(split.inputs),
    targets: split.targets ? shareMatrix(split.targets) : undefined,
  };
}

/** A float32 copy of `matrix` in shared memory. */
function shareMatrix(matrix: Matrix): Matrix {
  const data = new Float32Array(new SharedArrayBuffer(matrix.rows * matrix.cols * 4));
  data.set(matrix.data);
  return { rows: matrix.rows, cols: matrix.cols, data };
}

/**
 * Thread `part` of `parts` takes the items [from, to) of `count`: contiguous shares whose sizes
 * differ by at most one.
 */
export function shareOf(count: number, part: number, parts: number): [number, number] {
  return [Math.floor((count * part) / parts), Math.floor((count * (part + 1)) / parts)];
}
