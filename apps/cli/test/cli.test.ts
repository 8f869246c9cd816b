/**
 * The `flowda` command end to end, run as a user runs it (the built `dist/main.js` in a child
 * process) on small toy files, and its errors on broken input.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv, writeCsv } from '@flowda/io';
import { generateLambdaToy, TOY_FEATURES } from '@flowda/toy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli, smallAdaptArgs } from './run-cli.js';

const FEATURES = TOY_FEATURES.join(',');
let dir: string;

async function writeToy(
  path: string,
  domain: 'simulation' | 'data',
  events: number,
  seed: number,
): Promise<void> {
  const sample = generateLambdaToy({ domain, events, seed });
  const columns = [...TOY_FEATURES, 'mass', 'label'];
  const index = columns.map((c) => sample.columns.indexOf(c));
  const width = sample.columns.length;
  const data = new Float64Array(sample.rows * columns.length);
  for (let r = 0; r < sample.rows; r++) {
    index.forEach((c, k) => {
      data[r * columns.length + k] = sample.data[r * width + c];
    });
  }
  await writeCsv(path, columns, { rows: sample.rows, cols: columns.length, data });
}

beforeAll(async () => {
  requireBuiltCli();
  dir = await mkdtemp(join(tmpdir(), 'flowda-cli-'));
  await writeToy(join(dir, 'sim.csv'), 'simulation', 1500, 1);
  await writeToy(join(dir, 'data.csv'), 'data', 1500, 2);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('flowda adapt → apply', () => {
  test('adapt writes the ONNX models, weights and metrics.json; apply runs the chain', async () => {
    const out = join(dir, 'run');
    const adapt = await runCli([
      ...smallAdaptArgs({
        sim: join(dir, 'sim.csv'),
        data: join(dir, 'data.csv'),
        features: FEATURES,
        out: out,
      }),
    ]);
    expect(adapt.stderr).toMatch(/^backend: (wasm|cpu|tfjs-node)/m);
    expect(adapt.code).toBe(0);
    for (const file of [
      'data-flow.onnx',
      'sim-flow.onnx',
      'chain.onnx',
      'classifier.onnx',
      'data-flow.json',
      'data-flow.bin',
      'sim-flow.json',
      'sim-flow.bin',
      'metrics.json',
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(Number.isFinite(metrics.dataFlow.testNll)).toBe(true);
    expect(Number.isFinite(metrics.simulationFlow.testNll)).toBe(true);
    expect(metrics.dataFlow.latentMoments).toHaveLength(TOY_FEATURES.length);
    expect(metrics.classifier.simulationTestAuc).toBeGreaterThan(0.5);
    expect(metrics.classifierOutputKs.rawData).toBeGreaterThanOrEqual(0);
    expect(metrics.classifierOutputKs.transformedData).toBeLessThanOrEqual(1);
    expect(metrics.dataTruth.rawAuc).toBeGreaterThan(0);
    expect(metrics.dataTruth.transformedAuc).toBeGreaterThan(0);

    const applied = join(dir, 'mapped.csv');
    const apply = await runCli([
      'apply',
      join(out, 'chain.onnx'),
      '--input',
      join(dir, 'data.csv'),
      '--out',
      applied,
    ]);
    expect(apply.stderr).toBe('');
    expect(apply.code).toBe(0);
    const table = await readCsv(applied);
    expect(table.rows).toBe(1500);
    expect(table.columns).toContain('x_sim.p_pt');
    expect(table.columns).toContain('score');
    const scores = table.column('score');
    expect(scores.every((s) => s >= 0 && s <= 1)).toBe(true);

    // A file with fewer feature columns than the model takes.
    const narrow = join(dir, 'narrow.csv');
    await writeFile(narrow, 'p_pt,p_phi\n1,2\n');
    const wrongWidth = await runCli([
      'apply',
      join(out, 'chain.onnx'),
      '--input',
      narrow,
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(wrongWidth.code).toBe(1);
    expect(wrongWidth.stderr).toMatch(/narrow\.csv: column "p_theta" not found/);
    const wrongCount = await runCli([
      'apply',
      join(out, 'chain.onnx'),
      '--input',
      narrow,
      '--columns',
      'p_pt,p_phi',
      '--out',
      join(dir, 'x.csv'),
    ]);
    expect(wrongCount.code).toBe(1);
    expect(wrongCount.stderr).toMatch(/expects 8 input columns, but 2 were named/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });
});

describe('flowda distort', () => {
  test('shifts the named column by the constant and copies every other column', async () => {
    const out = join(dir, 'distorted.csv');
    const result = await runCli([
      'distort',
      '--input',
      join(dir, 'sim.csv'),
      '--columns',
      'p_pt',
      '--shift',
      '0.25',
      '--seed',
      '3',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const before = await readCsv(join(dir, 'sim.csv'));
    const after = await readCsv(out);
    expect(after.columns).toEqual(before.columns);
    const a = before.column('p_pt');
    const b = after.column('p_pt');
    for (let i = 0; i < a.length; i++) expect(b[i]).toBeCloseTo(a[i] + 0.25, 12);
    expect(Array.from(after.column('label'))).toEqual(Array.from(before.column('label')));
  });

  test('keeps text columns such as HiggsML labels', async () => {
    const input = join(dir, 'text.csv');
    await writeFile(input, 'a,Label\n1.5,s\n2.5,b\n');
    const out = join(dir, 'text-out.csv');
    const result = await runCli([
      'distort',
      '--input',
      input,
      '--columns',
      'a',
      '--smear',
      '0.5',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(0);
    const text = await readFile(out, 'utf8');
    expect(text.split('\n')[0]).toBe('a,Label');
    expect(text).toMatch(/,s\n.*,b\n$/s);
  });
});

describe('flowda errors on broken input', () => {
  const adaptWith = (sim: string, features = 'a,b') =>
    runCli([
      ...smallAdaptArgs({ sim: sim, data: sim, features: features, out: join(dir, 'never') }),
    ]);

  test('a missing column names the file, the column and the available ones', async () => {
    const result = await adaptWith(join(dir, 'sim.csv'), 'p_pt,nope');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sim\.csv: column "nope" not found; available: .*p_pt/);
  });

  test('a non-numeric cell names the file, line and column', async () => {
    const bad = join(dir, 'bad-cell.csv');
    await writeFile(bad, 'a,b,label\n1,2,1\n3,oops,0\n');
    const result = await adaptWith(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/bad-cell\.csv line 3.*column "b".*"oops"/);
  });

  test('a sentinel under the default policy names the column and the count', async () => {
    const bad = join(dir, 'sentinel.csv');
    await writeFile(
      bad,
      `a,b,label\n${Array.from({ length: 20 }, (_, i) => `${i},${i % 4 === 0 ? -999 : i},${i % 2}`).join('\n')}\n`,
    );
    const result = await adaptWith(bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/sentinel\.csv/);
    expect(result.stderr).toMatch(/\bb \(5 rows/);
    expect(result.stderr).toMatch(/--missing drop-rows/);
  });

  test('a bad option value names the option', async () => {
    const result = await runCli([
      'adapt',
      '--sim',
      'x.csv',
      '--data',
      'y.csv',
      '--features',
      'a,b',
      '--label',
      'l',
      '--out',
      'o',
      '--epochs',
      'many',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--epochs must be an integer >= 1, got "many"/);
  });

  test('a missing file is named', async () => {
    const result = await runCli([
      'adapt',
      '--sim',
      join(dir, 'absent.csv'),
      '--data',
      join(dir, 'absent.csv'),
      '--features',
      'a,b',
      '--label',
      'label',
      '--out',
      join(dir, 'o'),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/absent\.csv/);
  });

  test('a data file without the label column is adapted (the label is truth only)', async () => {
    const table = await readCsv(join(dir, 'data.csv'));
    const unlabelled = join(dir, 'data-unlabelled.csv');
    const columns = [...TOY_FEATURES];
    await writeCsv(
      unlabelled,
      columns,
      columns.map((c) => table.column(c)),
    );
    const out = join(dir, 'run-unlabelled');
    const result = await runCli([
      ...smallAdaptArgs({
        sim: join(dir, 'sim.csv'),
        data: unlabelled,
        features: FEATURES,
        out: out,
      }),
    ]);
    expect(result.stderr).not.toMatch(/error/);
    expect(result.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.dataTruth).toBeUndefined();
    expect(Number.isFinite(metrics.classifierOutputKs.transformedData)).toBe(true);
  });

  test('an --out that is a file fails before any training', async () => {
    const blocker = join(dir, 'a-file');
    await writeFile(blocker, 'x');
    const result = await runCli([
      ...smallAdaptArgs({
        sim: join(dir, 'sim.csv'),
        data: join(dir, 'data.csv'),
        features: FEATURES,
        out: blocker,
      }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot use ".*a-file" as the run folder/);
    expect(result.stderr).not.toMatch(/training| {4}at /);
  });

  test('negative option values need no "=" form', async () => {
    const input = join(dir, 'negative.csv');
    await writeFile(input, 'a,b\n1.5,-999\n2.5,4\n');
    const out = join(dir, 'negative-out.csv');
    const result = await runCli([
      'distort',
      '--input',
      input,
      '--columns',
      'a,b',
      '--shift',
      '-2',
      '--sentinel',
      '-999',
      '--out',
      out,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const written = await readCsv(out);
    expect(Array.from(written.column('a'))).toEqual([-0.5, 0.5]);
    // The sentinel marks a missing entry and is copied, not shifted.
    expect(Array.from(written.column('b'))).toEqual([-999, 2]);
  });

  test('apply refuses events with missing values unless told to drop them', async () => {
    const table = await readCsv(join(dir, 'data.csv'));
    const holes = join(dir, 'holes.csv');
    const columns = [...TOY_FEATURES];
    const data = columns.map((c) => Float64Array.from(table.column(c).subarray(0, 20)));
    data[3][5] = -999;
    await writeCsv(holes, columns, data);
    const model = join(dir, 'run', 'classifier.onnx');
    const refused = await runCli([
      'apply',
      model,
      '--input',
      holes,
      '--out',
      join(dir, 'holes-out.csv'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/holes\.csv.*pi_pt \(1 rows.*--missing drop-rows/s);
    expect(existsSync(join(dir, 'holes-out.csv'))).toBe(false);
    const dropped = await runCli([
      'apply',
      model,
      '--input',
      holes,
      '--missing',
      'drop-rows',
      '--out',
      join(dir, 'holes-out.csv'),
    ]);
    expect(dropped.code).toBe(0);
    expect((await readCsv(join(dir, 'holes-out.csv'))).rows).toBe(19);
  });

  test('--version prints the package version', async () => {
    const result = await runCli(['--version']);
    const { version } = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    );
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`flowda ${version}`);
  });

  test('--missing drop-columns with --log1p naming the dropped column trains on the rest', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => {
      const a = 1 + (i % 7) + 0.1 * i;
      const b = 2 + Math.sin(i);
      const c = i % 5 === 0 ? -999 : 3 + Math.cos(i);
      return `${a},${b},${c},${i % 2}`;
    });
    const file = join(dir, 'drop-columns.csv');
    await writeFile(file, `a,b,c,label\n${rows.join('\n')}\n`);
    const out = join(dir, 'run-drop-columns');
    const result = await runCli([
      ...smallAdaptArgs({ sim: file, data: file, features: 'a,b,c', out }),
      '--log1p',
      'a,c',
      '--missing',
      'drop-columns',
    ]);
    expect(result.stderr).toMatch(/dropped 0 rows and the columns c/);
    expect(result.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.features).toEqual(['a', 'b']);
  });
});
