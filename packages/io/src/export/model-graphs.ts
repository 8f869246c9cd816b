/**
 * The ONNX graphs flowda ships: a flow's forward, inverse and log-density, a classifier, and the
 * domain-adaptation chain. Each takes raw feature columns: the standardisation fitted on the
 * training split is written into the graph, so users feed the columns of their file as they are.
 *
 * With standardisation u = (x − μ)/σ and flow f: u ↦ z,
 *   forward  outputs z and log|det ∂z/∂x| = log|det ∂f/∂u| − Σᵢ log σᵢ,
 *   inverse  outputs x = σ⊙f⁻¹(z) + μ and log|det ∂x/∂z| = log|det ∂f⁻¹/∂z| + Σᵢ log σᵢ,
 *   log-prob outputs log p(x) = log p_base(z) + log|det ∂z/∂x|.
 * The chain maps a data event to the simulation domain through each flow's own base:
 *   x_sim = g⁻¹(f(x)), with f the data-flow (standardised on data) and g the sim-flow.
 */
import { type Flow, FlowdaError, OnnxGraph } from '@flowda/core';

/** Per-column mean and standard deviation, as stored with a model. */
export interface Standardization {
  mean: ArrayLike<number>;
  std: ArrayLike<number>;
}

/** Anything that writes a [batch, 1] probability given a [batch, D] input. */
export interface OnnxScorer {
  readonly dimension: number;
  toOnnx(graph: OnnxGraph, input: string): string;
}

function checkStandardization(standardization: Standardization | undefined, dimension: number, what: string): void {
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

function standardize(graph: OnnxGraph, input: string, standardization?: Standardization): string {
  if (!standardization) return input;
  const mean = graph.constant('mean', Array.from(standardization.mean));
  const std = graph.constant('std', Array.from(standardization.std));
  return graph.op('Div', [graph.op('Sub', [input, mean]), std]);
}

function unstandardize(graph: OnnxGraph, input: string, standardization?: Standardization): string {
  if (!standardization) return input;
  const mean = graph.constant('mean', Array.from(standardization.mean));
  const std = graph.constant('std', Array.from(standardization.std));
  return graph.op('Add', [graph.op('Mul', [input, std]), mean]);
}

function shiftLogDet(graph: OnnxGraph, logDet: string, shift: number): string {
  return shift === 0 ? logDet : graph.op('Add', [logDet, graph.scalar(shift)]);
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
  const { output, logDet } = graph.scoped('flow', () => flow.toOnnx(graph, standardize(graph, x, standardization), 'forward', context));
  graph.addOutput('z', output, ['batch', flow.dimension]);
  graph.addOutput('log_det', shiftLogDet(graph, logDet, standardization ? -logStdSum(standardization) : 0), ['batch']);
  return graph;
}

/** Inputs `z` (and `context`); outputs `x` [batch, D] and `log_det` [batch]. */
export function flowInverseGraph(flow: Flow, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, flow.dimension, 'flow');
  const graph = new OnnxGraph();
  const z = graph.addInput('z', flow.dimension);
  const context = addContext(graph, flow);
  const { output, logDet } = graph.scoped('flow', () => flow.toOnnx(graph, z, 'inverse', context));
  graph.addOutput('x', unstandardize(graph, output, standardization), ['batch', flow.dimension]);
  graph.addOutput('log_det', shiftLogDet(graph, logDet, standardization ? logStdSum(standardization) : 0), ['batch']);
  return graph;
}

/** Inputs `x` (and `context`); output `log_prob` [batch], in nats, for raw x. */
export function flowLogProbGraph(flow: Flow, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, flow.dimension, 'flow');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', flow.dimension);
  const context = addContext(graph, flow);
  const logProb = graph.scoped('flow', () => flow.logProbOnnx(graph, standardize(graph, x, standardization), context));
  graph.addOutput('log_prob', shiftLogDet(graph, logProb, standardization ? -logStdSum(standardization) : 0), ['batch']);
  return graph;
}

/** Input `x`; output `score` [batch, 1], the classifier's signal probability. */
export function classifierGraph(classifier: OnnxScorer, standardization?: Standardization): OnnxGraph {
  checkStandardization(standardization, classifier.dimension, 'classifier');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', classifier.dimension);
  const score = graph.scoped('classifier', () => classifier.toOnnx(graph, standardize(graph, x, standardization)));
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
 */
export function chainGraph(options: ChainGraphOptions): OnnxGraph {
  const { dataFlow, simulationFlow } = options;
  if (dataFlow.dimension !== simulationFlow.dimension) {
    throw new FlowdaError(`data-flow dimension ${dataFlow.dimension} differs from sim-flow dimension ${simulationFlow.dimension}`);
  }
  if (dataFlow.contextDimension > 0 || simulationFlow.contextDimension > 0) {
    throw new FlowdaError('the chain graph takes unconditional flows; export conditional flows one by one');
  }
  const dimension = dataFlow.dimension;
  checkStandardization(options.dataStandardization, dimension, 'data-flow');
  checkStandardization(options.simulationStandardization, dimension, 'sim-flow');
  const graph = new OnnxGraph();
  const x = graph.addInput('x', dimension);
  const forward = graph.scoped('data_flow', () => dataFlow.toOnnx(graph, standardize(graph, x, options.dataStandardization), 'forward'));
  const inverse = graph.scoped('simulation_flow', () => simulationFlow.toOnnx(graph, forward.output, 'inverse'));
  const mapped = unstandardize(graph, inverse.output, options.simulationStandardization);
  graph.addOutput('x_sim', mapped, ['batch', dimension]);
  let shift = 0;
  if (options.dataStandardization) shift -= logStdSum(options.dataStandardization);
  if (options.simulationStandardization) shift += logStdSum(options.simulationStandardization);
  graph.addOutput('log_det', shiftLogDet(graph, graph.op('Add', [forward.logDet, inverse.logDet]), shift), ['batch']);
  if (options.classifier) {
    const classifier = options.classifier;
    const score = graph.scoped('classifier', () => classifier.toOnnx(graph, standardize(graph, mapped, options.classifierStandardization)));
    graph.addOutput('score', score, ['batch', 1]);
  }
  return graph;
}
