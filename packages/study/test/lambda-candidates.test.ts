import { candidatesFromTable } from '@flowda/study';
import { describe, expect, test } from 'vitest';

const table = {
  columns: ['p_pt', 'p_phi', 'mass', 'label'],
  rows: 2,
  data: [0.5, 0.1, 1.115, 1, 0.7, -0.2, 1.2, 0],
};

describe('candidatesFromTable', () => {
  test('splits features, masses and labels', () => {
    const candidates = candidatesFromTable(table, ['p_phi', 'p_pt']);
    expect(candidates.featureNames).toEqual(['p_phi', 'p_pt']);
    expect(Array.from(candidates.features.data)).toEqual([0.1, 0.5, -0.2, 0.7]);
    expect(Array.from(candidates.masses)).toEqual([1.115, 1.2]);
    expect(Array.from(candidates.labels!)).toEqual([1, 0]);
    expect(candidatesFromTable(table, ['p_pt'], { withLabels: false }).labels).toBeUndefined();
  });

  test('never takes the mass or the label as a feature', () => {
    expect(() => candidatesFromTable(table, ['p_pt', 'mass'])).toThrow(
      /"mass" cannot be a feature/,
    );
    expect(() => candidatesFromTable(table, ['label'])).toThrow(/"label" cannot be a feature/);
  });

  test('names a missing column and a table of the wrong size', () => {
    expect(() => candidatesFromTable(table, ['pi_pt'])).toThrow(
      /column "pi_pt" is not in the table/,
    );
    expect(() => candidatesFromTable({ ...table, rows: 3 }, ['p_pt'])).toThrow(
      /expected rows × columns = 3 × 4/,
    );
  });
});
