/**
 * `flowda report` and the report written at the end of `flowda demo`, run as a user runs them
 * (the built `dist/main.js` in a child process).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCsv } from '@flowda/io';
import { generateLambdaToy, TOY_FEATURES } from '@flowda/toy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { requireBuiltCli, runCli } from './run-cli.js';

let dir: string;

beforeAll(async () => {
  requireBuiltCli();
  dir = await mkdtemp(join(tmpdir(), 'flowda-report-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('flowda report', () => {
  test('draws report-data.json into report.html', async () => {
    const run = join(dir, 'run');
    await mkdir(run);
    const data = {
      format: 'flowda-report-data',
      version: 1,
      title: 'a small run',
      losses: [
        {
          name: 'data-flow',
          quantity: 'negative log-likelihood',
          unit: 'nats/event',
          train: [3, 2, 1.5],
          validation: [2.8, 2.1, 1.7],
          bestEpoch: 3,
        },
      ],
    };
    await writeFile(join(run, 'report-data.json'), JSON.stringify(data));
    const result = await runCli(['report', run]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('report.html');
    const html = await readFile(join(run, 'report.html'), 'utf8');
    expect(html).toContain('<h1>a small run</h1>');
    expect(html.match(/<svg /g)).toHaveLength(1);
  });

  test('names the file when report data are missing or broken', async () => {
    const missing = await runCli(['report', join(dir, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/report-data\.json" does not exist/);

    const broken = join(dir, 'broken');
    await mkdir(broken);
    await writeFile(
      join(broken, 'report-data.json'),
      '{"format": "flowda-report-data", "version": 1}',
    );
    const result = await runCli(['report', broken]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(broken, 'report-data.json')}: title must be a string`);
    expect(existsSync(join(broken, 'report.html'))).toBe(false);
  });

  test('asks for exactly one run folder', async () => {
    const result = await runCli(['report']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected one run folder, got 0 arguments/);
  });
});

describe('flowda adapt', () => {
  test('ends with the generic report: latent, classifier outputs and losses', async () => {
    const sample = generateLambdaToy({ domain: 'simulation', events: 1200, seed: 3 });
    const dataSample = generateLambdaToy({ domain: 'data', events: 1200, seed: 4 });
    for (const [name, s] of [
      ['sim.csv', sample],
      ['data.csv', dataSample],
    ] as const) {
      await writeCsv(join(dir, name), s.columns, {
        rows: s.rows,
        cols: s.columns.length,
        data: s.data,
      });
    }
    const out = join(dir, 'adapt');
    const result = await runCli([
      'adapt',
      '--sim',
      join(dir, 'sim.csv'),
      '--data',
      join(dir, 'data.csv'),
      '--features',
      TOY_FEATURES.join(','),
      '--label',
      'label',
      '--out',
      out,
      '--layers',
      '2',
      '--hidden',
      '8,8',
      '--epochs',
      '1',
      '--classifier-epochs',
      '1',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(join(out, 'report.html'));
    const html = await readFile(join(out, 'report.html'), 'utf8');
    // Latent (data, simulation), classifier outputs, losses; no Λ-specific sections.
    expect(html.match(/<svg /g)).toHaveLength(4);
    expect(html).not.toContain('Invariant-mass fits');
  });
});

describe('flowda demo', () => {
  test('runs both applications on a small toy and writes the report and the study metrics', async () => {
    const out = join(dir, 'demo');
    // Tiny sizes: this checks the wiring, not the physics.
    const result = await runCli([
      'demo',
      '--out',
      out,
      '--events',
      '2000',
      '--epochs',
      '1',
      '--reversal-epochs',
      '1',
    ]);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Λ study: signal window/);
    expect(result.stdout).toMatch(
      /Gaussian smear +none [0-9.]+ +unconditional [0-9.]+ +conditional/,
    );

    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    const { headline } = metrics.study;
    for (const sample of [headline.raw, headline.transformed]) {
      expect(sample.classifierOutputKs).toBeGreaterThanOrEqual(0);
      expect(sample.cuts).toBe(20);
    }
    expect(headline.distortionReversal).toHaveLength(2);
    expect(metrics.study.lambda.raw.fitted).toHaveLength(20);

    const html = await readFile(join(out, 'report.html'), 'utf8');
    // Latent (data, simulation), classifier outputs, cut scan, mass fits, losses, 2 distortions.
    expect(html.match(/<svg /g)).toHaveLength(8);
    const reportData = JSON.parse(await readFile(join(out, 'report-data.json'), 'utf8'));
    expect(reportData.distortion.cases).toHaveLength(2);
  });
});
