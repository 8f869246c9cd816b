/**
 * The training loop shared by flows and classifiers: shuffled mini-batches, Adam, a validation
 * loss after every epoch, early stopping with patience, restore of the best weights and a final
 * test loss.
 *
 * Progress goes through `onProgress`; nothing is printed. A non-finite loss stops training with
 * a {@link TrainingDivergedError} naming the epoch and batch.
 */

import { checkArgument, checkInteger, FlowdaError, SeededRandom } from '@flowda/core';
import type { Matrix } from '@flowda/io';
import * as tf from '@tensorflow/tfjs-core';
import { gatherRows, sliceRows, toTensor } from './tensors.js';

/** One split: the inputs and, where the objective needs them, a second matrix (labels, context). */
export interface Split {
  inputs: Matrix;
  targets?: Matrix;
}

export interface TrainingData {
  train: Split;
  validation: Split;
  test?: Split;
}

/** Mean loss of a batch; `targets` is present when the splits carry targets. */
export type Objective = (inputs: tf.Tensor2D, targets?: tf.Tensor2D) => tf.Scalar;

export interface TrainingProgress {
  phase: 'batch' | 'epoch';
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** Mean training loss of the batch (phase 'batch') or of the epoch (phase 'epoch'). */
  loss: number;
  validationLoss?: number;
  /** Epochs without improvement of the validation loss so far. */
  epochsWithoutImprovement?: number;
  elapsedMs: number;
}

export interface TrainingOptions {
  /** Defaults to 20. */
  epochs?: number;
  /** Defaults to 100, as in the reference study. */
  batchSize?: number;
  /** Adam step size. Defaults to 1e-3. */
  learningRate?: number;
  /** Epochs without a better validation loss before stopping. Defaults to 5. */
  patience?: number;
  /** Seed of the batch order. Defaults to 0. */
  seed?: number;
  /** Rescale gradients whose global norm exceeds this value. Off by default. */
  clipGradientNorm?: number;
  /** Batch size used to evaluate validation and test losses. Defaults to 4096. */
  evaluationBatchSize?: number;
  onProgress?: (progress: TrainingProgress) => void;
}

export interface TrainingHistory {
  trainLoss: number[];
  validationLoss: number[];
  /** Epoch (1-based) whose weights were restored. */
  bestEpoch: number;
  bestValidationLoss: number;
  testLoss: number | null;
  stoppedEarly: boolean;
  epochsRun: number;
  seconds: number;
  eventsPerSecond: number;
}

export class TrainingDivergedError extends FlowdaError {
  readonly epoch: number;
  readonly batch: number;

  constructor(epoch: number, batch: number, loss: number) {
    super(
      `training stopped: the loss became ${loss} at epoch ${epoch}, batch ${batch}; ` +
        'try a smaller learning rate, a bounded scale (scaleBound) or gradient clipping',
    );
    this.name = 'TrainingDivergedError';
    this.epoch = epoch;
    this.batch = batch;
  }
}

/** Mean of `objective` over a whole split, evaluated in chunks without gradients. */
export function evaluate(objective: Objective, split: Split, batchSize = 4096): number {
  let total = 0;
  for (let start = 0; start < split.inputs.rows; start += batchSize) {
    const end = Math.min(split.inputs.rows, start + batchSize);
    const value = tf.tidy(() => {
      const inputs = toTensor(sliceRows(split.inputs, start, end));
      const targets = split.targets ? toTensor(sliceRows(split.targets, start, end)) : undefined;
      return objective(inputs, targets).dataSync()[0];
    });
    total += value * (end - start);
  }
  return total / split.inputs.rows;
}

/** What {@link runTrainingLoop} needs from a way of taking optimiser steps. */
export interface TrainingStepper {
  /**
   * One optimiser step on the rows `order[start..end)` of the training split the stepper was
   * built for; returns their mean loss. When that loss is not finite nothing is applied.
   */
  step(order: Int32Array, start: number, end: number): number;
  /** Mean loss over a whole split, without gradients. */
  evaluate(split: Split): number;
  /** Remembers the current weights as the best so far. */
  keepBest(): void;
  /** Puts the remembered weights back; called once after a run that ended normally. */
  restoreBest(): void;
  /** Frees the optimiser state and remembered weights; called once, even after an error. */
  dispose(): void;
}

/** {@link TrainingOptions} with every default filled in, checked against the data. */
export interface ResolvedTrainingOptions {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  seed: number;
  clipGradientNorm?: number;
  evaluationBatchSize: number;
  onProgress?: (progress: TrainingProgress) => void;
}

/** Fills in the defaults and checks every option at once, before anything is allocated. */
export function resolveTrainingOptions(
  data: TrainingData,
  options: TrainingOptions = {},
): ResolvedTrainingOptions {
  const {
    epochs = 20,
    batchSize = 100,
    learningRate = 1e-3,
    patience = 5,
    seed = 0,
    evaluationBatchSize = 4096,
  } = options;
  checkInteger('epochs', epochs);
  checkInteger('batchSize', batchSize);
  checkInteger('patience', patience);
  checkArgument(learningRate > 0, 'learningRate', learningRate, 'positive');
  checkArgument(data.train.inputs.rows > 0, 'training rows', data.train.inputs.rows, 'at least 1');
  checkArgument(
    data.validation.inputs.rows > 0,
    'validation rows',
    data.validation.inputs.rows,
    'at least 1',
  );
  if (options.clipGradientNorm !== undefined) {
    checkArgument(
      options.clipGradientNorm > 0,
      'clipGradientNorm',
      options.clipGradientNorm,
      'positive',
    );
  }
  return {
    epochs,
    batchSize,
    learningRate,
    patience,
    seed,
    clipGradientNorm: options.clipGradientNorm,
    evaluationBatchSize,
    onProgress: options.onProgress,
  };
}

export function train(
  objective: Objective,
  variables: tf.Variable[],
  data: TrainingData,
  options: TrainingOptions = {},
): TrainingHistory {
  const resolved = resolveTrainingOptions(data, options);
  return runTrainingLoop(
    new VariableStepper(objective, variables, data.train, resolved),
    data,
    resolved,
  );
}

/**
 * The epoch loop shared by every way of stepping: a seeded shuffle per epoch, mini-batches, a
 * validation loss after every epoch, early stopping with patience, restore of the best weights
 * and a final test loss. The stepper is disposed before this returns or throws.
 */
export function runTrainingLoop(
  stepper: TrainingStepper,
  data: TrainingData,
  options: ResolvedTrainingOptions,
): TrainingHistory {
  const { epochs, batchSize, patience } = options;
  const random = new SeededRandom(options.seed);
  const rows = data.train.inputs.rows;
  const batches = Math.ceil(rows / batchSize);
  const started = performance.now();
  const history: TrainingHistory = {
    trainLoss: [],
    validationLoss: [],
    bestEpoch: 0,
    bestValidationLoss: Number.POSITIVE_INFINITY,
    testLoss: null,
    stoppedEarly: false,
    epochsRun: 0,
    seconds: 0,
    eventsPerSecond: 0,
  };
  let epochsWithoutImprovement = 0;
  let trainedEvents = 0;
  let trainingMs = 0;

  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = random.permutation(rows);
      let epochTotal = 0;
      const epochStarted = performance.now();
      for (let batch = 1; batch <= batches; batch++) {
        const start = (batch - 1) * batchSize;
        const end = Math.min(rows, start + batchSize);
        const loss = stepper.step(order, start, end);
        if (!Number.isFinite(loss)) throw new TrainingDivergedError(epoch, batch, loss);
        epochTotal += loss * (end - start);
        options.onProgress?.({
          phase: 'batch',
          epoch,
          epochs,
          batch,
          batches,
          loss,
          elapsedMs: performance.now() - started,
        });
      }
      trainingMs += performance.now() - epochStarted;
      trainedEvents += rows;

      const trainLoss = epochTotal / rows;
      const validationLoss = stepper.evaluate(data.validation);
      history.trainLoss.push(trainLoss);
      history.validationLoss.push(validationLoss);
      history.epochsRun = epoch;
      if (validationLoss < history.bestValidationLoss) {
        history.bestValidationLoss = validationLoss;
        history.bestEpoch = epoch;
        epochsWithoutImprovement = 0;
        stepper.keepBest();
      } else {
        epochsWithoutImprovement += 1;
      }
      options.onProgress?.({
        phase: 'epoch',
        epoch,
        epochs,
        batch: batches,
        batches,
        loss: trainLoss,
        validationLoss,
        epochsWithoutImprovement,
        elapsedMs: performance.now() - started,
      });
      if (!Number.isFinite(validationLoss))
        throw new TrainingDivergedError(epoch, batches, validationLoss);
      if (epochsWithoutImprovement >= patience) {
        history.stoppedEarly = epoch < epochs;
        break;
      }
    }
    if (history.bestEpoch > 0) stepper.restoreBest();
    if (data.test && data.test.inputs.rows > 0) history.testLoss = stepper.evaluate(data.test);
  } finally {
    stepper.dispose();
  }

  history.seconds = (performance.now() - started) / 1000;
  history.eventsPerSecond = trainingMs > 0 ? trainedEvents / (trainingMs / 1000) : 0;
  return history;
}

/** Steps with tfjs's Adam on a list of variables and the gradient of `objective`. */
class VariableStepper implements TrainingStepper {
  private readonly optimizer: tf.Optimizer;
  private best: tf.Tensor[] | null = null;

  constructor(
    private readonly objective: Objective,
    private readonly variables: tf.Variable[],
    private readonly trainSplit: Split,
    private readonly options: ResolvedTrainingOptions,
  ) {
    this.optimizer = tf.train.adam(options.learningRate);
  }

  step(order: Int32Array, start: number, end: number): number {
    const { objective, variables, optimizer, options } = this;
    const split = this.trainSplit;
    return tf.tidy(() => {
      const inputs = toTensor(gatherRows(split.inputs, order, start, end));
      const targets = split.targets
        ? toTensor(gatherRows(split.targets, order, start, end))
        : undefined;
      const { value, grads } = tf.variableGrads(() => objective(inputs, targets), variables);
      const loss = value.dataSync()[0];
      if (!Number.isFinite(loss)) return loss;
      let gradients = grads;
      if (options.clipGradientNorm !== undefined) {
        const norm = Math.sqrt(
          tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g)))).dataSync()[0],
        );
        if (norm > options.clipGradientNorm) {
          const factor = options.clipGradientNorm / norm;
          gradients = Object.fromEntries(
            Object.entries(grads).map(([name, g]) => [name, tf.mul(g, factor)]),
          );
        }
      }
      optimizer.applyGradients(gradients);
      return loss;
    });
  }

  evaluate(split: Split): number {
    return evaluate(this.objective, split, this.options.evaluationBatchSize);
  }

  keepBest(): void {
    this.releaseBest();
    this.best = this.variables.map((v) => tf.keep(tf.clone(v)));
  }

  restoreBest(): void {
    const best = this.best;
    if (!best) return;
    this.variables.forEach((v, k) => {
      v.assign(best[k]);
    });
  }

  dispose(): void {
    this.optimizer.dispose();
    this.releaseBest();
  }

  private releaseBest(): void {
    for (const t of this.best ?? []) t.dispose();
    this.best = null;
  }
}
