import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CsvWriter, formatFloat32, formatFloat64, readCsv, writeCsv } from '@flowda/io';
import { afterAll, describe, expect, it } from 'vitest';

const directory = mkdtempSync(join(tmpdir(), 'flowda-io-write-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

/** Deterministic awkward doubles: every exponent range, signs, -0, NaN and infinities. */
function awkwardDoubles(count: number): Float64Array {
  const values = new Float64Array(count);
  let state = 12345;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const mantissa = state / 4294967296 - 0.5;
    values[i] = mantissa * 10 ** ((i % 61) - 30);
  }
  values.set([-0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324], 0);
  values.set([Number.MAX_VALUE, 0.1, 1 / 3], 5);
  return values;
}

describe('writeCsv then readCsv', () => {
  it('gives back every float64 exactly, -0, NaN and infinities included', async () => {
    const path = join(directory, 'float64.csv');
    const data = awkwardDoubles(3 * 400);
    await writeCsv(path, ['a', 'b', 'c'], { rows: 400, cols: 3, data });

    const table = await readCsv(path);
    expect(table.rows).toBe(400);
    ['a', 'b', 'c'].forEach((name, column) => {
      const values = table.column(name);
      for (let row = 0; row < 400; row++) {
        if (!Object.is(values[row], data[row * 3 + column])) {
          throw new Error(`${name}[${row}]: ${values[row]} vs ${data[row * 3 + column]}`);
        }
      }
    });
  });

  it('gives back every float32 exactly and writes its shortest text', async () => {
    const path = join(directory, 'float32.csv');
    const x = Float32Array.from(awkwardDoubles(500).subarray(8));
    const y = Float32Array.from([0.1, 1e-7, 3.4028234663852886e38, -2.5, 100]);
    await writeCsv(path, ['x'], [x]);
    await writeCsv(join(directory, 'short.csv'), ['y'], [y]);

    const read = (await readCsv(path)).column('x');
    for (let row = 0; row < x.length; row++) {
      if (!Object.is(Math.fround(read[row]), x[row])) throw new Error(`row ${row}: ${read[row]}`);
    }
    const text = readFileSync(join(directory, 'short.csv'), 'utf8');
    expect(text).toBe('y\n0.1\n1e-7\n3.4028235e+38\n-2.5\n100\n');
  });

  it('writes column arrays and quotes header names that need it', async () => {
    const path = join(directory, 'columns.csv');
    await writeCsv(path, ['p_T, GeV', 'say "hi"'], [new Float64Array([1, 2]), [3, 4]]);

    expect(readFileSync(path, 'utf8')).toBe('"p_T, GeV","say ""hi"""\n1,3\n2,4\n');
    expect(Array.from((await readCsv(path)).column('say "hi"'))).toEqual([3, 4]);
  });

  it('checks the shape of what it is given', async () => {
    const path = join(directory, 'bad.csv');
    await expect(
      writeCsv(path, ['a', 'b'], { rows: 1, cols: 3, data: new Float64Array(3) }),
    ).rejects.toThrow('data has 3 columns but columns names 2');
    await expect(writeCsv(path, ['a', 'b'], [[1, 2], [3]])).rejects.toThrow(
      'data column 1 ("b") has 1 values, expected 2',
    );
    expect(existsSync(path)).toBe(false);
  });
});

describe('formatFloat32 and formatFloat64', () => {
  it('finds the fewest significant digits that read back as the same float32', () => {
    const bits = new Uint32Array(1);
    const float = new Float32Array(bits.buffer);
    let state = 7;
    for (let i = 0; i < 20_000; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      bits[0] = state;
      const value = float[0];
      if (!Number.isFinite(value)) continue;
      const text = formatFloat32(value);
      expect(Math.fround(Number(text))).toBe(value);
      // Independent check by brute force: no shorter precision reads back.
      let digits = 1;
      while (Math.fround(Number(value.toPrecision(digits))) !== value) digits++;
      const written = text.replace(/^-/, '').replace(/e.*$/, '').replace('.', '');
      expect(written.replace(/^0+/, '').replace(/0+$/, '').length).toBeLessThanOrEqual(digits);
    }
  });

  it('keeps the sign of zero', () => {
    expect(formatFloat64(-0)).toBe('-0');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat64(0)).toBe('0');
  });
});

describe('CsvWriter', () => {
  it('streams row blocks into a file that appears only on close', async () => {
    const path = join(directory, 'stream.csv');
    const writer = await CsvWriter.open(path, ['x', 'y']);
    const first = new Float64Array(2 * 5000).map((_, i) => i / 7);
    await writer.writeRows(first, 2);
    await writer.writeRows(new Float64Array([-1, -2]), 2);
    expect(existsSync(path)).toBe(false);
    expect(writer.rows).toBe(5001);

    await writer.close();
    const table = await readCsv(path);
    expect(table.rows).toBe(5001);
    expect(table.column('y')[4999]).toBe(first[2 * 4999 + 1]);
    expect(table.column('x')[5000]).toBe(-1);
    expect(readdirSync(directory).some((name) => name.endsWith('.tmp'))).toBe(false);
    await expect(writer.writeRows(new Float64Array(2), 2)).rejects.toThrow('after it was closed');
  });

  it('leaves the old file alone and no temporary file behind on abort', async () => {
    const path = join(directory, 'kept.csv');
    writeFileSync(path, 'old\n');
    const writer = await CsvWriter.open(path, ['x']);
    await writer.writeRows(new Float32Array([1, 2]), 1);
    await writer.abort();

    expect(readFileSync(path, 'utf8')).toBe('old\n');
    expect(readdirSync(directory).some((name) => name.endsWith('.tmp'))).toBe(false);
  });

  it('checks width and row count', async () => {
    const writer = await CsvWriter.open(join(directory, 'width.csv'), ['x', 'y', 'z']);
    await expect(writer.writeRows(new Float64Array(6), 2)).rejects.toThrow(
      'width must equal the 3 columns',
    );
    await expect(writer.writeRows(new Float64Array(4), 3)).rejects.toThrow(
      'not a whole number of rows of width 3',
    );
    await writer.abort();
  });
});
