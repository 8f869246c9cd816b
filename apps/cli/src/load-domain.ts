/** Reads one domain's CSV for `adapt`: the feature columns, the label and a missing-value policy. */
import { open } from 'node:fs/promises';
import type { DomainSample } from '@flowda/adapt';
import { FlowdaError } from '@flowda/core';
import { type MissingPolicy, type MissingReport, readCsv, tableToMatrix } from '@flowda/io';
import { UsageError } from './args.js';
import { cleanColumns } from './clean-columns.js';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop-rows', 'drop-columns'];
/** Text labels understood without `--label-values`. */
export const DEFAULT_LABEL_VALUES: Readonly<Record<string, number>> = {
  s: 1,
  b: 0,
  signal: 1,
  background: 0,
};

async function headerOf(path: string): Promise<string[]> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(path, 'r');
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const first = buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/)[0];
    return first.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`file "${path}" does not exist`);
    throw error;
  } finally {
    await handle?.close();
  }
}

export interface LoadedDomain {
  sample: DomainSample;
  features: string[];
  missing: MissingReport;
}

export async function loadDomain(
  path: string,
  features: string[],
  options: {
    label: string;
    requireLabel: boolean;
    /** Features that will be read as ln(1 + x): every value must be above −1. */
    log1p?: string[];
    policy: MissingPolicy;
    sentinel: number | null;
    labelValues: Record<string, number>;
  },
): Promise<LoadedDomain> {
  const header = await headerOf(path);
  const hasLabel = header.includes(options.label);
  if (options.requireLabel && !hasLabel) {
    throw new UsageError(
      `${path}: label column "${options.label}" not found; available: ${header.join(', ')}`,
    );
  }
  const table = await readCsv(path, {
    columns: features.filter((f) => f !== options.label),
    labelColumn: hasLabel ? options.label : undefined,
    // Why conditional: label values only mean something when the file has the label column.
    labelValues: hasLabel ? options.labelValues : undefined,
  });
  if (table.rows === 0) throw new FlowdaError(`${path} has a header but no events`);
  const {
    table: clean,
    report,
    kept,
  } = cleanColumns(path, table, {
    policy: options.policy,
    sentinel: options.sentinel,
    columns: features,
    optionsHint: '--missing drop-rows | drop-columns, --sentinel X',
  });
  if (hasLabel) {
    const labels = clean.column(options.label);
    if (options.requireLabel && (!labels.includes(0) || !labels.includes(1))) {
      throw new FlowdaError(
        `${path}: label column "${options.label}" must hold both classes (1 signal, 0 background) to train the classifier`,
      );
    }
  }
  for (const name of options.log1p ?? []) {
    if (!kept.includes(name)) continue;
    const values = clean.column(name);
    const row = values.findIndex((v) => !(v > -1));
    if (row >= 0) {
      throw new UsageError(
        `${path} line ${clean.lines[row]}, column "${name}": ${values[row]} cannot be read as ln(1 + x), which needs values above −1; leave "${name}" out of --log1p`,
      );
    }
  }
  return {
    sample: {
      features: tableToMatrix(clean, kept, { dtype: 'float32' }),
      labels: hasLabel ? clean.column(options.label) : undefined,
    },
    features: kept,
    missing: report,
  };
}
