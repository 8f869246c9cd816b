/**
 * A dense row-major matrix of events: row r, dimension c is `data[r * cols + c]`. Structurally
 * the same as `@flowda/io`'s `Matrix`, without depending on it.
 */
export interface MatrixLike {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/** Events as a {@link MatrixLike}, or as a flat row-major array with a separate dimension. */
export type Sample = MatrixLike | Float32Array | Float64Array | readonly number[];

/** A sample brought to one shape: `rows` events of `cols` values each, row-major in `data`. */
export interface RowMajor {
  readonly rows: number;
  readonly cols: number;
  readonly data: ArrayLike<number>;
}

/**
 * Checks `sample` and returns it as rows × cols. A flat array is read with `dimension` values
 * per event (1 by default); for a matrix, `dimension`, if given, must equal its `cols`.
 */
export function toRowMajor(sample: Sample, dimension: number | undefined, name: string): RowMajor {
  if (isFlat(sample)) {
    const cols = dimension ?? 1;
    if (!Number.isInteger(cols) || cols < 1) {
      throw new RangeError(`dimension must be an integer >= 1, got ${cols}`);
    }
    if (sample.length % cols !== 0) {
      throw new RangeError(
        `${name} has ${sample.length} values, not a whole number of events of dimension ${cols}`,
      );
    }
    return { rows: sample.length / cols, cols, data: sample };
  }
  if (sample === null || typeof sample !== 'object' || !('data' in sample)) {
    throw new TypeError(`${name} must be a typed array, a number array or a { rows, cols, data }`);
  }
  const { rows, cols, data } = sample;
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 1) {
    throw new RangeError(
      `${name} must have integer rows >= 0 and cols >= 1, got ${rows} × ${cols}`,
    );
  }
  if (data.length !== rows * cols) {
    throw new RangeError(`${name}.data has ${data.length} values, expected ${rows} × ${cols}`);
  }
  if (dimension !== undefined && dimension !== cols) {
    throw new RangeError(`dimension ${dimension} does not match ${name}.cols ${cols}`);
  }
  return { rows, cols, data };
}

/** Throws unless every value of `data` is finite, naming the first event and dimension that is not. */
export function checkFinite(sample: RowMajor, name: string): void {
  const { cols, data } = sample;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const where =
        cols === 1
          ? `${name}[${i}]`
          : `${name} event ${Math.floor(i / cols)}, dimension ${i % cols}`;
      throw new RangeError(`${where} is ${data[i]}; the metric needs finite values`);
    }
  }
}

function isFlat(sample: Sample): sample is Float32Array | Float64Array | readonly number[] {
  return Array.isArray(sample) || sample instanceof Float32Array || sample instanceof Float64Array;
}
