/**
 * The ONNX graphs flowda ships: a flow's forward, inverse and log-density, a classifier, and the
 * domain-adaptation chain. Each takes raw feature columns: the standardisation fitted on the
 * training split is written into the graph, so users feed the columns of their file as they are.
 *
 * With standardisation u = (g(x) − μ)/σ, g the identity or ln(1 + x) on `log1p` columns, and
 * flow f: u ↦ z,
 *   forward  outputs z and log|det ∂z/∂x| = log|det ∂f/∂u| − Σᵢ log σᵢ − Σ_log1p ln(1 + xᵢ),
 *   inverse  outputs x = g⁻¹(σ⊙f⁻¹(z) + μ) and log|det ∂x/∂z| = log|det ∂f⁻¹/∂z| + Σᵢ log σᵢ
 *            + Σ_log1p ln(1 + xᵢ),
 *   log-prob outputs log p(x) = log p_base(z) + log|det ∂z/∂x|.
 * The chain maps a data event to the simulation domain through each flow's own base:
 *   x_sim = g⁻¹(B_sim⁻¹(B_data(f(x)))), with f the data-flow (standardised on data), g the
 *   sim-flow and B each base's map to standard normal coordinates (the identity for N(0, I)).
 */
import { type Flow, FlowdaError, OnnxGraph, StandardNormal } from '@flowda/core';

/** Per-column mean and standard deviation, as stored with a model. */
export interface Standardization {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
  /** 1 (or true) where a column is read as ln(1 + x) before standardising. */
  log1p?: ArrayLike<number | boolean>;
}

/** Anything that writes a [batch, 1] probability given a [batch, D] input. */
export interface OnnxScorer {
  readonly dimension: number;
  toOnnx(graph: OnnxGraph, input: string): string;
}

function checkStandardization(
  standardization: Standardization | undefined,
  dimension: number,
  what: string,
): void {
  if (!standardization) return;
  if (standardization.mean.length !== dimension || standardization.std.length !== dimension) {
    throw new FlowdaError(
      `${what} standardisation has ${standardization.mean.length} means and ${standardization.std.length} standard deviations, expected ${dimension}`,
    );
  }
}

function logStdSum(standardization: Standardization): number {
  let total = 0;
  for (let i = 0; i < standardization.std.length; i++) total += Math.log(standardization.std[i]);
  return total;
}

function log1pMask(standardization?: Standardization): Float32Array | null {
  const flags = standardization?.log1p;
  if (!flags || !Array.from(flags).some(Boolean)) return null;
  return Float32Array.from(Array.from(flags), (flag) => (flag ? 1 : 0));
}

/** A transformed value and the log-det it adds, or null when it adds nothing data-dependent. */
interface Mapped {
  value: string;
  /** [batch] log|det| contribution that depends on the event; the constant part is separate. */
  logDet: string | null;
  constant: number;
}

/** u = (g(x) − μ)/σ, with log|det ∂u/∂x| = −Σ log σ − Σ_log1p ln(1 + x). */
function standardize(graph: OnnxGraph, input: string, standardization?: Standardization): Mapped {
  if (!standardization) return { value: input, logDet: null, constant: 0 };
  let x = input;
  let logDet: string | null = null;
  const mask = log1pMask(standardization);
  if (mask) {
    const flags = graph.constant('log1p_mask', mask);
    const logged = graph.op('Log', [graph.op('Add', [x, graph.scalar(1)])]);
    const selected = graph.op('Cast', [flags], { to: 9 });
    x = graph.op('Where', [selected, logged, x]);
    logDet = graph.op('Neg', [
      graph.sumFeatures(graph.op('Where', [selected, logged, graph.scalar(0)])),
    ]);
  }
  const mean = graph.constant('mean', Array.from(standardization.mean));
  const std = graph.constant('std', Array.from(standardization.std));
  return {
    value: graph.op('Div', [graph.op('Sub', [x, mean]), std]),
    logDet,
    constant: -logStdSum(standardization),
  };
}

/** x = g⁻¹(σ⊙u + μ), with log|det ∂x/∂u| = Σ log σ + Σ_log1p ln(1 + x). */
function unstandardize(graph: OnnxGraph, input: string, standardization?: Standardization): Mapped {
  if (!standardization) return { value: input, logDet: null, constant: 0 };
  const mean = graph.constant('mean', Array.from(standardization.mean));
  const std = graph.constant('std', Array.from(standardization.std));
  const v = graph.op('Add', [graph.op('Mul', [input, std]), mean]);
  const mask = log1pMask(standardization);
  if (!mask) return { value: v, logDet: null, constant: logStdSum(standardization) };
  const flags = graph.constant('log1p_mask', mask);
  const selected = graph.op('Cast', [flags], { to: 9 });
  const value = graph.op('Where', [
    selected,
    graph.op('Sub', [graph.op('Exp', [v]), graph.scalar(1)]),
    v,
  ]);
  const logDet = graph.sumFeatures(graph.op('Mul', [v, flags]));
  return { value, logDet, constant: logStdSum(standardization) };
}

/** logDet + each mapped step's data-dependent and constant parts. */
function withSteps(graph: OnnxGraph, logDet: string, ...steps: Mapped[]): string {
  let total = logDet;
  let constant = 0;
  for (const step of steps) {
    if (step.logDet) total = graph.op('Add', [total, step.logDet]);
    constant += step.constant;
  }
  return constant === 0 ? total : graph.op('Add', [total, graph.scalar(constant)]);
}

function addContext(graph: OnnxGraph, flow: Flow): string | undefined {
  return flow.contextDimension > 0 ? graph.addInput('context', flow.contextDimension) : undefined;
}

/** Inputs `x` (and `context`); outputs `z` [batch, D] and `log_det` [batch]. */
export function flowForwardGraph(flow: Flow, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, flow.dimension, 'flow');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', flow.dimension);
  const context = addContext(graph, flow);
  const u = standardize(graph, x, standardization);
  const { output, logDet } = graph.scoped('flow', () =>
    flow.toOnnx(graph, u.value, 'forward', context),
  );
  graph.addOutput('z', output, ['batch', flow.dimension]);
  graph.addOutput('log_det', withSteps(graph, logDet, u), ['batch']);
  return graph;
}

/** Inputs `z` (and `context`); outputs `x` [batch, D] and `log_det` [batch]. */
export function flowInverseGraph(flow: Flow, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, flow.dimension, 'flow');
  const graph = new OnnxGraph();
  const z = graph.addInput('z', flow.dimension);
  const context = addContext(graph, flow);
  const { output, logDet } = graph.scoped('flow', () => flow.toOnnx(graph, z, 'inverse', context));
  const x = unstandardize(graph, output, standardization);
  graph.addOutput('x', x.value, ['batch', flow.dimension]);
  graph.addOutput('log_det', withSteps(graph, logDet, x), ['batch']);
  return graph;
}

/** Inputs `x` (and `context`); output `log_prob` [batch], in nats, for raw x. */
export function flowLogProbGraph(flow: Flow, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, flow.dimension, 'flow');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', flow.dimension);
  const context = addContext(graph, flow);
  const u = standardize(graph, x, standardization);
  const logProb = graph.scoped('flow', () => flow.logProbOnnx(graph, u.value, context));
  graph.addOutput('log_prob', withSteps(graph, logProb, u), ['batch']);
  return graph;
}

/** Input `x`; output `score` [batch, 1], the classifier's signal probability. */
export function classifierGraph(
  classifier: OnnxScorer,
  standardization?: Standardization,
): OnnxGraph {
  checkStandardization(standardization, classifier.dimension, 'classifier');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', classifier.dimension);
  const score = graph.scoped('classifier', () =>
    classifier.toOnnx(graph, standardize(graph, x, standardization).value),
  );
  graph.addOutput('score', score, ['batch', 1]);
  return graph;
}

export interface ChainGraphOptions {
  dataFlow: Flow;
  simulationFlow: Flow;
  dataStandardization?: Standardization;
  simulationStandardization?: Standardization;
  /** Also score the mapped events with this classifier (output `score`). */
  classifier?: OnnxScorer;
  classifierStandardization?: Standardization;
}

/**
 * Input `x` (raw data features); outputs `x_sim` [batch, D] (simulation-like raw features),
 * `log_det` [batch] (log|det ∂x_sim/∂x|) and, with a classifier, `score` [batch, 1].
 *
 * The two flows meet in standard normal coordinates, through each one's base:
 *   z = f(x),  u = T_data(z),  z' = T_sim⁻¹(u),  x_sim = g⁻¹(z'),
 * with T a base's map to N(0, I) (the identity for a standard normal base, which writes no
 * nodes). Since T pushes its base forward to N(0, I), the middle step adds
 *   log|det ∂z'/∂z| = log p_data(z) − log p_sim(z')
 * to the log-det, with N(0, I) standing in for a standard normal base; with two standard normal
 * bases it adds nothing and the graph is f followed by g⁻¹.
 */
export function chainGraph(options: ChainGraphOptions): OnnxGraph {
  const { dataFlow, simulationFlow } = options;
  if (dataFlow.dimension !== simulationFlow.dimension) {
    throw new FlowdaError(
      `data-flow dimension ${dataFlow.dimension} differs from sim-flow dimension ${simulationFlow.dimension}`,
    );
  }
  if (dataFlow.contextDimension > 0 || simulationFlow.contextDimension > 0) {
    throw new FlowdaError(
      'the chain graph takes unconditional flows; export conditional flows one by one',
    );
  }
  const dimension = dataFlow.dimension;
  checkStandardization(options.dataStandardization, dimension, 'data-flow');
  checkStandardization(options.simulationStandardization, dimension, 'sim-flow');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', dimension);
  const u = standardize(graph, x, options.dataStandardization);
  const forward = graph.scoped('data_flow', () => dataFlow.toOnnx(graph, u.value, 'forward'));
  const dataBase = dataFlow.baseDistribution;
  const simulationBase = simulationFlow.baseDistribution;
  const standard = graph.scoped('data_base', () => dataBase.toStandardOnnx(graph, forward.output));
  const latent = graph.scoped('simulation_base', () =>
    simulationBase.fromStandardOnnx(graph, standard),
  );
  const inverse = graph.scoped('simulation_flow', () =>
    simulationFlow.toOnnx(graph, latent, 'inverse'),
  );
  const mapped = unstandardize(graph, inverse.output, options.simulationStandardization);
  graph.addOutput('x_sim', mapped.value, ['batch', dimension]);
  let logDet = graph.op('Add', [forward.logDet, inverse.logDet]);
  const dataIsStandard = dataBase.type === 'standard-normal';
  const simulationIsStandard = simulationBase.type === 'standard-normal';
  if (!dataIsStandard || !simulationIsStandard) {
    const logStandard = () => new StandardNormal(dimension).logProbOnnx(graph, standard);
    const source = graph.scoped('data_base', () =>
      dataIsStandard ? logStandard() : dataBase.logProbOnnx(graph, forward.output),
    );
    const target = graph.scoped('simulation_base', () =>
      simulationIsStandard ? logStandard() : simulationBase.logProbOnnx(graph, latent),
    );
    logDet = graph.op('Add', [logDet, graph.op('Sub', [source, target])]);
  }
  graph.addOutput('log_det', withSteps(graph, logDet, u, mapped), ['batch']);
  if (options.classifier) {
    const classifier = options.classifier;
    const score = graph.scoped('classifier', () =>
      classifier.toOnnx(
        graph,
        standardize(graph, mapped.value, options.classifierStandardization).value,
      ),
    );
    graph.addOutput('score', score, ['batch', 1]);
  }
  return graph;
}
