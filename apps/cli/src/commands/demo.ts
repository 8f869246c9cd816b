/**
 * `flowda demo`: the embedded default. Generates the seeded Λ→pπ⁻ toy for a "simulation" and
 * a "data" detector, writes them as CSV and runs `adapt` on them with a configuration sized to
 * finish in a few minutes on 2 cores.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCsv } from '@flowda/io';
import { generateLambdaToy, TOY_COLUMNS, TOY_FEATURES } from '@flowda/toy';
import { integerOption, parse } from '../args.js';
import { runAdapt } from './adapt.js';

export const DEMO_USAGE = `flowda demo [--out DIR] [--events N] [--seed N] [--backend NAME]

  --out DIR     run folder (default runs/demo)
  --events N    candidates per domain (default 20000)`;

export async function demoCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    out: { type: 'string' },
    events: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
  });
  const out = (values.out as string | undefined) ?? join('runs', 'demo');
  const events = integerOption(values, 'events', 1000) ?? 20000;
  const seed = integerOption(values, 'seed', 0) ?? 0;
  await mkdir(out, { recursive: true });

  const files: Record<'simulation' | 'data', string> = {
    simulation: join(out, 'simulation.csv'),
    data: join(out, 'data.csv'),
  };
  for (const domain of ['simulation', 'data'] as const) {
    const sample = generateLambdaToy({
      domain,
      events,
      seed: seed + (domain === 'simulation' ? 1 : 2),
    });
    const columns = sample.columns.slice(0, TOY_COLUMNS.length);
    const width = sample.columns.length;
    const data = new Float64Array(sample.rows * columns.length);
    for (let r = 0; r < sample.rows; r++) {
      for (let c = 0; c < columns.length; c++)
        data[r * columns.length + c] = sample.data[r * width + c];
    }
    await writeCsv(files[domain], columns, { rows: sample.rows, cols: columns.length, data });
    process.stdout.write(`generated ${sample.rows} ${domain} candidates → ${files[domain]}\n`);
  }

  await runAdapt({
    sim: files.simulation,
    data: files.data,
    features: [...TOY_FEATURES],
    label: 'label',
    out,
    layers: 8,
    hidden: [32, 32],
    epochs: 12,
    batchSize: 100,
    patience: 3,
    learningRate: 1e-3,
    scaleBound: 'tanh',
    classifierEpochs: 15,
    missing: 'error',
    sentinel: -999,
    labelValues: { '0': 0, '1': 1 },
    seed,
    backend: (values.backend as never) ?? 'auto',
  });
}
