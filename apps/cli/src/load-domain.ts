/** Reads one domain's CSV for `adapt`: the feature columns, the label and a missing-value policy. */
import { open } from 'node:fs/promises';
import type { DomainSample } from '@flowda/adapt';
import { type MissingPolicy, type MissingReport, applyMissingPolicy, readCsv, tableToMatrix } from '@flowda/io';
import { UsageError } from './args.js';

export const MISSING_POLICIES: readonly MissingPolicy[] = ['error', 'drop-rows', 'drop-columns'];
/** Text labels understood without `--label-values`. */
export const DEFAULT_LABEL_VALUES: Readonly<Record<string, number>> = { s: 1, b: 0, signal: 1, background: 0 };

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
    policy: MissingPolicy;
    sentinel: number | null;
    labelValues: Record<string, number>;
  },
): Promise<LoadedDomain> {
  const header = await headerOf(path);
  const hasLabel = header.includes(options.label);
  if (options.requireLabel && !hasLabel) {
    throw new UsageError(`${path}: label column "${options.label}" not found; available: ${header.join(', ')}`);
  }
  const table = await readCsv(path, {
    columns: features.filter((f) => f !== options.label),
    labelColumn: hasLabel ? options.label : undefined,
    labelValues: options.labelValues,
  });
  const { table: clean, report } = applyMissingPolicy(table, { policy: options.policy, sentinel: options.sentinel, columns: features });
  const kept = features.filter((f) => !report.columnsDropped.includes(f));
  return {
    sample: {
      features: tableToMatrix(clean, kept, { dtype: 'float32' }),
      labels: hasLabel ? clean.column(options.label) : undefined,
    },
    features: kept,
    missing: report,
  };
}
