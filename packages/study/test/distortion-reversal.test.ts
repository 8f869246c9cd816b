import { selectBackend } from '@flowda/core';
import {
  parseReportData,
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
  reportFigures,
} from '@flowda/report';
import {
  candidatesFromTable,
  type DistortionReversalResult,
  LAMBDA_UNITS,
  runDistortionReversal,
  TRACK_VARIABLES,
} from '@flowda/study';
import { generateLambdaToy } from '@flowda/toy';
import { beforeAll, describe, expect, test } from 'vitest';

const ideal = candidatesFromTable(
  generateLambdaToy({ domain: 'simulation', events: 12_000, seed: 21 }),
  TRACK_VARIABLES,
  { withLabels: false },
).features;

let run: ReturnType<typeof runDistortionReversal>;
const stages: string[] = [];

beforeAll(async () => {
  await selectBackend();
  // A constant shift of 0.15 GeV: large against the ideal-vs-ideal KS floor of these samples.
  run = runDistortionReversal(ideal, {
    variables: TRACK_VARIABLES,
    distortions: [{ name: 'shift', description: 'p_pt + 0.15 GeV.', distortion: { shift: 0.15 } }],
    flow: { layers: 2, hidden: [16, 16] },
    conditionalFlow: { kind: 'affine', layers: 2, hidden: [16, 16] },
    training: { epochs: 6, batchSize: 256, learningRate: 3e-3, patience: 3 },
    testFraction: 0.25,
    seed: 4,
    bins: 20,
    energySamples: 400,
    units: LAMBDA_UNITS,
    onStage: (stage) => stages.push(stage),
  });
});

describe('runDistortionReversal on a small sample', () => {
  test('trains an ideal and a distorted flow of each kind', () => {
    expect(stages).toEqual([
      'ideal-flow',
      'ideal-conditional-flow',
      'distorted (shift)-flow',
      'distorted (shift)-conditional-flow',
    ]);
    const result: DistortionReversalResult = run.result;
    expect(result.flows.map((f) => f.conditional)).toEqual([false, true, false, true]);
    expect(result.events.ideal.test).toBe(1500);
  });

  test('the conditional flows bring p_pt closer to the ideal sample than no correction', () => {
    const [shift] = run.result.cases;
    const ks = shift.ks.find((entry) => entry.variable === 'p_pt')!;
    expect(ks.distorted).toBeGreaterThan(0.2);
    expect(ks.conditional).toBeLessThan(ks.distorted / 2);
    // The conditional method leaves the other variables untouched.
    for (const entry of shift.ks.filter((e) => e.variable !== 'p_pt')) {
      expect(entry.conditional).toBe(entry.distorted);
    }
    // A shift moves every event by the same amount: the reversal's event-level error is smaller.
    expect(shift.eventResolution.distorted).toBeCloseTo(0.15, 10);
    expect(shift.eventResolution.conditional).toBeLessThan(0.15);
  });

  test('the conclusion names the better method and the report section parses', () => {
    const [shift] = run.result.cases;
    expect(['conditional', 'unconditional']).toContain(shift.better);
    expect(run.result.conclusion).toContain(`the ${shift.better} flows come closer`);
    const data = parseReportData(
      JSON.parse(
        JSON.stringify({
          format: REPORT_DATA_FORMAT,
          version: REPORT_DATA_VERSION,
          title: 't',
          distortion: run.report,
        }),
      ),
    );
    expect(reportFigures(data)).toHaveLength(1);
    expect(run.report.cases[0].histograms[0].variable).toEqual({ name: 'p_pt', unit: 'GeV' });
  });

  test('bad options are named', () => {
    expect(() =>
      runDistortionReversal(ideal, { variables: TRACK_VARIABLES, distortedVariable: 'mass' }),
    ).toThrow(/distortedVariable "mass" is not one of p_pt/);
    expect(() => runDistortionReversal(ideal, { variables: ['p_pt'] })).toThrow(
      /has 6 columns but 1 variables/,
    );
  });
});
