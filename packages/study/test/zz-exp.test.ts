import { test } from 'vitest';
import { selectBackend } from '@flowda/core';
import { generateLambdaToy } from '@flowda/toy';
import { candidatesFromTable, runDistortionReversal, TRACK_VARIABLES, LAMBDA_UNITS } from '@flowda/study';

test('exp', async () => {
  await selectBackend();
  const sample = generateLambdaToy({ domain: 'simulation', events: Number(process.env.N ?? 20000), seed: 1 });
  const c = candidatesFromTable(sample, TRACK_VARIABLES);
  const t0 = Date.now();
  const { result } = runDistortionReversal(c.features, {
    variables: TRACK_VARIABLES, units: LAMBDA_UNITS,
    training: { epochs: Number(process.env.E ?? 8), batchSize: 512, learningRate: 2e-3, patience: 3 },
    conditionalFlow: { layers: Number(process.env.CL ?? 4), hidden: [64, 64] },
    onStage: (s, n) => process.stdout.write(`${((Date.now() - t0) / 1000).toFixed(0)}s ${s} ${n}\n`),
  });
  for (const f of result.flows) process.stdout.write(`${f.name}: nll ${f.testNll?.toFixed(3)} best ${f.bestEpoch}/${f.epochsRun} ${f.seconds.toFixed(1)}s\n`);
  for (const cs of result.cases) {
    process.stdout.write(`${cs.name}: better ${cs.better} res ${JSON.stringify(cs.eventResolution)}\n`);
    for (const k of cs.ks) process.stdout.write(`  KS ${k.variable}: none ${k.distorted.toFixed(3)} unc ${k.unconditional.toFixed(3)} cond ${k.conditional.toFixed(3)} ref ${k.reference.toFixed(3)}\n`);
    for (const k of cs.energy) process.stdout.write(`  E ${k.variables}: none ${k.distorted.toFixed(4)} unc ${k.unconditional.toFixed(4)} cond ${k.conditional.toFixed(4)} ref ${k.reference.toFixed(4)}\n`);
    process.stdout.write(`  corr ${JSON.stringify(cs.correlation)}\n`);
  }
  process.stdout.write(result.conclusion + '\n');
  process.stdout.write(`total ${((Date.now() - t0) / 1000).toFixed(0)}s\n`);
}, 1_000_000);
