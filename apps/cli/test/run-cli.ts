/** Runs the built `flowda` command in a child process, as a user would. */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Throws unless the CLI has been built (`pnpm test` builds first). */
export function requireBuiltCli(): void {
  if (!existsSync(CLI))
    throw new Error(`${CLI} is missing: run \`pnpm build\` first (pnpm test does)`);
}

export function runCli(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...process.env, CI: 'true' }, maxBuffer: 1 << 24 },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

/** `flowda adapt` on the given files with a flow and classifier small enough for tests. */
export function smallAdaptArgs(files: {
  sim: string;
  data: string;
  features: string;
  out: string;
}): string[] {
  return [
    'adapt',
    '--sim',
    files.sim,
    '--data',
    files.data,
    '--features',
    files.features,
    '--label',
    'label',
    '--out',
    files.out,
    '--layers',
    '2',
    '--hidden',
    '8,8',
    '--epochs',
    '2',
    '--batch-size',
    '200',
    '--classifier-epochs',
    '2',
  ];
}
