/**
 * The CLI's one path from a freshly read table to usable numbers: the missing-value policy
 * (its error gains the command-line spelling of the options) and then a check that every kept
 * value is finite, naming the file, line and column of the first that is not.
 */
import { FlowdaError } from '@flowda/core';
import { applyMissingPolicy, type MissingPolicy, type MissingReport, type Table } from '@flowda/io';

export function cleanColumns(
  path: string,
  table: Table,
  options: {
    policy: MissingPolicy;
    sentinel: number | null;
    columns: string[];
    optionsHint: string;
  },
): { table: Table; report: MissingReport; kept: string[] } {
  let cleaned: ReturnType<typeof applyMissingPolicy>;
  try {
    cleaned = applyMissingPolicy(table, {
      policy: options.policy,
      sentinel: options.sentinel,
      columns: options.columns,
    });
  } catch (error) {
    if (error instanceof Error) error.message += ` (command line: ${options.optionsHint})`;
    throw error;
  }
  const { table: clean, report } = cleaned;
  const kept = options.columns.filter((name) => !report.columnsDropped.includes(name));
  for (const name of kept) {
    const values = clean.column(name);
    const row = values.findIndex((v) => !Number.isFinite(v));
    if (row >= 0) {
      throw new FlowdaError(
        `${path} line ${clean.lines[row]}, column "${name}": ${values[row]} is not a finite number`,
      );
    }
  }
  return { table: clean, report, kept };
}
