/**
 * Application 2 of Kelleher & Vossen (arXiv:2403.14804, sect. 4.2 and 5.3): distort one variable
 * of an ideal sample (the proton p_T, by a Gaussian draw per event or by a constant) and map the
 * distorted sample back, two ways.
 *
 * Unconditional (the study's method): a flow f_d trained on the distorted sample and a flow f_i
 * on the ideal one, both over all variables; x_rev = f_i⁻¹(f_d(x_d)).
 *
 * Conditional (the study's proposed improvement): flows of the distorted variable alone given
 * the others c, p_d(x | c) and p_i(x | c) (`realNVP` with D = 1 and a context); since only that
 * variable is distorted, c is the same in both samples and x_rev = f_i⁻¹(f_d(x_d | c) | c), with
 * c kept as it is.
 *
 * The ideal sample is split in two halves with disjoint events: half A trains the ideal flows and
 * is the reference; half B is distorted, trains the distorted flows, and its test split is mapped
 * back and compared with A's test split (per-variable KS distance, energy distances of the
 * standardised variables, the largest change of a Pearson correlation). The same comparison of
 * B's undistorted test split with A's gives the statistical floor of each measure.
 */

import type { TrainingOptions, TrainingProgress } from '@flowda/adapt';
import { realNVP, type ScaleBoundKind, SeededRandom } from '@flowda/core';
import { type Matrix, Standardizer, splitRows, takeRows } from '@flowda/io';
import { energyDistance, ksDistance, pearsonCorrelation } from '@flowda/metrics';
import type { DistortionCase, DistortionSection } from '@flowda/report';
import { type Distortion, distort } from '@flowda/toy';
import { type ConditionalFlowOptions, conditionalFlow } from './conditional-flow.js';
import { mapThroughLatent, trainDensityFlow } from './density-flow.js';
import { distortionHistograms } from './distortion-histograms.js';
import { columnValues, pickColumns, toFloat32, withColumn } from './matrix-columns.js';

/** One way of distorting the variable. */
export interface DistortionSpec {
  name: string;
  /** One sentence for the report. */
  description: string;
  distortion: Distortion;
}

/** The two distortions of the study, on a variable in GeV: σ = 0.1 GeV per event, and +0.1 GeV. */
export const DEFAULT_DISTORTIONS: readonly DistortionSpec[] = Object.freeze([
  {
    name: 'Gaussian smear',
    description:
      'A zero-mean Gaussian draw with σ = 0.1 GeV added to the proton p_T of each event.',
    distortion: { smear: 0.1 },
  },
  {
    name: 'constant shift',
    description: 'The same 0.1 GeV added to the proton p_T of every event.',
    distortion: { shift: 0.1 },
  },
]);

/** Architecture of one kind of flow. */
export interface ReversalFlowArchitecture {
  layers?: number;
  hidden?: number[];
  scaleBound?: ScaleBoundKind;
  scaleBoundValue?: number;
}

export type DistortionReversalProgress = TrainingProgress & { stage: string };

export interface DistortionReversalOptions {
  /** Names of the columns of the ideal sample. */
  variables: readonly string[];
  /** The column that is distorted. Defaults to 'p_pt'. */
  distortedVariable?: string;
  /** Defaults to {@link DEFAULT_DISTORTIONS}. */
  distortions?: readonly DistortionSpec[];
  /** The unconditional flows. Defaults to 8 layers of [32, 32], tanh-bounded scales. */
  flow?: ReversalFlowArchitecture;
  /** The conditional flows. Defaults to 4 affine layers (RealNVP, D = 1) of [64, 64]. */
  conditionalFlow?: ConditionalFlowOptions;
  /** Training of every flow (seeds are set here). */
  training?: Omit<TrainingOptions, 'onProgress' | 'seed'>;
  /** Training of the conditional flows where it differs from `training`. */
  conditionalTraining?: Omit<TrainingOptions, 'onProgress' | 'seed'>;
  /** Fractions of each half held out. Default 0.1 each. */
  validationFraction?: number;
  testFraction?: number;
  /** Seed of the halves, splits, distortions and initialisations. Defaults to 0. */
  seed?: number;
  /** Bins of each histogram in the report. Defaults to 40. */
  bins?: number;
  /** Events per sample used by each energy distance (O(n²)). Defaults to 1500. */
  energySamples?: number;
  units?: Readonly<Record<string, string>>;
  onStage?: (stage: string, trainingEvents: number) => void;
  onProgress?: (progress: DistortionReversalProgress) => void;
}

/** The three ways of looking at the distorted sample, and the ideal-vs-ideal floor. */
export interface MethodValues {
  distorted: number;
  unconditional: number;
  conditional: number;
  /** B's undistorted events against A's: what two ideal samples of this size give. */
  reference: number;
}

/** How well one distortion is undone. */
export interface DistortionCaseResult {
  name: string;
  description: string;
  distortion: Distortion;
  ks: ({ variable: string } & MethodValues)[];
  energy: ({ variables: string } & MethodValues)[];
  correlation: MethodValues;
  /**
   * Root-mean-square of (mapped − true) of the distorted variable over B's test events, in its
   * unit: how far each event lands from where it was before the distortion.
   */
  eventResolution: Omit<MethodValues, 'reference'>;
  /** The method with the smaller energy distance over all variables. */
  better: 'conditional' | 'unconditional';
}

/** Training summary of one flow. */
export interface ReversalFlowSummary {
  name: string;
  conditional: boolean;
  testNll: number | null;
  bestEpoch: number;
  epochsRun: number;
  seconds: number;
  history: { trainLoss: number[]; validationLoss: number[] };
}

/** JSON-able result. */
export interface DistortionReversalResult {
  variables: string[];
  distortedVariable: string;
  events: { ideal: SplitSizes; distorted: SplitSizes };
  flows: ReversalFlowSummary[];
  cases: DistortionCaseResult[];
  /** Which method works better, in words. */
  conclusion: string;
}

interface SplitSizes {
  train: number;
  validation: number;
  test: number;
}

interface Half {
  train: Matrix;
  validation: Matrix;
  test: Matrix;
}

/**
 * Runs both distortions and both reversal methods on `ideal` (rows × variables, raw units).
 *
 * @throws RangeError naming a bad option, a missing variable or too small a sample
 */
export function runDistortionReversal(
  ideal: Matrix,
  options: DistortionReversalOptions,
): { result: DistortionReversalResult; report: DistortionSection } {
  const variables = [...options.variables];
  const target = options.distortedVariable ?? 'p_pt';
  const targetIndex = variables.indexOf(target);
  if (ideal.cols !== variables.length) {
    throw new RangeError(
      `the ideal sample has ${ideal.cols} columns but ${variables.length} variables are named (${variables.join(', ')})`,
    );
  }
  if (targetIndex < 0) {
    throw new RangeError(`distortedVariable "${target}" is not one of ${variables.join(', ')}`);
  }
  if (variables.length < 2) {
    throw new RangeError(
      `the conditional flows need at least one other variable, got ${variables.join(', ')}`,
    );
  }
  if (ideal.rows < 200) {
    throw new RangeError(`the ideal sample has ${ideal.rows} events; at least 200 are needed`);
  }
  const seed = options.seed ?? 0;
  const distortions = options.distortions ?? DEFAULT_DISTORTIONS;
  const otherIndices = variables.map((_, i) => i).filter((i) => i !== targetIndex);
  const dimension = variables.length;

  // Two halves with disjoint events, each split into training, validation and test.
  const order = new SeededRandom(seed).permutation(ideal.rows);
  const half = Math.floor(ideal.rows / 2);
  const halfOf = (indices: ArrayLike<number>, offset: number): Half => {
    const rows = takeRows(ideal, indices);
    const split = splitRows(rows.rows, {
      validation: options.validationFraction ?? 0.1,
      test: options.testFraction ?? 0.1,
      seed: seed + offset,
    });
    return {
      train: takeRows(rows, split.train),
      validation: takeRows(rows, split.validation),
      test: takeRows(rows, split.test),
    };
  };
  const reference = halfOf(order.subarray(0, half), 1);
  const toDistort = halfOf(order.subarray(half, 2 * half), 2);

  const flowSummaries: ReversalFlowSummary[] = [];
  const architecture = {
    layers: 8,
    hidden: [32, 32],
    scaleBound: 'tanh' as const,
    ...options.flow,
  };
  const conditionalOptions = options.conditionalFlow ?? {};

  // The context is standardised once, on the ideal training half: it is not distorted.
  const contextStandardizer = Standardizer.fit(pickColumns(reference.train, otherIndices));
  const contextOf = (m: Matrix) =>
    toFloat32(contextStandardizer.transform(pickColumns(m, otherIndices)));

  let flowSeed = seed + 100;
  const trainPair = (name: string, sample: Half) => {
    const standardizer = Standardizer.fit(sample.train);
    const standardised = (m: Matrix) => toFloat32(standardizer.transform(m));
    const flow = realNVP({ dimension, ...architecture, seed: flowSeed++ });
    options.onStage?.(`${name}-flow`, sample.train.rows);
    const history = trainDensityFlow(
      flow,
      {
        train: { values: standardised(sample.train) },
        validation: { values: standardised(sample.validation) },
        test: { values: standardised(sample.test) },
      },
      trainingOptions(`${name}-flow`, flowSeed++),
    );
    flowSummaries.push(summary(`${name}-flow`, false, history));

    const targetStandardizer = Standardizer.fit(pickColumns(sample.train, [targetIndex]));
    const targetOf = (m: Matrix) =>
      toFloat32(targetStandardizer.transform(pickColumns(m, [targetIndex])));
    const conditional = conditionalFlow(otherIndices.length, conditionalOptions, flowSeed++);
    options.onStage?.(`${name}-conditional-flow`, sample.train.rows);
    const conditionalHistory = trainDensityFlow(
      conditional,
      {
        train: { values: targetOf(sample.train), context: contextOf(sample.train) },
        validation: { values: targetOf(sample.validation), context: contextOf(sample.validation) },
        test: { values: targetOf(sample.test), context: contextOf(sample.test) },
      },
      {
        ...trainingOptions(`${name}-conditional-flow`, flowSeed++),
        ...options.conditionalTraining,
      },
    );
    flowSummaries.push(summary(`${name}-conditional-flow`, true, conditionalHistory));
    return { flow, standardizer, conditionalFlow: conditional, targetStandardizer };
  };
  const trainingOptions = (stage: string, flowSeedValue: number): TrainingOptions => ({
    ...options.training,
    seed: flowSeedValue,
    onProgress: options.onProgress && ((p) => options.onProgress!({ ...p, stage })),
  });

  const idealFlows = trainPair('ideal', reference);
  const energySamples = options.energySamples ?? 1500;
  const standardisedForDistance = Standardizer.fit(reference.train);
  const results: DistortionCaseResult[] = [];
  const reportCases: DistortionCase[] = [];

  distortions.forEach((spec, caseIndex) => {
    const distortHalf = (m: Matrix, offset: number): Matrix => ({
      rows: m.rows,
      cols: m.cols,
      data: distort(
        Float64Array.from(m.data),
        m.rows,
        m.cols,
        targetIndex,
        spec.distortion,
        seed + 1000 * (caseIndex + 1) + offset,
      ),
    });
    const distorted: Half = {
      train: distortHalf(toDistort.train, 1),
      validation: distortHalf(toDistort.validation, 2),
      test: distortHalf(toDistort.test, 3),
    };
    const flows = trainPair(`distorted (${spec.name})`, distorted);

    // Unconditional: all variables through f_d, back through f_i⁻¹.
    const unconditional = idealFlows.standardizer.inverse(
      mapThroughLatent(
        flows.flow,
        idealFlows.flow,
        toFloat32(flows.standardizer.transform(distorted.test)),
      ),
    );
    // Conditional: the distorted variable alone, given the others.
    const mappedTarget = idealFlows.targetStandardizer.inverse(
      mapThroughLatent(
        flows.conditionalFlow,
        idealFlows.conditionalFlow,
        toFloat32(flows.targetStandardizer.transform(pickColumns(distorted.test, [targetIndex]))),
        contextOf(distorted.test),
      ),
    );
    const conditional = withColumn(distorted.test, targetIndex, mappedTarget.data);

    const samples = {
      distorted: distorted.test,
      unconditional,
      conditional,
      reference: toDistort.test,
    };
    results.push(
      compareCase(spec, variables, targetIndex, reference.test, samples, {
        standardizer: standardisedForDistance,
        energySamples,
        seed,
      }),
    );
    reportCases.push({
      name: spec.name,
      description: spec.description,
      ...distortionHistograms(variables, reference.test, samples, {
        bins: options.bins ?? 40,
        units: options.units ?? {},
      }),
      ks: results[caseIndex].ks.map(({ reference: _, ...rest }) => rest),
      energy: results[caseIndex].energy.map(({ reference: _, ...rest }) => rest),
      correlation: {
        distorted: results[caseIndex].correlation.distorted,
        unconditional: results[caseIndex].correlation.unconditional,
        conditional: results[caseIndex].correlation.conditional,
      },
      better: results[caseIndex].better,
    });
    flows.flow.dispose();
    flows.conditionalFlow.dispose();
  });
  idealFlows.flow.dispose();
  idealFlows.conditionalFlow.dispose();

  const sizes = (h: Half): SplitSizes => ({
    train: h.train.rows,
    validation: h.validation.rows,
    test: h.test.rows,
  });
  const result: DistortionReversalResult = {
    variables,
    distortedVariable: target,
    events: { ideal: sizes(reference), distorted: sizes(toDistort) },
    flows: flowSummaries,
    cases: results,
    conclusion: conclusionOf(target, results),
  };
  return {
    result,
    report: { distortedVariable: target, cases: reportCases, conclusion: result.conclusion },
  };
}

function summary(
  name: string,
  conditional: boolean,
  history: ReturnType<typeof trainDensityFlow>,
): ReversalFlowSummary {
  return {
    name,
    conditional,
    testNll: history.testLoss,
    bestEpoch: history.bestEpoch,
    epochsRun: history.epochsRun,
    seconds: history.seconds,
    history: { trainLoss: history.trainLoss, validationLoss: history.validationLoss },
  };
}

type Samples = { distorted: Matrix; unconditional: Matrix; conditional: Matrix; reference: Matrix };

function compareCase(
  spec: DistortionSpec,
  variables: string[],
  targetIndex: number,
  ideal: Matrix,
  samples: Samples,
  settings: { standardizer: Standardizer; energySamples: number; seed: number },
): DistortionCaseResult {
  const methods = ['distorted', 'unconditional', 'conditional', 'reference'] as const;
  const each = (measure: (sample: Matrix) => number): MethodValues => {
    const out = {} as MethodValues;
    for (const method of methods) out[method] = measure(samples[method]);
    return out;
  };

  const ks = variables.map((variable, index) => ({
    variable,
    ...each((sample) => ksDistance(columnValues(sample, index), columnValues(ideal, index))),
  }));

  const standardised = (m: Matrix) => settings.standardizer.transform(m);
  const idealStandardised = standardised(ideal);
  const energyOf = (indices: number[]) => (sample: Matrix) =>
    energyDistance(
      pickColumns(standardised(sample), indices),
      pickColumns(idealStandardised, indices),
      undefined,
      {
        maxSamples: settings.energySamples,
        seed: settings.seed,
      },
    );
  const target = variables[targetIndex];
  const energy = [
    ...variables
      .map((variable, index) => ({ variable, index }))
      .filter(({ index }) => index !== targetIndex)
      .map(({ variable, index }) => ({
        variables: `${target}, ${variable}`,
        ...each(energyOf([targetIndex, index])),
      })),
    { variables: `all ${variables.length}`, ...each(energyOf(variables.map((_, i) => i))) },
  ];

  const idealCorrelation = pearsonCorrelation(ideal).data;
  const correlation = each((sample) => {
    const r = pearsonCorrelation(sample).data;
    let largest = 0;
    for (let i = 0; i < r.length; i++)
      largest = Math.max(largest, Math.abs(r[i] - idealCorrelation[i]));
    return largest;
  });

  const truth = columnValues(samples.reference, targetIndex);
  const rms = (sample: Matrix) => {
    const values = columnValues(sample, targetIndex);
    let sum = 0;
    for (let i = 0; i < values.length; i++) sum += (values[i] - truth[i]) ** 2;
    return Math.sqrt(sum / values.length);
  };
  const all = energy[energy.length - 1];
  return {
    name: spec.name,
    description: spec.description,
    distortion: { ...spec.distortion },
    ks,
    energy,
    correlation,
    eventResolution: {
      distorted: rms(samples.distorted),
      unconditional: rms(samples.unconditional),
      conditional: rms(samples.conditional),
    },
    better: all.conditional <= all.unconditional ? 'conditional' : 'unconditional',
  };
}

function conclusionOf(target: string, cases: readonly DistortionCaseResult[]): string {
  const jointWinners = new Set(cases.map((c) => c.better));
  const marginalWinner = (c: DistortionCaseResult) => {
    const ks = c.ks.find((entry) => entry.variable === target) ?? c.ks[0];
    return ks.conditional <= ks.unconditional ? 'conditional' : 'unconditional';
  };
  const every = cases.length === 1 ? 'the distortion' : 'every distortion';
  const joint =
    jointWinners.size === 1
      ? `Over all variables together (energy distance of the standardised samples) the ` +
        `${[...jointWinners][0]} flows come closer to the ideal sample than the ` +
        `${[...jointWinners][0] === 'conditional' ? 'unconditional' : 'conditional'} chain for ${every}.`
      : 'Over all variables together (energy distance) neither method is closer for every distortion.';
  const marginal = `For ${target} alone (KS distance) the closer method is ${cases
    .map((c) => `${marginalWinner(c)} (${c.name})`)
    .join(', ')}.`;
  const parts = cases.map((c) => {
    const ks = c.ks.find((entry) => entry.variable === target) ?? c.ks[0];
    const all = c.energy[c.energy.length - 1];
    const worse = (['unconditional', 'conditional'] as const).filter(
      (method) => all[method] > all.distorted,
    );
    return (
      `${c.name}: KS of ${target} none ${fmt(ks.distorted)} → unconditional ` +
      `${fmt(ks.unconditional)}, conditional ${fmt(ks.conditional)} (two ideal samples: ` +
      `${fmt(ks.reference)}); energy distance none ${fmt(all.distorted)} → unconditional ` +
      `${fmt(all.unconditional)}, conditional ${fmt(all.conditional)} (two ideal samples: ` +
      `${fmt(all.reference)})` +
      (worse.length > 0
        ? `; the ${worse.join(' and the ')} flows come no closer than no correction`
        : '')
    );
  });
  return `${joint} ${marginal} ${parts.join('. ')}.`;
}

function fmt(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return 'n/a';
  return value < 0.001 ? value.toExponential(1) : value.toPrecision(2);
}
