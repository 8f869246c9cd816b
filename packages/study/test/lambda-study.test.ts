import { adaptReportData } from '@flowda/adapt';
import { selectBackend } from '@flowda/core';
import { parseReportData, renderReport, reportFigures } from '@flowda/report';
import {
  candidatesFromTable,
  type LambdaAnalysis,
  lambdaReportSections,
  runLambdaStudy,
  studyHeadline,
} from '@flowda/study';
import { generateLambdaToy, TOY_FEATURES } from '@flowda/toy';
import { beforeAll, describe, expect, test } from 'vitest';

const cuts = [0, 0.3, 0.6];
let analysis: LambdaAnalysis & { adapt: ReturnType<typeof runLambdaStudy>['adapt'] };
const stages: string[] = [];
let fitsReported = 0;

beforeAll(async () => {
  await selectBackend();
  const simulation = candidatesFromTable(
    generateLambdaToy({ domain: 'simulation', events: 4000, seed: 11 }),
    TOY_FEATURES,
  );
  const data = candidatesFromTable(
    generateLambdaToy({ domain: 'data', events: 8000, seed: 12 }),
    TOY_FEATURES,
  );
  // Tiny flows and few epochs: this checks the plumbing and the fits, not the flows' quality.
  analysis = runLambdaStudy(simulation, data, {
    adapt: {
      flow: { layers: 2, hidden: [8, 8], scaleBound: 'tanh' },
      training: { epochs: 2, batchSize: 256 },
      classifier: { epochs: 3, batchSize: 256, hidden: [16, 16] },
      seed: 3,
    },
    cuts,
    onStage: (stage) => stages.push(stage),
    onFit: () => fitsReported++,
  });
});

describe('runLambdaStudy on a small toy', () => {
  test('runs adapt, scores the data and fits every cut for both samples', () => {
    expect(stages).toEqual(['data-flow', 'sim-flow', 'classifier', 'scoring', 'mass-fits']);
    expect(fitsReported).toBe(2 * cuts.length);
    expect(analysis.scores.raw).toHaveLength(8000);
    expect(analysis.scores.transformed).toHaveLength(8000);
    expect(analysis.result.events).toMatchObject({ data: 8000 });
    expect(analysis.result.raw.fitted.map((p) => p.cut)).toEqual(cuts);
  });

  test('the window sits on the Λ peak and fitted purities are finite and close to the truth', () => {
    const { window } = analysis.result;
    expect(window.status).toBe('converged');
    expect(window.low).toBeLessThan(1.1157);
    expect(window.high).toBeGreaterThan(1.1157);
    for (const sample of [analysis.result.raw, analysis.result.transformed]) {
      // Without a cut the classifier plays no part: fit and truth count the same spectrum.
      const [noCut] = sample.fitted;
      expect(noCut.status).toBe('converged');
      expect(Number.isFinite(noCut.purity!.value)).toBe(true);
      expect(Math.abs(noCut.purity!.value - sample.truth![0].purity!)).toBeLessThan(0.03);
      expect(sample.best).not.toBeNull();
      expect(Number.isFinite(sample.best!.fittedPurity.value)).toBe(true);
      expect(Math.abs(sample.best!.fittedPurity.value - sample.best!.truePurity!)).toBeLessThan(
        0.1,
      );
    }
  });

  test('the result is plain JSON and its report data parse and render', () => {
    const json = JSON.parse(JSON.stringify(analysis.result));
    expect(json).toEqual(analysis.result);
    const sections = lambdaReportSections(analysis);
    expect(sections.massFits.length).toBe(2);
    expect(sections.massFits[0].histogram.counts).toHaveLength(100);
    const data = JSON.parse(
      JSON.stringify({ ...adaptReportData(analysis.adapt, { title: 't' }), ...sections }),
    );
    const parsed = parseReportData(data, 'test');
    // Two latent figures, classifier outputs, cut scan, mass fits, losses.
    expect(reportFigures(parsed)).toHaveLength(6);
    expect(renderReport(parsed)).toContain('Figure of merit versus cut');
  });

  test('the headline carries the best cuts and the spreads', () => {
    const headline = studyHeadline(analysis.result);
    expect(headline.raw.classifierOutputKs).toBe(analysis.adapt.metrics.classifierOutputKs.rawData);
    expect(headline.raw.cuts).toBe(cuts.length);
    expect(cuts).toContain(headline.transformed.bestCut);
    expect(headline.distortionReversal).toBeUndefined();
  });
});
