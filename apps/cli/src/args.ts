/** Command-line parsing helpers: option values checked with the option named in the error. */
import { parseArgs } from 'node:util';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type OptionSpec = Record<
  string,
  { type: 'string' | 'boolean'; short?: string; default?: string | boolean }
>;

/**
 * `--shift -2` → `--shift=-2`: node's parser takes a value starting with "-" for an option
 * name, so negative numbers would otherwise need the `=` form.
 */
function joinNegativeValues(argv: string[], options: OptionSpec): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') ? argv[i].slice(2) : '';
    const next = argv[i + 1];
    if (options[name]?.type === 'string' && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${argv[i]}=${next}`);
      i += 1;
    } else {
      out.push(argv[i]);
    }
  }
  return out;
}

export function parse(argv: string[], options: OptionSpec, allowPositionals = false) {
  try {
    return parseArgs({
      args: joinNegativeValues(argv, options),
      options,
      allowPositionals,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

export function integerOption(
  values: Record<string, unknown>,
  name: string,
  min = 1,
): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${raw}"`);
  return value;
}

export function numberOption(values: Record<string, unknown>, name: string): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || String(raw).trim() === '')
    throw new UsageError(`--${name} must be a number, got "${raw}"`);
  return value;
}

export function listOption(values: Record<string, unknown>, name: string): string[] | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const list = String(raw)
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (list.length === 0)
    throw new UsageError(`--${name} needs a comma-separated list, got "${raw}"`);
  return list;
}

export function integerListOption(
  values: Record<string, unknown>,
  name: string,
): number[] | undefined {
  const list = listOption(values, name);
  if (!list) return undefined;
  return list.map((item) => {
    const value = Number(item);
    if (!Number.isInteger(value) || value < 1)
      throw new UsageError(`--${name} entries must be positive integers, got "${item}"`);
    return value;
  });
}
