#!/usr/bin/env node
/** The `flowda` command: adapt, apply, distort, demo, report. */
import { createRequire } from 'node:module';
import { FlowdaError } from '@flowda/core';
import { DataError } from '@flowda/io';
import { UsageError } from './args.js';
import { ADAPT_USAGE, adaptCommand } from './commands/adapt.js';
import { APPLY_USAGE, applyCommand } from './commands/apply.js';
import { DEMO_USAGE, demoCommand } from './commands/demo.js';
import { DISTORT_USAGE, distortCommand } from './commands/distort.js';
import { REPORT_USAGE, reportCommand } from './commands/report.js';

const FILE_SYSTEM_CODES = new Set([
  'ENOENT',
  'EISDIR',
  'ENOTDIR',
  'EEXIST',
  'EBUSY',
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EROFS',
]);

const COMMANDS: Record<string, { run: (argv: string[]) => Promise<void>; usage: string }> = {
  adapt: { run: adaptCommand, usage: ADAPT_USAGE },
  apply: { run: applyCommand, usage: APPLY_USAGE },
  distort: { run: distortCommand, usage: DISTORT_USAGE },
  demo: { run: demoCommand, usage: DEMO_USAGE },
  report: { run: reportCommand, usage: REPORT_USAGE },
};

const HELP = `flowda — normalizing flows for domain adaptation, exported to ONNX

usage: flowda <command> [options]     (flowda <command> --help for its options; flowda --version)

commands:
  demo      generate the Λ→pπ⁻ toy and run the whole chain on it
  adapt     train data- and sim-flows and a classifier; export ONNX and metrics.json
  apply     run an exported ONNX model over a CSV
  distort   shift, smear or scale columns of a CSV
  report    draw a run folder's report-data.json into one self-contained report.html`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    // Why createRequire: dist/main.js sits one folder below the package.json it ships with.
    const { version } = createRequire(import.meta.url)('../package.json') as { version: string };
    process.stdout.write(`flowda ${version}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`flowda: unknown command "${name}"\n\n${HELP}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`flowda ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    if (
      error instanceof FlowdaError ||
      error instanceof DataError ||
      error instanceof RangeError ||
      error instanceof TypeError
    ) {
      process.stderr.write(`flowda ${name}: error: ${error.message}\n`);
      return 1;
    }
    // A file-system refusal (missing file, folder where a file belongs, …) is the user's to fix.
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (
      error instanceof Error &&
      (error.name === 'FlowdaRuntimeError' || (code && FILE_SYSTEM_CODES.has(code)))
    ) {
      process.stderr.write(`flowda ${name}: error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `flowda: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
