import { distort, SeededRandom } from '@flowda/toy';
import { describe, expect, it } from 'vitest';

const rows = 20_000;
const columns = 3;
const table = (() => {
  const random = new SeededRandom(1);
  return Float64Array.from({ length: rows * columns }, () => 1 + random.normal());
})();

function sameValues(a: Float64Array, b: Float64Array): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function columnOf(data: Float64Array, index: number): number[] {
  return Array.from({ length: rows }, (_, row) => data[row * columns + index]);
}

describe('distort', () => {
  it('adds a constant shift to one column only and leaves the input alone', () => {
    const before = Float64Array.from(table);
    const result = distort(table, rows, columns, 1, { shift: 0.25 }, 1);
    expect(sameValues(table, before)).toBe(true);
    let largestError = 0;
    let otherColumnsChanged = 0;
    for (let row = 0; row < rows; row++) {
      const error = result[row * columns + 1] - (table[row * columns + 1] + 0.25);
      largestError = Math.max(largestError, Math.abs(error));
      if (result[row * columns] !== table[row * columns]) otherColumnsChanged++;
      if (result[row * columns + 2] !== table[row * columns + 2]) otherColumnsChanged++;
    }
    expect(largestError).toBeLessThan(1e-12);
    expect(otherColumnsChanged).toBe(0);
  });

  it('scales one column', () => {
    const result = distort(table, rows, columns, 0, { scale: 1.1 }, 1);
    for (let row = 0; row < rows; row += 97) {
      expect(result[row * columns]).toBeCloseTo(1.1 * table[row * columns], 12);
    }
  });

  it('smears one column by a zero-mean Gaussian per row, reproducibly', () => {
    const smear = 0.3;
    const result = distort(table, rows, columns, 2, { smear }, 7);
    const differences = columnOf(result, 2).map((value, row) => value - table[row * columns + 2]);
    const mean = differences.reduce((a, b) => a + b, 0) / rows;
    const spread = Math.sqrt(differences.reduce((a, b) => a + (b - mean) ** 2, 0) / rows);
    expect(Math.abs(mean)).toBeLessThan((4 * smear) / Math.sqrt(rows));
    expect(Math.abs(spread / smear - 1)).toBeLessThan(0.03);
    expect(sameValues(distort(table, rows, columns, 2, { smear }, 7), result)).toBe(true);
    expect(sameValues(distort(table, rows, columns, 2, { smear }, 8), result)).toBe(false);
  });

  it.each([
    [{ rows: rows + 1 }, /data has 60000 values, expected rows × columns = 20001 × 3/],
    [{ columnIndex: 3 }, /columnIndex must be an integer in \[0, 2\], received 3/],
    [{ distortion: {} }, /at least one of shift, smear or scale/],
    [{ distortion: { smear: -1 } }, /distortion.smear must be a finite number ≥ 0, received -1/],
  ])('rejects invalid arguments (%#)', (change, message) => {
    const args = { rows, columnIndex: 0, distortion: { shift: 1 }, ...change };
    expect(() => distort(table, args.rows, columns, args.columnIndex, args.distortion, 1)).toThrow(
      message,
    );
  });
});
