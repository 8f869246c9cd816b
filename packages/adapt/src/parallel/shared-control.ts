/**
 * The control block through which a team of training threads synchronises: a reusable barrier
 * built on `Atomics`, the current command, and the team's state (running, stopped by the calling
 * thread, or failed in a worker, with the worker's index and message).
 *
 * Every change of state also advances the barrier's generation and wakes every waiter, so a
 * thread blocked in {@link SharedControl.arrive} never sleeps through a stop or a failure.
 */

/** Positions of the words in the control block's `Int32Array`. */
export const CONTROL_WORDS = {
  generation: 0,
  arrived: 1,
  state: 2,
  failedWorker: 3,
  messageLength: 4,
  command: 5,
  batchRows: 6,
} as const;

export type ControlWords = typeof CONTROL_WORDS;

export const CONTROL_LENGTH = 8;

/** Bytes kept of a failing worker's message. */
export const MESSAGE_BYTES = 4096;

export const TEAM_STATES = { running: 0, stopped: 1, failed: 2 } as const;

export type TeamStates = typeof TEAM_STATES;

/** What the team does after the next barrier. */
export const COMMANDS = { step: 1, evaluateValidation: 2 } as const;

/**
 * Records the first failure of a worker (index ≥ 1) and wakes every waiting thread; later
 * failures, and failures after a stop, are ignored.
 *
 * Why self-contained (no reference outside its body): its source text also runs in the
 * coordinator thread, which watches the workers for crashes (see `worker-team.ts`).
 */
export function recordFailure(
  control: Int32Array,
  message: Uint8Array,
  words: ControlWords,
  states: TeamStates,
  worker: number,
  text: string,
): void {
  if (Atomics.load(control, words.state) !== states.running) return;
  if (Atomics.compareExchange(control, words.failedWorker, 0, worker) !== 0) return;
  const bytes = new TextEncoder().encode(text);
  const length = Math.min(bytes.length, message.length);
  message.set(bytes.subarray(0, length));
  Atomics.store(control, words.messageLength, length);
  Atomics.compareExchange(control, words.state, states.running, states.failed);
  Atomics.add(control, words.generation, 1);
  Atomics.notify(control, words.generation);
}

/** A worker's failure as read back from the control block. */
export interface TeamFailure {
  worker: number;
  message: string;
}

/**
 * One thread's handle on the control block. `onHalt` runs when the team is stopped or has failed
 * while this thread waits; it must throw.
 */
export class SharedControl {
  constructor(
    readonly words: Int32Array,
    readonly message: Uint8Array,
    readonly parties: number,
    private readonly onHalt: (control: SharedControl) => never,
  ) {}

  /** A fresh block; over shared memory when other threads take part. */
  static allocate(shared: boolean): { words: Int32Array; message: Uint8Array } {
    const Buffer = shared ? SharedArrayBuffer : ArrayBuffer;
    return {
      words: new Int32Array(new Buffer(CONTROL_LENGTH * Int32Array.BYTES_PER_ELEMENT)),
      message: new Uint8Array(new Buffer(MESSAGE_BYTES)),
    };
  }

  get command(): number {
    return Atomics.load(this.words, CONTROL_WORDS.command);
  }

  get batchRows(): number {
    return Atomics.load(this.words, CONTROL_WORDS.batchRows);
  }

  /** Sets what the team does after the next barrier; only the calling thread issues commands. */
  issue(command: number, batchRows = 0): void {
    Atomics.store(this.words, CONTROL_WORDS.command, command);
    Atomics.store(this.words, CONTROL_WORDS.batchRows, batchRows);
  }

  /**
   * Blocks until all parties have arrived; calls `onHalt` if the team stops or fails. Returns
   * false if `timeoutMs` passed first, which leaves the barrier unusable: stop the team then.
   */
  arrive(timeoutMs = Number.POSITIVE_INFINITY): boolean {
    const { words, parties } = this;
    const generation = Atomics.load(words, CONTROL_WORDS.generation);
    if (Atomics.load(words, CONTROL_WORDS.state) !== TEAM_STATES.running) this.onHalt(this);
    if (Atomics.add(words, CONTROL_WORDS.arrived, 1) + 1 === parties) {
      Atomics.store(words, CONTROL_WORDS.arrived, 0);
      Atomics.add(words, CONTROL_WORDS.generation, 1);
      Atomics.notify(words, CONTROL_WORDS.generation);
      return true;
    }
    const deadline = performance.now() + timeoutMs;
    while (Atomics.load(words, CONTROL_WORDS.generation) === generation) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      Atomics.wait(words, CONTROL_WORDS.generation, generation, left);
    }
    if (Atomics.load(words, CONTROL_WORDS.state) !== TEAM_STATES.running) this.onHalt(this);
    return true;
  }

  /** Records a worker's failure; see {@link recordFailure}. */
  fail(worker: number, text: string): void {
    recordFailure(this.words, this.message, CONTROL_WORDS, TEAM_STATES, worker, text);
  }

  /** Tells every worker to finish; a failure recorded earlier stays readable. */
  stop(): void {
    const { words } = this;
    Atomics.compareExchange(words, CONTROL_WORDS.state, TEAM_STATES.running, TEAM_STATES.stopped);
    Atomics.add(words, CONTROL_WORDS.generation, 1);
    Atomics.notify(words, CONTROL_WORDS.generation);
  }

  /** The recorded failure, or null while none has happened. */
  failure(): TeamFailure | null {
    if (Atomics.load(this.words, CONTROL_WORDS.state) !== TEAM_STATES.failed) return null;
    const length = Atomics.load(this.words, CONTROL_WORDS.messageLength);
    // Why a copy: TextDecoder refuses views of shared memory.
    const text = new TextDecoder().decode(this.message.slice(0, length));
    return { worker: Atomics.load(this.words, CONTROL_WORDS.failedWorker), message: text };
  }
}
