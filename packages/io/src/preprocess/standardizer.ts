import { checkMatrix, createMatrix, type Matrix } from '../table/matrix.js';

/** The JSON form of a {@link Standardizer}, as stored next to a trained flow. */
export interface StandardizerJSON {
  readonly type: 'flowda.standardizer';
  readonly version: 1;
  /** Column names, when the standardizer was fitted with them. */
  readonly columns?: readonly string[];
  readonly mean: readonly number[];
  readonly std: readonly number[];
  /** Indices of the columns read as ln(1 + x) before standardising. */
  readonly log1p?: readonly number[];
}

/**
 * Per-column standardisation z = (f(x) − μ) / σ, inverse x = f⁻¹(μ + σ·z), with f the identity,
 * or f(x) = ln(1 + x) for the columns flagged `log1p` (heavy-tailed, positive quantities such as
 * transverse momenta; they must stay above −1), μ the mean of f(x) over the column and
 * σ = sqrt(Σ (x − μ)² / n) the population standard deviation, both accumulated in float64
 * (two passes, so that large means do not swallow small spreads).
 *
 * A constant column gets σ = 1, so it maps to zeros instead of NaN. A transformed matrix has the
 * element type of its input.
 */
export class Standardizer {
  /** Per-column means μ. */
  readonly mean: Float64Array;
  /** Per-column standard deviations σ (1 for constant columns). */
  readonly std: Float64Array;
  /** Column names, if known; used in error messages and kept in the JSON. */
  readonly columns: readonly string[] | undefined;
  /** 1 where a column is read as ln(1 + x), 0 elsewhere. */
  readonly log1p: Uint8Array;

  constructor(
    mean: ArrayLike<number>,
    std: ArrayLike<number>,
    columns?: readonly string[],
    log1p: ArrayLike<number | boolean> = [],
  ) {
    if (mean.length !== std.length) {
      throw new RangeError(`mean has ${mean.length} entries but std has ${std.length}`);
    }
    if (columns !== undefined && columns.length !== mean.length) {
      throw new RangeError(`columns names ${columns.length} columns but mean has ${mean.length}`);
    }
    for (let column = 0; column < mean.length; column++) {
      if (!Number.isFinite(mean[column])) {
        throw new RangeError(`mean[${column}] must be finite, got ${mean[column]}`);
      }
      if (!(std[column] > 0 && Number.isFinite(std[column]))) {
        throw new RangeError(`std[${column}] must be finite and > 0, got ${std[column]}`);
      }
    }
    this.mean = Float64Array.from(mean);
    this.std = Float64Array.from(std);
    this.columns = columns === undefined ? undefined : [...columns];
    this.log1p = new Uint8Array(mean.length);
    if (log1p.length !== 0 && log1p.length !== mean.length) {
      throw new RangeError(`log1p flags ${log1p.length} columns but mean has ${mean.length}`);
    }
    for (let column = 0; column < log1p.length; column++)
      this.log1p[column] = log1p[column] ? 1 : 0;
  }

  /** True when some column is read as ln(1 + x). */
  get hasLog1p(): boolean {
    return this.log1p.some((flag) => flag === 1);
  }

  /** The number of columns it standardises. */
  get dimension(): number {
    return this.mean.length;
  }

  /** Fits μ and σ of every column of `matrix`, which needs at least one row and finite values. */
  static fit(
    matrix: Matrix,
    options: {
      readonly columns?: readonly string[];
      readonly log1p?: ArrayLike<number | boolean>;
    } = {},
  ): Standardizer {
    checkMatrix(matrix);
    const columns = options.columns;
    const flags = new Standardizer(
      new Float64Array(matrix.cols),
      new Float64Array(matrix.cols).fill(1),
      columns,
      options.log1p ?? [],
    );
    const { rows, cols, data } = flags.hasLog1p ? flags.transform(matrix) : matrix;
    if (columns !== undefined && columns.length !== cols) {
      throw new RangeError(`columns names ${columns.length} columns but matrix has ${cols}`);
    }
    if (rows === 0) throw new RangeError('matrix must have at least one row to fit, got 0');

    const mean = new Float64Array(cols);
    const minimum = new Float64Array(cols).fill(Number.POSITIVE_INFINITY);
    const maximum = new Float64Array(cols).fill(Number.NEGATIVE_INFINITY);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < cols; column++) {
        const value = data[row * cols + column];
        if (!Number.isFinite(value)) {
          const name = columns === undefined ? '' : ` ("${columns[column]}")`;
          throw new RangeError(
            `matrix row ${row}, column ${column}${name} is ${value}; standardisation needs ` +
              'finite values (apply a missing-value policy first)',
          );
        }
        mean[column] += value;
        if (value < minimum[column]) minimum[column] = value;
        if (value > maximum[column]) maximum[column] = value;
      }
    }
    for (let column = 0; column < cols; column++) mean[column] /= rows;

    const variance = new Float64Array(cols);
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < cols; column++) {
        const deviation = data[row * cols + column] - mean[column];
        variance[column] += deviation * deviation;
      }
    }
    const std = new Float64Array(cols);
    for (let column = 0; column < cols; column++) {
      // Why min === max rather than σ === 0: the rounding in μ can leave a tiny σ > 0.
      std[column] = minimum[column] === maximum[column] ? 1 : Math.sqrt(variance[column] / rows);
    }
    return new Standardizer(mean, std, columns, flags.log1p);
  }

  /** z = (f(x) − μ) / σ for every row of `matrix`. */
  transform(matrix: Matrix): Matrix {
    return this.map(matrix, (value, column, row) => {
      if (this.log1p[column] === 1) {
        if (!(value > -1)) {
          const name =
            this.columns === undefined ? `column ${column}` : `column "${this.columns[column]}"`;
          throw new RangeError(`row ${row}, ${name} is ${value}; ln(1 + x) needs values above −1`);
        }
        return (Math.log1p(value) - this.mean[column]) / this.std[column];
      }
      return (value - this.mean[column]) / this.std[column];
    });
  }

  /** x = f⁻¹(μ + σ·z) for every row of `matrix`. */
  inverse(matrix: Matrix): Matrix {
    return this.map(matrix, (value, column) => {
      const standardised = this.mean[column] + this.std[column] * value;
      return this.log1p[column] === 1 ? Math.expm1(standardised) : standardised;
    });
  }

  toJSON(): StandardizerJSON {
    return {
      type: 'flowda.standardizer',
      version: 1,
      ...(this.columns === undefined ? {} : { columns: [...this.columns] }),
      mean: Array.from(this.mean),
      std: Array.from(this.std),
      ...(this.hasLog1p
        ? { log1p: [...this.log1p.keys()].filter((i) => this.log1p[i] === 1) }
        : {}),
    };
  }

  /** Rebuilds a standardizer from {@link toJSON}'s output, checking every field. */
  static fromJSON(json: unknown): Standardizer {
    const value = json as Partial<StandardizerJSON> | null;
    if (value === null || typeof value !== 'object' || value.type !== 'flowda.standardizer') {
      throw new TypeError('json must be an object with type "flowda.standardizer"');
    }
    if (value.version !== 1) {
      throw new RangeError(`json.version must be 1, got ${String(value.version)}`);
    }
    const isNumbers = (array: unknown): array is number[] =>
      Array.isArray(array) && array.every((item) => typeof item === 'number');
    if (!isNumbers(value.mean) || !isNumbers(value.std)) {
      throw new TypeError('json.mean and json.std must be arrays of numbers');
    }
    if (
      value.columns !== undefined &&
      !(Array.isArray(value.columns) && value.columns.every((name) => typeof name === 'string'))
    ) {
      throw new TypeError('json.columns must be an array of column names when present');
    }
    const flags = new Uint8Array(value.mean.length);
    if (value.log1p !== undefined) {
      if (
        !isNumbers(value.log1p) ||
        value.log1p.some((i) => !Number.isInteger(i) || i < 0 || i >= flags.length)
      ) {
        throw new TypeError(`json.log1p must list column indices below ${flags.length}`);
      }
      for (const index of value.log1p) flags[index] = 1;
    }
    return new Standardizer(value.mean, value.std, value.columns, flags);
  }

  private map(
    matrix: Matrix,
    apply: (value: number, column: number, row: number) => number,
  ): Matrix {
    checkMatrix(matrix);
    if (matrix.cols !== this.dimension) {
      throw new RangeError(
        `matrix has ${matrix.cols} columns but the standardizer was fitted on ${this.dimension}`,
      );
    }
    const { rows, cols, data } = matrix;
    const out = createMatrix(rows, cols, data instanceof Float32Array ? 'float32' : 'float64');
    for (let row = 0; row < rows; row++) {
      for (let column = 0; column < cols; column++) {
        const at = row * cols + column;
        out.data[at] = apply(data[at], column, row);
      }
    }
    return out;
  }
}
