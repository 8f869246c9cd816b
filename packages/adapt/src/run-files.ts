/**
 * Writes an {@link AdaptResult} into a run folder:
 *   data-flow.onnx, sim-flow.onnx            forward graphs (raw x → z, log_det)
 *   data-flow.inverse.onnx, sim-flow.inverse.onnx
 *   chain.onnx                               raw data x → x_sim, log_det, classifier score
 *   classifier.onnx                          raw simulation-like x → score
 *   data-flow.json/.bin, sim-flow.json/.bin  weights, with standardisation and feature names
 *   metrics.json
 *   report-data.json                         what `flowda report` draws (histograms, curves)
 * Every file is written to a temporary name and renamed.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { OnnxGraph } from '@flowda/core';
import {
  chainGraph,
  classifierGraph,
  flowForwardGraph,
  flowInverseGraph,
  type Standardizer,
  saveFlow,
  writeFileAtomically,
  writeOnnxModel,
} from '@flowda/io';
import type { ReportData } from '@flowda/report';
import type { AdaptResult } from './adapt.js';
import { adaptReportData } from './report-sections.js';

export const RUN_FILES = {
  dataFlow: 'data-flow.onnx',
  dataFlowInverse: 'data-flow.inverse.onnx',
  simulationFlow: 'sim-flow.onnx',
  simulationFlowInverse: 'sim-flow.inverse.onnx',
  chain: 'chain.onnx',
  classifier: 'classifier.onnx',
  metrics: 'metrics.json',
  reportData: 'report-data.json',
  report: 'report.html',
} as const;

/** What a caller adds to a run folder beyond the adapt result itself. */
export interface RunExtras {
  /** Replaces the generic report data (build on `adaptReportData` to keep its sections). */
  reportData?: ReportData;
  /** Merged into metrics.json as extra top-level keys (e.g. `study`). */
  metrics?: Record<string, unknown>;
}

/** `value` as indented JSON, written through {@link writeFileAtomically}. */
export async function writeJsonAtomically(path: string, value: unknown): Promise<void> {
  await writeFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}

function metadataOf(
  features: string[],
  standardizer: Standardizer,
  role: string,
): Record<string, string> {
  return {
    'flowda.role': role,
    'flowda.features': JSON.stringify(features),
    'flowda.standardization': JSON.stringify(standardizer.toJSON()),
  };
}

export async function writeAdaptRun(
  directory: string,
  result: AdaptResult,
  extras: RunExtras = {},
): Promise<string[]> {
  await mkdir(directory, { recursive: true });
  const features = result.metrics.features;
  const dataStd = result.dataStandardizer;
  const simStd = result.simulationStandardizer;
  const written: string[] = [];
  const models: [file: string, graph: OnnxGraph, role: string, standardizer: Standardizer][] = [
    [RUN_FILES.dataFlow, flowForwardGraph(result.dataFlow, dataStd), 'data-flow forward', dataStd],
    [
      RUN_FILES.dataFlowInverse,
      flowInverseGraph(result.dataFlow, dataStd),
      'data-flow inverse',
      dataStd,
    ],
    [
      RUN_FILES.simulationFlow,
      flowForwardGraph(result.simulationFlow, simStd),
      'sim-flow forward',
      simStd,
    ],
    [
      RUN_FILES.simulationFlowInverse,
      flowInverseGraph(result.simulationFlow, simStd),
      'sim-flow inverse',
      simStd,
    ],
    [
      RUN_FILES.chain,
      chainGraph({
        dataFlow: result.dataFlow,
        simulationFlow: result.simulationFlow,
        dataStandardization: dataStd,
        simulationStandardization: simStd,
        classifier: result.classifier,
        classifierStandardization: simStd,
      }),
      'chain data → simulation',
      dataStd,
    ],
    [RUN_FILES.classifier, classifierGraph(result.classifier, simStd), 'classifier', simStd],
  ];
  for (const [file, graph, role, standardizer] of models) {
    const path = join(directory, file);
    await writeOnnxModel(path, graph, {
      producer: 'flowda',
      metadata: metadataOf(features, standardizer, role),
    });
    written.push(path);
  }

  for (const [file, flow, standardizer] of [
    ['data-flow.json', result.dataFlow, dataStd],
    ['sim-flow.json', result.simulationFlow, simStd],
  ] as const) {
    const path = join(directory, file);
    await saveFlow(path, flow, { features, standardization: standardizer.toJSON() });
    written.push(path);
  }
  const metricsPath = join(directory, RUN_FILES.metrics);
  await writeJsonAtomically(metricsPath, { ...result.metrics, ...extras.metrics });
  written.push(metricsPath);
  const reportDataPath = join(directory, RUN_FILES.reportData);
  await writeJsonAtomically(reportDataPath, extras.reportData ?? adaptReportData(result));
  written.push(reportDataPath);
  return written;
}
