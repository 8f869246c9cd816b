import { fileURLToPath } from 'node:url';
import { applyMissingPolicy, readCsv, Standardizer, tableToMatrix } from '@flowda/io';
import { describe, expect, it } from 'vitest';

const signalPath = fileURLToPath(
  new URL('../../../../shared/data/higgsml/signal.csv', import.meta.url),
);

/** Column mean and population standard deviation, computed plainly. */
function columnStats(data: ArrayLike<number>, rows: number, cols: number, column: number) {
  let sum = 0;
  for (let row = 0; row < rows; row++) sum += data[row * cols + column];
  const mean = sum / rows;
  let squares = 0;
  for (let row = 0; row < rows; row++) squares += (data[row * cols + column] - mean) ** 2;
  return { mean, std: Math.sqrt(squares / rows) };
}

describe('Standardizer', () => {
  it('maps every HiggsML feature to mean 0 and standard deviation 1, and back', async () => {
    const raw = await readCsv(signalPath, { textColumns: ['KaggleSet', 'Label'] });
    const { table } = applyMissingPolicy(raw, { policy: 'drop-rows' });
    const columns = table.columns.filter(
      (name) => name.startsWith('DER_') || name.startsWith('PRI_'),
    );
    const matrix = tableToMatrix(table, columns);
    const standardizer = Standardizer.fit(matrix, { columns });

    const z = standardizer.transform(matrix);
    expect(z.data).toBeInstanceOf(Float64Array);
    for (let column = 0; column < columns.length; column++) {
      const reference = columnStats(matrix.data, matrix.rows, matrix.cols, column);
      expect(standardizer.mean[column]).toBeCloseTo(reference.mean, 9);
      expect(standardizer.std[column] / reference.std).toBeCloseTo(1, 12);
      const after = columnStats(z.data, z.rows, z.cols, column);
      expect(after.mean).toBeCloseTo(0, 12);
      expect(after.std).toBeCloseTo(1, 12);
    }
    const back = standardizer.inverse(z);
    for (let i = 0; i < matrix.data.length; i++) {
      const scale = Math.max(1, Math.abs(matrix.data[i]));
      if (Math.abs(back.data[i] - matrix.data[i]) > 1e-12 * scale) {
        throw new Error(`element ${i}: ${back.data[i]} vs ${matrix.data[i]}`);
      }
    }
  });

  it('gives a constant column σ = 1 and zeros, with no NaN', () => {
    const value = 0.1;
    const data = Float32Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? value : i));
    const matrix = { rows: 10, cols: 2, data };
    const standardizer = Standardizer.fit(matrix);

    expect(standardizer.std[0]).toBe(1);
    const z = standardizer.transform(matrix);
    expect(z.data).toBeInstanceOf(Float32Array);
    for (let row = 0; row < 10; row++) expect(z.data[row * 2]).toBe(0);
    expect(z.data.every(Number.isFinite)).toBe(true);
  });

  it('survives toJSON and fromJSON through JSON text', () => {
    const matrix = { rows: 3, cols: 2, data: new Float64Array([1, 10, 2, 20, 4, 70]) };
    const standardizer = Standardizer.fit(matrix, { columns: ['pt', 'mass'] });
    const copy = Standardizer.fromJSON(JSON.parse(JSON.stringify(standardizer)));

    expect(copy.columns).toEqual(['pt', 'mass']);
    expect(Array.from(copy.mean)).toEqual(Array.from(standardizer.mean));
    expect(Array.from(copy.std)).toEqual(Array.from(standardizer.std));
    expect(Array.from(copy.transform(matrix).data)).toEqual(
      Array.from(standardizer.transform(matrix).data),
    );
  });

  it('rejects bad input, naming what is wrong', () => {
    const matrix = { rows: 2, cols: 2, data: new Float64Array([1, 2, 3, Number.NaN]) };
    expect(() => Standardizer.fit(matrix, { columns: ['a', 'b'] })).toThrow(
      'matrix row 1, column 1 ("b") is NaN',
    );
    expect(() => Standardizer.fit({ rows: 2, cols: 2, data: new Float64Array(3) })).toThrow(
      'matrix.data has 3 values, expected rows × cols = 2 × 2',
    );
    const fitted = Standardizer.fit({ rows: 2, cols: 1, data: new Float64Array([1, 2]) });
    expect(() => fitted.transform({ rows: 1, cols: 2, data: new Float64Array(2) })).toThrow(
      'matrix has 2 columns but the standardizer was fitted on 1',
    );
    expect(() => Standardizer.fromJSON({ type: 'other' })).toThrow('flowda.standardizer');
    expect(() =>
      Standardizer.fromJSON({ type: 'flowda.standardizer', version: 1, mean: [0], std: [0] }),
    ).toThrow('std[0] must be finite and > 0, got 0');
  });
});
