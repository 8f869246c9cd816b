import {
  escapeXml,
  formatMeasurement,
  formatNumber,
  formatTick,
  perBinLabel,
  withUnit,
} from '@flowda/report';
import { describe, expect, test } from 'vitest';

describe('axis text', () => {
  test('GeV bins below 0.1 GeV are written in MeV', () => {
    expect(perBinLabel(0.0016, 'GeV')).toBe('events / 1.6 MeV');
    expect(perBinLabel(0.25, 'GeV')).toBe('events / 0.25 GeV');
    expect(perBinLabel(0.02, '', true)).toBe('fraction of events / 0.02');
    expect(perBinLabel(0.05, 'rad')).toBe('events / 0.05 rad');
  });

  test('a quantity gets its unit in parentheses unless dimensionless', () => {
    expect(withUnit('p_pt', 'GeV')).toBe('p_pt (GeV)');
    expect(withUnit('z1', '')).toBe('z1');
  });

  test('tick labels carry the step’s decimals and a true minus sign', () => {
    expect(formatTick(1.1, 0.05)).toBe('1.10');
    expect(formatTick(-2, 1)).toBe('−2');
    expect(formatTick(0, 0.1)).toBe('0');
  });
});

describe('numbers', () => {
  test('a measurement is rounded to two significant digits of its error', () => {
    expect(formatMeasurement(0.98594, 0.00612)).toBe('0.9859 ± 0.0061');
    expect(formatMeasurement(23701.3, 152.6)).toBe('23701 ± 153');
  });

  test('missing numbers read n/a', () => {
    expect(formatNumber(null)).toBe('n/a');
    expect(formatNumber(Number.NaN)).toBe('n/a');
    expect(formatNumber(0.0123456, 3)).toBe('0.0123');
  });

  test('markup is escaped', () => {
    expect(escapeXml('<a href="x">&</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;');
  });
});
