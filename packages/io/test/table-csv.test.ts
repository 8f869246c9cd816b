import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataError, parseCsv, readCsv } from '@flowda/io';
import { afterAll, describe, expect, it } from 'vitest';

const higgsml = (name: string): string =>
  fileURLToPath(new URL(`../../../../shared/data/higgsml/${name}`, import.meta.url));
const signalPath = higgsml('signal.csv');
const backgroundPath = higgsml('background.csv');

/** The file split the simplest way, as an independent reference (it holds no quotes). */
function naiveSplit(path: string): { header: string[]; cells: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((line) => line.length > 0);
  return { header: lines[0].split(','), cells: lines.slice(1).map((line) => line.split(',')) };
}

const directory = mkdtempSync(join(tmpdir(), 'flowda-io-csv-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let fileCount = 0;
function temporaryCsv(text: string): string {
  const path = join(directory, `case-${fileCount++}.csv`);
  writeFileSync(path, text);
  return path;
}

/** The DataError that `action` throws (fails the test if it throws none or another kind). */
async function dataError(action: () => unknown): Promise<DataError> {
  try {
    await action();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError, none was thrown');
}

describe('readCsv on HiggsML', () => {
  const reference = naiveSplit(signalPath);
  const higgsOptions = {
    textColumns: ['KaggleSet'],
    labelColumn: 'Label',
    labelValues: { s: 1, b: 0 },
  } as const;

  it('reads every numeric cell of signal.csv as the reference split does', async () => {
    const table = await readCsv(signalPath, higgsOptions);

    expect(table.rows).toBe(reference.cells.length);
    expect(table.source).toBe(signalPath);
    const numericNames = reference.header.filter((name) => !['Label', 'KaggleSet'].includes(name));
    expect(table.columns).toEqual([...numericNames, 'Label']);
    for (const name of numericNames) {
      const field = reference.header.indexOf(name);
      const values = table.column(name);
      reference.cells.forEach((cells, row) => {
        if (values[row] !== Number(cells[field])) {
          throw new Error(`${name} row ${row}: ${values[row]} vs ${cells[field]}`);
        }
      });
    }
    expect(table.textColumn('KaggleSet')).toEqual(
      reference.cells.map((cells) => cells[reference.header.indexOf('KaggleSet')]),
    );
  });

  it('maps the labels s and b to 1 and 0', async () => {
    const signal = await readCsv(signalPath, higgsOptions);
    const background = await readCsv(backgroundPath, higgsOptions);

    expect(signal.column('Label').every((label) => label === 1)).toBe(true);
    expect(background.column('Label').every((label) => label === 0)).toBe(true);
    expect(background.rows).toBe(naiveSplit(backgroundPath).cells.length);
  });

  it('keeps the order given in columns and records the source line of each row', async () => {
    const table = await readCsv(signalPath, { columns: ['PRI_met', 'DER_mass_vis'] });

    expect(table.columns).toEqual(['PRI_met', 'DER_mass_vis']);
    const field = reference.header.indexOf('DER_mass_vis');
    expect(table.column('DER_mass_vis')[10]).toBe(Number(reference.cells[10][field]));
    expect(table.lines[0]).toBe(2);
    expect(table.lines[table.rows - 1]).toBe(table.rows + 1);
  });

  it('names the column, line and cell when a text column is read as numbers', async () => {
    const error = await dataError(() =>
      readCsv(signalPath, { labelColumn: 'Label', labelValues: { s: 1, b: 0 } }),
    );

    expect(error.message).toContain(signalPath);
    expect(error.message).toContain('line 2 (data row 1), column "KaggleSet"');
    expect(error.message).toContain('"t"');
    expect(error.message).toContain('textColumns');
    expect([error.line, error.row, error.column]).toEqual([2, 1, 'KaggleSet']);
  });

  it('lists the available columns for a column that is not there', async () => {
    const error = await dataError(() => readCsv(signalPath, { columns: ['DER_mass_MMC', 'foo'] }));

    expect(error.message).toBe(
      `${signalPath}: column "foo" not found; available: ${reference.header.join(', ')}`,
    );
  });
});

describe('readCsv errors on small files', () => {
  it('names file, line, data row, column and cell of a non-numeric cell', async () => {
    const path = temporaryCsv('a,b,c\n1,2,3\n4,abc,6\n');
    const error = await dataError(() => readCsv(path));

    expect(error.message).toContain(`${path} line 3 (data row 2), column "b"`);
    expect(error.message).toContain('"abc"');
  });

  it('names file and line of a ragged line, short or long', async () => {
    const short = temporaryCsv('a,b,c\n1,2,3\n4,5,6\n7,8\n');
    const long = temporaryCsv('a,b\r\n1,2\r\n3,4,5\r\n');

    expect((await dataError(() => readCsv(short))).message).toBe(
      `${short} line 4: 2 fields, expected 3 as in the header`,
    );
    expect((await dataError(() => readCsv(long))).message).toBe(
      `${long} line 3: 3 fields, expected 2 as in the header`,
    );
  });

  it('names file, line, column and label of an unknown label', async () => {
    const path = temporaryCsv('x,Label\n1,s\n2,b\n3,q\n');
    const error = await dataError(() =>
      readCsv(path, { labelColumn: 'Label', labelValues: { s: 1, b: 0 } }),
    );

    expect(error.message).toContain(`${path} line 4 (data row 3), column "Label"`);
    expect(error.message).toContain('unknown label "q"');
    expect(error.message).toContain('s, b');
  });

  it('accepts numeric 0/1 labels directly and rejects other numbers', async () => {
    const good = await readCsv(temporaryCsv('x,y\n1,0\n2,1\n3,1.0\n'), { labelColumn: 'y' });
    expect(Array.from(good.column('y'))).toEqual([0, 1, 1]);

    const bad = temporaryCsv('x,y\n1,0\n2,2\n');
    const error = await dataError(() => readCsv(bad, { labelColumn: 'y' }));
    expect(error.message).toContain('line 3 (data row 2), column "y": unknown label "2"');
  });

  it('rejects a file without a header, a duplicate header name and a stray quote', async () => {
    expect((await dataError(() => readCsv(temporaryCsv('\n\n')))).message).toContain('empty');
    expect((await dataError(() => readCsv(temporaryCsv('a,b,a\n1,2,3\n')))).message).toContain(
      'column "a" twice',
    );
    const stray = temporaryCsv('a,b\n1,"2"x\n');
    expect((await dataError(() => readCsv(stray))).message).toContain(`${stray} line 2`);
    const open = temporaryCsv('a,b\n1,"2\n');
    expect((await dataError(() => readCsv(open))).message).toContain('never closed');
  });

  it('checks its options at once', async () => {
    const path = temporaryCsv('a,b\n1,2\n');
    await expect(readCsv(path, { columns: ['a', 'a'] })).rejects.toThrow(
      'columns names column "a" twice',
    );
    await expect(readCsv(path, { labelValues: { s: 1 } })).rejects.toThrow('needs labelColumn');
    await expect(
      readCsv(path, { labelColumn: 'b', labelValues: { s: Number.NaN } }),
    ).rejects.toThrow('labelValues["s"] must be a finite number');
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    const text = 'id,"name, quoted",note\n1,"a ""b"", c",2\n"3","x\ny",4\n';
    const table = parseCsv(text, { textColumns: ['name, quoted'] });

    expect(table.columns).toEqual(['id', 'note']);
    expect(table.textColumn('name, quoted')).toEqual(['a "b", c', 'x\ny']);
    expect(Array.from(table.column('id'))).toEqual([1, 3]);
    expect(Array.from(table.lines)).toEqual([2, 3]);
  });

  it('counts the lines inside quoted fields when it names a later line', () => {
    const text = 'a,b\n"x\n\ny",1\nz,oops\n';
    expect(() => parseCsv(text, { source: 'multi.csv', textColumns: ['a'] })).toThrow(
      'multi.csv line 5 (data row 2), column "b"',
    );
  });

  it('tolerates CRLF, CR-only line breaks, a missing final line break and blank trailing lines', () => {
    const expected = [1, 3, 5];
    for (const text of [
      'a,b\r\n1,2\r\n3,4\r\n5,6\r\n',
      'a,b\r1,2\r3,4\r5,6',
      'a,b\n1,2\n3,4\n5,6',
      'a,b\n1,2\n3,4\n5,6\n\n\r\n',
    ]) {
      const table = parseCsv(text);
      expect(Array.from(table.column('a'))).toEqual(expected);
      expect(table.column('b')[2]).toBe(6);
    }
  });

  it('reads empty, NaN and NA cells as NaN and infinities as infinities', () => {
    const table = parseCsv('a,b,c\n,NaN,NA\n inf ,-inf,2.5e-3\n');
    const [a, b, c] = ['a', 'b', 'c'].map((name) => Array.from(table.column(name)));

    expect([a[0], b[0], c[0]].every(Number.isNaN)).toBe(true);
    expect([a[1], b[1], c[1]]).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0.0025,
    ]);
  });

  it('rejects hexadecimal, octal and binary literals that Number would accept', () => {
    for (const cell of ['0x1f', '0o17', '0b101']) {
      expect(() => parseCsv(`a\n${cell}\n`)).toThrow(`"${cell}"`);
    }
    expect(parseCsv('a\n0e5\n').column('a')[0]).toBe(0);
  });

  it('does not parse columns that are left out', () => {
    const table = parseCsv('a,junk\n1,not a number\n', { columns: ['a'] });
    expect(table.columns).toEqual(['a']);
    expect(table.has('junk')).toBe(false);
  });

  it('counts the rows of a file read without any column', () => {
    const table = parseCsv('a,b\n1,2\n3,4\n', { columns: [] });
    expect(table.columns).toEqual([]);
    expect(table.rows).toBe(2);
  });
});

describe('Table', () => {
  const table = parseCsv('x,y,tag\n1,10,p\n2,20,q\n3,30,r\n', {
    source: 'small.csv',
    textColumns: ['tag'],
  });

  it('selects rows in the given order, keeping their source lines and text', () => {
    const picked = table.selectRows([2, 0]);
    expect(Array.from(picked.column('y'))).toEqual([30, 10]);
    expect(picked.textColumn('tag')).toEqual(['r', 'p']);
    expect(Array.from(picked.lines)).toEqual([4, 2]);
    expect(() => table.selectRows([3])).toThrow('indices[0] must be an integer in [0, 3)');
  });

  it('drops columns and says which kind a column is', () => {
    const dropped = table.dropColumns(['x', 'tag']);
    expect(dropped.columns).toEqual(['y']);
    expect(dropped.textColumns).toEqual([]);
    expect(() => table.column('tag')).toThrow('small.csv, column "tag": holds text');
    expect(() => table.textColumn('x')).toThrow('holds numbers');
    expect(() => table.dropColumns(['z'])).toThrow('small.csv: column "z" not found');
  });
});
