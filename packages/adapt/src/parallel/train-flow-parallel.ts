/**
 * Maximum-likelihood training of a flow on several threads: synchronous data parallelism.
 *
 * Each batch of B rows is cut into one contiguous share per thread. Every thread computes the
 * gradient of the summed negative log-likelihood of its share; the gradients are added, divided
 * by B and fed to Adam, so a step equals one step of `train()` on the mean loss of the batch up
 * to float32 rounding (see `participant.ts`). The calling thread is one of the threads; the
 * others are `worker_threads` that rebuild the flow from its manifest and weights and share the
 * data, gradients and weights through `SharedArrayBuffer`s. Validation losses are split over the
 * threads too; the test loss runs on the calling thread.
 *
 * The epoch loop, shuffling, early stopping, best-weight restore, progress and divergence checks
 * are those of `train()`. The call is synchronous: the calling thread blocks in `Atomics.wait`
 * between its own shares of the work.
 *
 * Limits. The workers run the built package (`dist/parallel-worker.js`), so the package must be
 * built even when the caller runs from TypeScript sources. They rebuild the flow through the
 * transform and distribution registries, so a type registered only by the caller's own code at
 * run time is unknown there and the call fails with a {@link ParallelTrainingError}. Every call
 * starts its workers anew (about a second each: tfjs, its backend and the flow), copies the
 * training and validation splits into shared memory once, and holds one copy of the flow and
 * its tfjs backend per worker. With one worker (the default) no thread is started and nothing
 * is copied.
 */

import {
  activeBackend,
  type BackendName,
  checkArgument,
  checkInteger,
  type Flow,
  FlowdaError,
  serializeFlow,
} from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';
import {
  evaluate,
  type ResolvedTrainingOptions,
  resolveTrainingOptions,
  runTrainingLoop,
  type Split,
  type TrainingData,
  type TrainingHistory,
  type TrainingOptions,
  type TrainingStepper,
} from '../training/train.js';
import { ParallelTrainingError } from './parallel-training-error.js';
import { ParameterLayout } from './parameter-layout.js';
import { Participant } from './participant.js';
import { COMMANDS, SharedControl } from './shared-control.js';
import {
  allocateTeamBuffers,
  type ParticipantData,
  PROTOCOL_VERSION,
  type StepSettings,
  type TeamBuffers,
} from './team-buffers.js';
import { defaultWorkerUrl, WorkerTeam } from './worker-team.js';

/** How long the calling thread waits for the workers to start before giving up. */
const START_LIMIT_MS = 120_000;

export interface ParallelTrainingOptions extends TrainingOptions {
  /**
   * Threads that compute gradients, counting the calling thread. Pays off for flows the size of
   * the reference study's (millions of weights); for small flows the synchronisation costs more
   * than it saves, and more threads than idle cores only slow training down. Defaults to 1,
   * which starts no worker thread.
   */
  workers?: number;
  /** The built worker entry. Defaults to `parallel-worker.js` beside the package's `index.js`. */
  workerUrl?: URL;
}

/**
 * Trains `flow` on `data` by maximum likelihood with `workers` threads. The splits' `targets`,
 * when present, are the flow's context. Returns the same history as `train()` and leaves the
 * best weights in `flow`. Throws {@link ParallelTrainingError} naming the worker when a worker
 * fails, and `TrainingDivergedError` on a non-finite loss; the worker threads are ended in every
 * case.
 */
export function trainFlowParallel(
  flow: Flow,
  data: TrainingData,
  options: ParallelTrainingOptions = {},
): TrainingHistory {
  const resolved = resolveTrainingOptions(data, options);
  const workers = options.workers ?? 1;
  checkInteger('workers', workers);
  checkSplits(flow, data);
  const layout = ParameterLayout.of(flow);
  checkArgument(layout.size > 0, 'trainable values of the flow', layout.size, 'at least 1');

  const buffers = allocateTeamBuffers(
    workers,
    layout.size,
    resolved.batchSize,
    data.train,
    data.validation,
  );
  layout.readValues(buffers.weights);
  const settings: StepSettings = {
    learningRate: resolved.learningRate,
    clipGradientNorm: resolved.clipGradientNorm,
    evaluationBatchSize: resolved.evaluationBatchSize,
  };
  const control = new SharedControl(buffers.control, buffers.message, workers, haltCaller);
  const participant = new Participant(flow, layout, 0, buffers, control, settings);
  let team: WorkerTeam | null = null;
  try {
    if (workers > 1) {
      team = startTeam(flow, layout, buffers, settings, workers, options.workerUrl);
      // Why wait here: worker start-up (backend, flow rebuild) must not count as training time.
      // Failures wake this wait at once; the limit only guards against the unforeseen.
      if (!control.arrive(START_LIMIT_MS)) {
        throw new FlowdaError(
          `parallel training: ${workers - 1} worker thread(s) did not start within ${START_LIMIT_MS / 1000} s`,
        );
      }
    }
  } catch (error) {
    control.stop();
    team?.terminate();
    throw error;
  }
  const stepper = new ParallelStepper(flow, layout, participant, control, buffers, team, {
    validation: data.validation,
    options: resolved,
  });
  return runTrainingLoop(stepper, data, resolved);
}

function checkSplits(flow: Flow, data: TrainingData): void {
  const splits: [string, Split | undefined][] = [
    ['train', data.train],
    ['validation', data.validation],
    ['test', data.test],
  ];
  for (const [name, split] of splits) {
    if (!split) continue;
    checkArgument(
      split.inputs.cols === flow.dimension,
      `${name} input columns`,
      split.inputs.cols,
      `the flow's dimension ${flow.dimension}`,
    );
    const contextColumns = split.targets?.cols ?? 0;
    checkArgument(
      contextColumns === flow.contextDimension,
      `${name} context (targets) columns`,
      contextColumns,
      `the flow's context dimension ${flow.contextDimension}`,
    );
    if (split.targets) {
      checkArgument(
        split.targets.rows === split.inputs.rows,
        `${name} context (targets) rows`,
        split.targets.rows,
        `${split.inputs.rows} like its inputs`,
      );
    }
  }
}

function startTeam(
  flow: Flow,
  layout: ParameterLayout,
  buffers: TeamBuffers,
  settings: StepSettings,
  workers: number,
  workerUrl: URL | undefined,
): WorkerTeam {
  const url = workerUrl ?? defaultWorkerUrl();
  const serialized = serializeFlow(flow);
  const backend = callerBackend();
  const participants: ParticipantData[] = [];
  for (let index = 1; index < workers; index++) {
    participants.push({
      protocol: PROTOCOL_VERSION,
      index,
      parties: workers,
      backend,
      flow: serialized,
      trainableNames: layout.names,
      buffers,
      settings,
    });
  }
  return WorkerTeam.start(url, participants, buffers.control, buffers.message);
}

/** The backend the workers start: the one the calling thread trains on. */
function callerBackend(): BackendName {
  const chosen = activeBackend();
  if (chosen) return chosen.name;
  const current = tf.getBackend();
  if (current === 'tensorflow') return 'tfjs-node';
  if (current === 'wasm' || current === 'cpu') return current;
  throw new FlowdaError(
    `parallel training cannot start tfjs backend "${current}" in its workers; call selectBackend() first`,
  );
}

/** What the calling thread does when a barrier finds the team halted. */
function haltCaller(control: SharedControl): never {
  const failure = control.failure();
  if (failure) throw new ParallelTrainingError(failure.worker, failure.message);
  throw new FlowdaError('parallel training was stopped while the calling thread waited');
}

/** The calling thread's side of the team, seen by the shared epoch loop. */
class ParallelStepper implements TrainingStepper {
  private best: Float32Array | null = null;

  constructor(
    private readonly flow: Flow,
    private readonly layout: ParameterLayout,
    private readonly participant: Participant,
    private readonly control: SharedControl,
    private readonly buffers: TeamBuffers,
    private readonly team: WorkerTeam | null,
    private readonly context: { validation: Split; options: ResolvedTrainingOptions },
  ) {}

  step(order: Int32Array, start: number, end: number): number {
    this.buffers.batchRows.set(order.subarray(start, end));
    this.control.issue(COMMANDS.step, end - start);
    this.control.arrive();
    return this.participant.step();
  }

  evaluate(split: Split): number {
    if (split === this.context.validation) {
      this.control.issue(COMMANDS.evaluateValidation);
      this.control.arrive();
      const loss = this.participant.evaluateValidation();
      this.checkDigests();
      return loss;
    }
    const objective = (inputs: tf.Tensor2D, context?: tf.Tensor2D) =>
      negativeLogLikelihood(this.flow, inputs, context);
    return evaluate(objective, split, this.context.options.evaluationBatchSize);
  }

  /** Every thread must hold the calling thread's weights, bit for bit; anything else is a bug. */
  private checkDigests(): void {
    const digests = this.buffers.digests;
    for (let worker = 1; worker < digests.length; worker++) {
      if (digests[worker] !== digests[0]) {
        throw new FlowdaError(
          `parallel training worker ${worker} holds weights that differ from the calling thread's (digest ${digests[worker]} against ${digests[0]})`,
        );
      }
    }
  }

  keepBest(): void {
    this.best = this.buffers.weights.slice();
  }

  restoreBest(): void {
    if (this.best) this.layout.assign(this.best);
  }

  dispose(): void {
    this.best = null;
    this.control.stop();
    this.team?.terminate();
  }
}
