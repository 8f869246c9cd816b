/** The error raised on the calling thread when a worker of parallel training fails. */
import { FlowdaError } from '@flowda/core';

export class ParallelTrainingError extends FlowdaError {
  /**
   * Index of the failing worker: 1 is the first thread started (0 is the calling thread), −1 the
   * coordinator thread that starts the workers.
   */
  readonly worker: number;
  /** The worker's full report, with its stack where there was one. */
  readonly detail: string;

  constructor(worker: number, detail: string) {
    const who = worker >= 1 ? `worker ${worker}` : 'thread that starts the workers';
    super(`parallel training ${who} failed: ${detail.split('\n')[0]}`);
    this.name = 'ParallelTrainingError';
    this.worker = worker;
    this.detail = detail;
  }
}
