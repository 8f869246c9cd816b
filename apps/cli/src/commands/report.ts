/** `flowda report RUN_DIR`: draws RUN_DIR/report-data.json into one self-contained report.html. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RUN_FILES } from '@flowda/adapt';
import { FlowdaError } from '@flowda/core';
import { writeFileAtomically } from '@flowda/io';
import { parseReportData, ReportDataError, renderReport } from '@flowda/report';
import { parse, UsageError } from '../args.js';

export const REPORT_USAGE = `flowda report RUN_DIR

  Reads RUN_DIR/${RUN_FILES.reportData} (written by adapt and demo) and writes
  RUN_DIR/${RUN_FILES.report}: one HTML file with inline SVG figures, no scripts and no
  external assets, to open in any browser.`;

/** Renders the report of a run folder and returns the path written. */
export async function writeRunReport(runDirectory: string): Promise<string> {
  const source = join(runDirectory, RUN_FILES.reportData);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FlowdaError(
      code === 'ENOENT'
        ? `"${source}" does not exist; run flowda adapt or flowda demo to produce it`
        : `cannot read "${source}": ${(error as Error).message}`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FlowdaError(`"${source}" is not valid JSON: ${(error as Error).message}`);
  }
  let html: string;
  try {
    html = renderReport(parseReportData(value, source));
  } catch (error) {
    if (error instanceof ReportDataError) throw new FlowdaError(error.message);
    throw error;
  }
  const target = join(runDirectory, RUN_FILES.report);
  await writeFileAtomically(target, html);
  return target;
}

export async function reportCommand(argv: string[]): Promise<void> {
  const { positionals } = parse(argv, {}, true);
  if (positionals.length !== 1) {
    throw new UsageError(`expected one run folder, got ${positionals.length} arguments`);
  }
  const path = await writeRunReport(positionals[0]);
  process.stdout.write(`wrote ${path}\n`);
}
