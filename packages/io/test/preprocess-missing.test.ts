import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { applyMissingPolicy, DataError, parseCsv, readCsv } from '@flowda/io';
import { describe, expect, it } from 'vitest';

const signalPath = fileURLToPath(
  new URL('../../../../shared/data/higgsml/signal.csv', import.meta.url),
);
const readSignal = () =>
  readCsv(signalPath, { textColumns: ['KaggleSet'], labelColumn: 'Label', labelValues: { s: 1 } });

/** Counts of -999 cells per column and rows with any, from a plain split of the file. */
function sentinelCounts(): { byColumn: Map<string, number>; rowsWithAny: number; rows: number } {
  const lines = readFileSync(signalPath, 'utf8').trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const byColumn = new Map<string, number>();
  let rowsWithAny = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    let any = false;
    cells.forEach((cell, field) => {
      if (Number(cell) === -999) {
        byColumn.set(header[field], (byColumn.get(header[field]) ?? 0) + 1);
        any = true;
      }
    });
    if (any) rowsWithAny++;
  }
  return { byColumn, rowsWithAny, rows: lines.length - 1 };
}

describe('applyMissingPolicy on HiggsML', () => {
  const expected = sentinelCounts();

  it('throws by default, naming each column with -999 and how many rows carry it', async () => {
    const table = await readSignal();
    let error: unknown;
    try {
      applyMissingPolicy(table);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(DataError);
    const message = (error as DataError).message;
    expect(message).toContain(signalPath);
    expect(expected.byColumn.get('DER_mass_MMC')).toBeGreaterThan(0);
    for (const [name, count] of expected.byColumn) {
      expect(message).toContain(`${name} (${count} rows`);
    }
    expect(message).toContain(`in ${expected.rowsWithAny} of ${expected.rows} rows`);
    expect(message).toContain("'drop-rows'");
    expect(message).toContain("'drop-columns'");
  });

  it('drop-rows keeps exactly the rows without a sentinel, and their lines', async () => {
    const table = await readSignal();
    const { table: kept, report } = applyMissingPolicy(table, { policy: 'drop-rows' });

    expect(kept.rows).toBe(expected.rows - expected.rowsWithAny);
    expect(kept.columns).toEqual(table.columns);
    expect(report.rowsDropped).toBe(expected.rowsWithAny);
    expect(report.rowsAfter).toBe(kept.rows);
    expect(report.missingByColumn['DER_mass_MMC']).toBe(expected.byColumn.get('DER_mass_MMC'));
    expect(kept.columns.every((name) => !kept.column(name).includes(-999))).toBe(true);
    expect(kept.textColumn('KaggleSet')).toHaveLength(kept.rows);

    // The first kept row is the row that sits on its recorded line of the file.
    const line = readFileSync(signalPath, 'utf8').split(/\r?\n/)[kept.lines[0] - 1];
    expect(Number(line.split(',')[1])).toBe(kept.column('DER_mass_MMC')[0]);
  });

  it('drop-columns removes exactly the columns with a sentinel and keeps every row', async () => {
    const table = await readSignal();
    const { table: kept, report } = applyMissingPolicy(table, { policy: 'drop-columns' });

    expect(kept.rows).toBe(expected.rows);
    expect(new Set(report.columnsDropped)).toEqual(new Set(expected.byColumn.keys()));
    expect(kept.columns).toEqual(table.columns.filter((name) => !expected.byColumn.has(name)));
    expect(report.rowsDropped).toBe(0);
  });

  it('checks only the columns it is given', async () => {
    const table = await readSignal();
    const columns = ['DER_mass_vis', 'PRI_met'];
    const { table: same, report } = applyMissingPolicy(table, { columns });

    expect(same).toBe(table);
    expect(report.missingByColumn).toEqual({});
    expect(() => applyMissingPolicy(table, { columns: ['nope'] })).toThrow(
      'column "nope" not found',
    );
  });
});

describe('applyMissingPolicy on small tables', () => {
  const table = parseCsv('a,b,c\n1,,3\n4,5,NaN\n7,8,9\n-1,-1,-1\n', { source: 'small.csv' });

  it('counts NaN and empty cells as missing', () => {
    const { table: kept, report } = applyMissingPolicy(table, { policy: 'drop-rows' });
    expect(report.missingByColumn).toEqual({ b: 1, c: 1 });
    expect(Array.from(kept.column('a'))).toEqual([7, -1]);
  });

  it('uses the sentinel it is given, or none', () => {
    const withSentinel = applyMissingPolicy(table, { policy: 'drop-rows', sentinel: -1 });
    expect(Array.from(withSentinel.table.column('a'))).toEqual([7]);
    expect(() => applyMissingPolicy(table, { sentinel: null })).toThrow(
      'small.csv: 2 of 3 checked columns have missing values (NaN or empty), in 2 of 4 rows',
    );
  });

  it('rejects an unknown policy and a non-finite sentinel', () => {
    expect(() => applyMissingPolicy(table, { policy: 'impute' as never })).toThrow(
      `policy must be 'error', 'drop-rows' or 'drop-columns', got "impute"`,
    );
    expect(() => applyMissingPolicy(table, { sentinel: Number.NaN })).toThrow('sentinel must be');
  });
});
