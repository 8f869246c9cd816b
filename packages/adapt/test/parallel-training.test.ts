import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  evaluate,
  ParallelTrainingError,
  type TrainingData,
  TrainingDivergedError,
  type TrainingOptions,
  train,
  trainFlowParallel,
} from '@flowda/adapt';
import { type Flow, FlowdaError, realNVP, SeededRandom, selectBackend } from '@flowda/core';
import { negativeLogLikelihood } from '@flowda/losses';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, test } from 'vitest';

const distIndex = new URL('../dist/index.js', import.meta.url);
const distWorker = new URL('../dist/parallel-worker.js', import.meta.url);
const coreDistIndex = new URL('../../core/dist/index.js', import.meta.url);

beforeAll(async () => {
  await selectBackend();
  // The worker threads run the built package; `pnpm test` builds it first.
  if (!existsSync(fileURLToPath(distWorker))) {
    throw new Error(`${fileURLToPath(distWorker)} is missing: run "pnpm build" first`);
  }
});

/** Rows of a skewed, correlated D-dimensional density, seeded. */
function sample(rows: number, dimension: number, seed: number): TrainingData['train'] {
  const random = new SeededRandom(seed);
  const data = new Float32Array(rows * dimension);
  for (let r = 0; r < rows; r++) {
    let previous = 0;
    for (let c = 0; c < dimension; c++) {
      const z = random.normal();
      previous = 0.6 * previous + z * (1 + 0.3 * c) + 0.2 * z * z;
      data[r * dimension + c] = previous;
    }
  }
  return { inputs: { rows, cols: dimension, data } };
}

const smallFlow = (dimension: number) =>
  realNVP({ dimension, layers: 3, hidden: [16, 16], seed: 3, scaleBound: 'tanh' });

const weightsOf = (flow: Flow) => flow.trainableVariables().map((v) => v.dataSync());

function largestDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let largest = 0;
  a.forEach((values, k) => {
    for (let i = 0; i < values.length; i++) {
      largest = Math.max(largest, Math.abs(values[i] - b[k][i]));
    }
  });
  return largest;
}

function trainSerially(flow: Flow, data: TrainingData, options: TrainingOptions) {
  return train(
    (x, context) => negativeLogLikelihood(flow, x, context),
    flow.trainableVariables(),
    data,
    options,
  );
}

describe('trainFlowParallel', () => {
  const data: TrainingData = { train: sample(256, 5, 1), validation: sample(64, 5, 2) };

  test.each([
    [1, 256],
    [2, 256],
    [3, 256],
    [2, 250],
    [3, 129],
  ])(
    '[workers=%i, %i rows] steps of Adam give the weights of train() to float32 rounding',
    (workers, rows) => {
      // Batches of 64: 250 rows end with a batch of 58, 129 rows with a batch of one row, which
      // leaves two of three threads without rows.
      const inputs = data.train.inputs;
      const train = { inputs: { rows, cols: 5, data: inputs.data.subarray(0, rows * 5) } };
      const subset = { train, validation: data.validation };
      const options = { epochs: 1, batchSize: 64, learningRate: 1e-2, seed: 4 };
      const initial = weightsOf(smallFlow(5));
      const serial = smallFlow(5);
      trainSerially(serial, subset, options);
      const parallel = smallFlow(5);
      trainFlowParallel(parallel, subset, { ...options, workers });

      // Adam moves each weight by up to the learning rate per step: training did happen.
      expect(largestDifference(weightsOf(serial), initial)).toBeGreaterThan(1e-2);
      expect(largestDifference(weightsOf(parallel), weightsOf(serial))).toBeLessThan(1e-5);
      for (const flow of [serial, parallel]) flow.dispose();
    },
  );

  test('[workers=2] a clipped step equals a clipped step of train()', () => {
    const options = { epochs: 1, batchSize: 128, learningRate: 1e-2, seed: 4 };
    const serial = smallFlow(5);
    trainSerially(serial, data, { ...options, clipGradientNorm: 1e-3 });
    const unclipped = smallFlow(5);
    trainSerially(unclipped, data, options);
    const parallel = smallFlow(5);
    trainFlowParallel(parallel, data, { ...options, clipGradientNorm: 1e-3, workers: 2 });

    // The bound is far below the gradient's norm, so clipping changes the second step.
    expect(largestDifference(weightsOf(serial), weightsOf(unclipped))).toBeGreaterThan(1e-4);
    expect(largestDifference(weightsOf(parallel), weightsOf(serial))).toBeLessThan(1e-5);
    for (const flow of [serial, unclipped, parallel]) flow.dispose();
  });

  test('[workers=2] a short run follows the loss curve of train()', () => {
    const curveData: TrainingData = {
      train: sample(1200, 3, 5),
      validation: sample(300, 3, 6),
      test: sample(300, 3, 7),
    };
    const options = { epochs: 4, batchSize: 100, learningRate: 3e-3, seed: 8 };
    const serialFlow = smallFlow(3);
    const serial = trainSerially(serialFlow, curveData, options);
    const progress: number[] = [];
    const parallelFlow = smallFlow(3);
    const parallel = trainFlowParallel(parallelFlow, curveData, {
      ...options,
      workers: 2,
      onProgress: (p) => p.phase === 'batch' && progress.push(p.batch),
    });

    expect(parallel.epochsRun).toBe(serial.epochsRun);
    expect(parallel.bestEpoch).toBe(serial.bestEpoch);
    expect(progress).toHaveLength(4 * 12);
    // Training lowers the loss, so equal curves are not equal constants.
    expect(serial.trainLoss[3]).toBeLessThan(serial.trainLoss[0] - 0.05);
    for (let epoch = 0; epoch < serial.epochsRun; epoch++) {
      expect(parallel.trainLoss[epoch]).toBeCloseTo(serial.trainLoss[epoch], 4);
      expect(parallel.validationLoss[epoch]).toBeCloseTo(serial.validationLoss[epoch], 4);
    }
    expect(parallel.testLoss!).toBeCloseTo(serial.testLoss!, 4);
    for (const flow of [serialFlow, parallelFlow]) flow.dispose();
  });

  test('[workers=2] the validation loss the threads share is the calling thread’s own', () => {
    const flow = smallFlow(5);
    const history = trainFlowParallel(flow, data, {
      epochs: 2,
      batchSize: 32,
      learningRate: 1e-3,
      workers: 2,
    });
    // The best epoch's weights are restored; the workers evaluated half the rows each with
    // weights that must be those of the calling thread.
    const own = evaluate((x) => negativeLogLikelihood(flow, x), data.validation);
    expect(own).toBeCloseTo(history.bestValidationLoss, 5);
    flow.dispose();
  });

  test('[workers=2] a non-finite loss stops at the same epoch and batch as train()', () => {
    const poisoned = sample(256, 5, 1);
    (poisoned.inputs.data as Float32Array)[5 * 77 + 2] = Number.NaN;
    const options = { epochs: 2, batchSize: 32, seed: 9 };
    const caught = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        return error;
      }
      return null;
    };
    const serial = caught(() =>
      trainSerially(smallFlow(5), { train: poisoned, validation: data.validation }, options),
    );
    const parallel = caught(() =>
      trainFlowParallel(
        smallFlow(5),
        { train: poisoned, validation: data.validation },
        {
          ...options,
          workers: 2,
        },
      ),
    );
    expect(serial).toBeInstanceOf(TrainingDivergedError);
    expect(parallel).toBeInstanceOf(TrainingDivergedError);
    const [s, p] = [serial as TrainingDivergedError, parallel as TrainingDivergedError];
    expect([p.epoch, p.batch]).toEqual([s.epoch, s.batch]);
  });

  test('a worker that cannot rebuild the flow fails the call, naming the worker', () => {
    const flow = smallFlow(5);
    const toConfig = flow.transform.toConfig.bind(flow.transform);
    flow.transform.toConfig = () => ({ ...toConfig(), type: 'known-only-to-the-calling-thread' });
    const run = () => trainFlowParallel(flow, data, { epochs: 1, workers: 2 });
    expect(run).toThrow(ParallelTrainingError);
    expect(run).toThrow(/parallel training worker 1 failed: .*known-only-to-the-calling-thread/);
    flow.dispose();
  });

  test('a worker that exits early is reported, not waited for', () => {
    const exiting = new URL('data:text/javascript,process.exit(3)');
    const run = () =>
      trainFlowParallel(smallFlow(5), data, { epochs: 1, workers: 3, workerUrl: exiting });
    expect(run).toThrow(/parallel training worker [12] failed: exited with code 3/);
  });

  test('a missing worker file is reported, not waited for', () => {
    const missing = new URL('./no-such-parallel-worker.js', distWorker);
    expect(() =>
      trainFlowParallel(smallFlow(5), data, { epochs: 1, workers: 2, workerUrl: missing }),
    ).toThrow(/parallel training worker 1 failed: .*no-such-parallel-worker/);
  });

  test('options and splits are checked before any thread starts', () => {
    expect(() => trainFlowParallel(smallFlow(5), data, { workers: 0 })).toThrow(
      /workers must be an integer >= 1, got 0/,
    );
    expect(() => trainFlowParallel(smallFlow(5), data, { workers: 1.5 })).toThrow(FlowdaError);
    const context = { rows: 256, cols: 2, data: new Float32Array(512) };
    expect(() =>
      trainFlowParallel(smallFlow(5), { ...data, train: { ...data.train, targets: context } }),
    ).toThrow(/train context \(targets\) columns must be the flow's context dimension 0, got 2/);
    expect(() => trainFlowParallel(smallFlow(4), data)).toThrow(
      /train input columns must be the flow's dimension 4, got 5/,
    );
  });

  test('the process exits after failed runs: no worker thread is left behind', () => {
    // Run in a fresh Node process from the built package; a lingering thread would keep it
    // alive until the time limit below.
    const script = `
      const { realNVP, selectBackend, SeededRandom } = await import(${JSON.stringify(coreDistIndex.href)});
      const { trainFlowParallel } = await import(${JSON.stringify(distIndex.href)});
      await selectBackend('wasm');
      const random = new SeededRandom(1);
      const split = (rows) => ({ inputs: { rows, cols: 3, data: Float32Array.from(random.normals(rows * 3)) } });
      const train = split(200);
      train.inputs.data[7] = NaN;
      for (const run of [
        () => trainFlowParallel(realNVP({ dimension: 3, layers: 2, hidden: [8], seed: 1 }), { train, validation: split(50) }, { workers: 2, batchSize: 50 }),
        () => trainFlowParallel(realNVP({ dimension: 3, layers: 2, hidden: [8], seed: 1 }), { train: split(200), validation: split(50) }, { workers: 2, workerUrl: new URL('data:text/javascript,throw new Error("boom")') }),
      ]) {
        try { run(); console.log('no error'); } catch (error) { console.log(error.name); }
      }
    `;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(child.error).toBeUndefined();
    expect(child.stderr).toBe('');
    expect(child.stdout.trim().split('\n')).toEqual([
      'TrainingDivergedError',
      'ParallelTrainingError',
    ]);
    expect(child.status).toBe(0);
  });
});

describe('the tensors a parallel run leaves behind', () => {
  test('[workers=2] training frees every tensor it made', () => {
    const flow = smallFlow(5);
    const before = tf.memory().numTensors;
    trainFlowParallel(flow, freshData(), { epochs: 2, batchSize: 64, workers: 2 });
    expect(tf.memory().numTensors).toBe(before);
    flow.dispose();
  });
});

function freshData(): TrainingData {
  return { train: sample(256, 5, 1), validation: sample(64, 5, 2), test: sample(64, 5, 3) };
}
