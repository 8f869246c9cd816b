/**
 * Starts and stops the worker threads of parallel training.
 *
 * The calling thread blocks in `Atomics.wait` while it trains, so it cannot hear a worker's
 * `error` or `exit` event. A small coordinator thread therefore starts the workers and watches
 * them: a crash, an uncaught error or an early exit is recorded in the shared control block
 * (see {@link recordFailure}), which wakes the calling thread. The coordinator's code is inline
 * and uses only Node's built-ins, so even a worker file that fails to load is reported, never
 * waited for.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { FlowdaError } from '@flowda/core';
import {
  CONTROL_WORDS,
  type ControlWords,
  recordFailure,
  TEAM_STATES,
  type TeamStates,
} from './shared-control.js';

/** The file name of the worker entry, next to the package's built `index.js`. */
export const WORKER_FILE = 'parallel-worker.js';

/**
 * Where the worker entry is: next to this module once built, or in the package's `dist` when this
 * module runs from its TypeScript source (as under vitest).
 */
export function defaultWorkerUrl(): URL {
  const candidates = [
    new URL(`./${WORKER_FILE}`, import.meta.url),
    new URL(`../../dist/${WORKER_FILE}`, import.meta.url),
  ];
  const found = candidates.find(
    (url) => url.protocol !== 'file:' || existsSync(fileURLToPath(url)),
  );
  if (!found) {
    throw new FlowdaError(
      `the parallel training worker ${WORKER_FILE} is missing (looked for ${candidates.map((u) => u.href).join(' and ')}); build @flowda/adapt first`,
    );
  }
  return found;
}

interface CoordinatorData {
  url: string;
  participants: { index: number }[];
  control: Int32Array;
  message: Uint8Array;
  words: ControlWords;
  states: TeamStates;
}

/** The index under which the coordinator reports its own failure. */
export const COORDINATOR = -1;

/**
 * Runs in the coordinator thread from its source text, so it must not refer to anything outside
 * its parameters.
 */
function coordinate(
  workerThreads: typeof import('node:worker_threads'),
  record: typeof recordFailure,
  coordinatorIndex: number,
): void {
  const { url, participants, control, message, words, states } =
    workerThreads.workerData as CoordinatorData;
  try {
    for (const data of participants) {
      const worker = new workerThreads.Worker(new URL(url), { workerData: data });
      worker.on('error', (error: unknown) => {
        const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
        record(control, message, words, states, data.index, text);
      });
      worker.on('exit', (code: number) => {
        const text = `exited with code ${code} while training was still running`;
        record(control, message, words, states, data.index, text);
      });
    }
  } catch (error) {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    record(control, message, words, states, coordinatorIndex, text);
  }
}

/**
 * The coordinator's program. Why `import()` rather than `require`: eval'd code runs as an ES
 * module when the process was started with `--input-type=module`, and as a script otherwise;
 * dynamic import works in both.
 */
function coordinatorSource(): string {
  return `import('node:worker_threads').then((threads) => (${coordinate})(threads, ${recordFailure}, ${COORDINATOR}));`;
}

export class WorkerTeam {
  private constructor(private readonly coordinator: Worker) {}

  /**
   * Starts one worker per entry of `participants` (their `workerData`), each running `url`.
   * Failures are recorded in `control` and `message`.
   */
  static start(
    url: URL,
    participants: { index: number }[],
    control: Int32Array,
    message: Uint8Array,
  ): WorkerTeam {
    const data: CoordinatorData = {
      url: url.href,
      participants,
      control,
      message,
      words: CONTROL_WORDS,
      states: TEAM_STATES,
    };
    // Why no inherited Node options: flags such as --input-type or a TypeScript loader are meant
    // for the caller's code, not for the coordinator's or the workers' built JavaScript.
    const coordinator = new Worker(coordinatorSource(), {
      eval: true,
      workerData: data,
      execArgv: [],
    });
    // Why unref: training blocks the calling thread anyway; afterwards nothing may keep the
    // process alive.
    coordinator.unref();
    return new WorkerTeam(coordinator);
  }

  /** Ends the coordinator and, with it, every worker it started. */
  terminate(): void {
    void this.coordinator.terminate();
  }
}
