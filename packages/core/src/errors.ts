/** The one error class of flowda's libraries; messages name the offending argument and value. */
export class FlowdaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowdaError';
  }
}

/** Throws a {@link FlowdaError} naming `name`, the value received and what is valid. */
export function checkArgument(
  condition: boolean,
  name: string,
  value: unknown,
  valid: string,
): void {
  if (!condition) {
    throw new FlowdaError(`${name} must be ${valid}, got ${formatValue(value)}`);
  }
}

/** Throws unless `value` is an integer no smaller than `min`. */
export function checkInteger(name: string, value: number, min = 1): void {
  checkArgument(Number.isInteger(value) && value >= min, name, value, `an integer >= ${min}`);
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return String(value);
}

/** Throws unless `input` is a [batch, D] tensor; `name` says which argument it is. */
export function checkBatch(
  input: { rank: number; shape: number[] },
  dimension: number,
  name = 'input',
): void {
  checkArgument(
    input.rank === 2 && input.shape[1] === dimension,
    `${name} shape`,
    input.shape,
    `[batch, ${dimension}]`,
  );
}
