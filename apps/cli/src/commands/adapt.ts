/** `flowda adapt`: train the data-flow, the sim-flow and the classifier, export everything. */
import { mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { type AdaptResult, adapt, writeAdaptRun } from '@flowda/adapt';
import { type BackendName, FlowdaError, SCALE_BOUNDS, type ScaleBoundKind } from '@flowda/core';
import type { MissingPolicy } from '@flowda/io';
import {
  integerListOption,
  integerOption,
  listOption,
  numberOption,
  parse,
  required,
  UsageError,
} from '../args.js';
import { startBackend } from '../backend.js';
import { DEFAULT_LABEL_VALUES, loadDomain, MISSING_POLICIES } from '../load-domain.js';
import { ProgressDisplay } from '../progress.js';
import { printSummary } from '../summary.js';
import { writeRunReport } from './report.js';

export const ADAPT_USAGE = `flowda adapt --sim FILE --data FILE --features COLS --label COL --out DIR [options]

  --sim FILE            labelled simulation (CSV with a header row)
  --data FILE           measured data (CSV); a label column there is used only for truth metrics
  --features COLS       comma-separated feature columns
  --label COL           label column (1/0, or s/b, signal/background)
  --log1p COLS          features read as ln(1 + x) before standardising (e.g. transverse momenta)
  --out DIR             run folder for ONNX models, weights and metrics.json
  --layers N            coupling layers per flow (default 32)
  --hidden W,W          hidden widths of the scale and translation networks (default 2·D,2·D)
  --epochs N            maximum epochs per flow (default 20)
  --batch-size N        events per batch (default 100)
  --patience N          epochs without validation improvement before stopping (default 5)
  --learning-rate X     Adam step size (default 0.001)
  --scale-bound KIND    none | tanh | atan (default tanh)
  --scale-bound-value B bound B of each layer's log-scale (default 2)
  --clip-gradient X     clip the gradients' global norm at X
  --classifier-epochs N maximum classifier epochs (default 30)
  --missing POLICY      error | drop-rows | drop-columns (default error)
  --sentinel X          value marking a missing entry (default -999; "none" for NaN/empty only)
  --label-values MAP    text labels, e.g. s=1,b=0 (default s/b and signal/background)
  --seed N              seed of splits, initialisation and batch order (default 0)
  --workers N           threads training each flow (default: 2 for flows of more than 10⁵
                        weights on a machine with 2 or more cores, else 1)
  --backend NAME        auto | tfjs-node-gpu | tfjs-node | wasm | cpu (default auto)`;

export interface AdaptCommandOptions {
  sim: string;
  data: string;
  features: string[];
  log1p?: string[];
  label: string;
  out: string;
  layers?: number;
  hidden?: number[];
  epochs?: number;
  batchSize?: number;
  patience?: number;
  learningRate?: number;
  scaleBound?: ScaleBoundKind;
  scaleBoundValue?: number;
  clipGradient?: number;
  classifierEpochs?: number;
  missing: MissingPolicy;
  sentinel: number | null;
  labelValues: Record<string, number>;
  seed: number;
  /** Threads training each flow; undefined for the default. */
  workers?: number;
  backend: BackendName | 'auto';
}

export function parseAdaptArgs(argv: string[]): AdaptCommandOptions {
  const { values } = parse(argv, {
    sim: { type: 'string' },
    data: { type: 'string' },
    features: { type: 'string' },
    label: { type: 'string' },
    log1p: { type: 'string' },
    out: { type: 'string' },
    layers: { type: 'string' },
    hidden: { type: 'string' },
    epochs: { type: 'string' },
    'batch-size': { type: 'string' },
    patience: { type: 'string' },
    'learning-rate': { type: 'string' },
    'scale-bound': { type: 'string' },
    'scale-bound-value': { type: 'string' },
    'clip-gradient': { type: 'string' },
    'classifier-epochs': { type: 'string' },
    missing: { type: 'string' },
    sentinel: { type: 'string' },
    'label-values': { type: 'string' },
    seed: { type: 'string' },
    workers: { type: 'string' },
    backend: { type: 'string' },
  });
  const missing = (values.missing ?? 'error') as MissingPolicy;
  if (!MISSING_POLICIES.includes(missing))
    throw new UsageError(
      `--missing must be one of ${MISSING_POLICIES.join(', ')}, got "${missing}"`,
    );
  const scaleBound = (values['scale-bound'] ?? 'tanh') as ScaleBoundKind;
  if (!SCALE_BOUNDS.includes(scaleBound))
    throw new UsageError(
      `--scale-bound must be one of ${SCALE_BOUNDS.join(', ')}, got "${scaleBound}"`,
    );
  const learningRate = numberOption(values, 'learning-rate');
  const scaleBoundValue = numberOption(values, 'scale-bound-value') ?? 2;
  if (scaleBoundValue <= 0)
    throw new UsageError(
      `--scale-bound-value must be positive, got "${values['scale-bound-value']}"`,
    );
  if (learningRate !== undefined && learningRate <= 0)
    throw new UsageError(`--learning-rate must be positive, got "${values['learning-rate']}"`);
  return {
    sim: required(values, 'sim'),
    data: required(values, 'data'),
    features:
      listOption(values, 'features') ??
      (() => {
        throw new UsageError('--features is required');
      })(),
    log1p: listOption(values, 'log1p'),
    label: required(values, 'label'),
    out: required(values, 'out'),
    layers: integerOption(values, 'layers'),
    hidden: integerListOption(values, 'hidden'),
    epochs: integerOption(values, 'epochs'),
    batchSize: integerOption(values, 'batch-size'),
    patience: integerOption(values, 'patience'),
    learningRate,
    scaleBound,
    scaleBoundValue,
    clipGradient: positiveOption(values, 'clip-gradient'),
    classifierEpochs: integerOption(values, 'classifier-epochs'),
    missing,
    sentinel: values.sentinel === 'none' ? null : (numberOption(values, 'sentinel') ?? -999),
    labelValues: values['label-values']
      ? parseLabelValues(String(values['label-values']))
      : { ...DEFAULT_LABEL_VALUES },
    seed: integerOption(values, 'seed', 0) ?? 0,
    workers: integerOption(values, 'workers'),
    backend: (values.backend ?? 'auto') as BackendName | 'auto',
  };
}

/**
 * Two threads pay off only when a step's matrix work outweighs their fixed cost per batch
 * (measured: a 4-layer D = 5 flow trains twice as fast on one thread, a 32-layer D = 71 flow
 * 1.3–1.6× faster on two).
 */
function defaultWorkers(dimension: number, options: AdaptCommandOptions): number {
  const hidden = options.hidden ?? [2 * dimension, 2 * dimension];
  const widths = [dimension, ...hidden, dimension];
  let perNetwork = 0;
  for (let k = 0; k + 1 < widths.length; k++) perNetwork += widths[k] * widths[k + 1];
  const weights = 2 * perNetwork * (options.layers ?? 32);
  return weights > 100_000 ? Math.min(2, availableParallelism()) : 1;
}

function positiveOption(values: Record<string, unknown>, name: string): number | undefined {
  const value = numberOption(values, name);
  if (value !== undefined && value <= 0)
    throw new UsageError(`--${name} must be positive, got "${values[name]}"`);
  return value;
}

async function makeRunFolder(path: string): Promise<void> {
  try {
    await mkdir(path, { recursive: true });
  } catch (error) {
    throw new FlowdaError(`cannot use "${path}" as the run folder: ${(error as Error).message}`);
  }
}

function parseLabelValues(raw: string): Record<string, number> {
  const map: Record<string, number> = {};
  for (const pair of raw.split(',')) {
    const [name, value] = pair.split('=');
    if (!name || (value !== '0' && value !== '1'))
      throw new UsageError(`--label-values entries look like s=1,b=0, got "${pair}"`);
    map[name.trim()] = Number(value);
  }
  return map;
}

/** Runs the whole job; returns the result so `demo` can add to the summary. */
export async function runAdapt(options: AdaptCommandOptions): Promise<AdaptResult> {
  // Why first: a run folder that cannot be made should fail before minutes of training.
  await makeRunFolder(options.out);
  await startBackend(options.backend);
  const loadOptions = {
    log1p: options.log1p,
    label: options.label,
    policy: options.missing,
    sentinel: options.sentinel,
    labelValues: options.labelValues,
  };
  const simulation = await loadDomain(options.sim, options.features, {
    ...loadOptions,
    requireLabel: true,
  });
  const data = await loadDomain(options.data, options.features, {
    ...loadOptions,
    requireLabel: false,
  });
  for (const [name, loaded] of [
    ['simulation', simulation],
    ['data', data],
  ] as const) {
    const { missing } = loaded;
    if (missing.rowsDropped > 0 || missing.columnsDropped.length > 0) {
      process.stderr.write(
        `${name}: missing values: dropped ${missing.rowsDropped} rows` +
          (missing.columnsDropped.length > 0
            ? ` and the columns ${missing.columnsDropped.join(', ')}`
            : '') +
          '\n',
      );
    }
  }
  const features = simulation.features.filter((f) => data.features.includes(f));
  if (features.length !== simulation.features.length || features.length !== data.features.length) {
    throw new FlowdaError(
      `after the missing-value policy the files keep different columns (simulation: ${simulation.features.join(', ')}; data: ${data.features.join(', ')}); use the same policy-compatible feature list`,
    );
  }
  const display = new ProgressDisplay();
  const result = adapt(simulation.sample, data.sample, {
    featureNames: features,
    // Why filtered: a column that the missing-value policy dropped has nothing left to log.
    log1pFeatures: options.log1p?.filter((name) => features.includes(name)),
    flow: {
      layers: options.layers,
      hidden: options.hidden,
      scaleBound: options.scaleBound,
      scaleBoundValue: options.scaleBoundValue,
    },
    training: {
      epochs: options.epochs,
      batchSize: options.batchSize,
      patience: options.patience,
      learningRate: options.learningRate,
      clipGradientNorm: options.clipGradient,
    },
    classifier: { epochs: options.classifierEpochs },
    seed: options.seed,
    workers: options.workers ?? defaultWorkers(features.length, options),
    onStage: (stage, events) => display.startStage(stage, events),
    onProgress: (progress) => display.update(progress),
  });
  display.finishLine();
  const files = await writeAdaptRun(options.out, result);
  process.stdout.write(`wrote ${files.length} files to ${options.out}\n`);
  process.stdout.write(`wrote ${await writeRunReport(options.out)}\n`);
  printSummary(result);
  return result;
}

export async function adaptCommand(argv: string[]): Promise<void> {
  await runAdapt(parseAdaptArgs(argv));
}
