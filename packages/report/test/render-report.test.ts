import {
  parseReportData,
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
  type ReportData,
  renderReport,
  reportFigures,
} from '@flowda/report';
import { describe, expect, test } from 'vitest';
import { FIXTURE_FIGURE_COUNT, fixtureReportData } from './fixture.js';

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

describe('renderReport', () => {
  const data = fixtureReportData();
  const html = renderReport(data);

  test('draws one inline <svg> per figure the data allow', () => {
    expect(reportFigures(data)).toHaveLength(FIXTURE_FIGURE_COUNT);
    expect(count(html, /<svg /g)).toBe(FIXTURE_FIGURE_COUNT);
    expect(count(html, /<\/svg>/g)).toBe(FIXTURE_FIGURE_COUNT);
  });

  test('is self-contained: no scripts, no external resources', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\b(src|href)=/i);
    expect(html).not.toMatch(/url\((?!#)/);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  });

  test('labels axes with units', () => {
    for (const label of [
      'p_pt (GeV)',
      'decay_length (cm)',
      'events / 1.6 MeV',
      'invariant mass m(pπ⁻) (GeV)',
      'negative log-likelihood (nats/event)',
      'figure of merit N_sig / √N_tot (√events)',
      'purity N_sig / N_tot (fraction)',
      'fraction of events / 0.02',
      'classifier cut (output ≥ cut, dimensionless)',
    ]) {
      expect(html, label).toContain(label);
    }
  });

  test('escapes text from the data', () => {
    expect(html).toContain('Fixture report &lt;with markup &amp; &quot;quotes&quot;&gt;');
    expect(html).not.toContain('<with markup');
  });

  test('gives every clip region a unique id', () => {
    const ids = [...html.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(FIXTURE_FIGURE_COUNT);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('draws a null point of a curve as a gap, not as zero', () => {
    const section = fixtureReportData().cutScan!;
    const values = section.transformed.fitted.figureOfMerit;
    expect(values[5]).toBeNull();
    const scanSvg = reportFigures(data).find((figure) => figure.id === 'cut-scan')!.svg;
    // Two separate polylines (M … M) for the fitted transformed series with its gap.
    expect(scanSvg).toMatch(/class="curve" d="M[^"]*M/);
  });

  test('shows the distortion table with the closer method in bold', () => {
    expect(html).toContain('<strong>0.004</strong>');
    expect(html).toContain('closer method: conditional');
  });

  test('leaves out sections without data', () => {
    const minimal: ReportData = {
      format: REPORT_DATA_FORMAT,
      version: REPORT_DATA_VERSION,
      title: 'empty',
    };
    expect(reportFigures(minimal)).toHaveLength(0);
    const text = renderReport(minimal);
    expect(text).not.toContain('<svg');
    expect(text).toContain('<h1>empty</h1>');
  });
});

describe('parseReportData', () => {
  test('accepts what the fixture writes through JSON', () => {
    const data = JSON.parse(JSON.stringify(fixtureReportData()));
    expect(parseReportData(data, 'fixture.json').title).toContain('Fixture report');
  });

  test('names the source and the field of a bad value', () => {
    const data = JSON.parse(JSON.stringify(fixtureReportData()));
    data.latent[1].dimensions[2].after.counts[3] = 'x';
    expect(() => parseReportData(data, 'run/report-data.json')).toThrow(
      'run/report-data.json: latent[1].dimensions[2].after.counts[3] must be a number, received "x"',
    );
    expect(() => parseReportData({ format: 'other' }, 'a.json')).toThrow(
      /a\.json: format must be "flowda-report-data"/,
    );
    const badRange = JSON.parse(JSON.stringify(fixtureReportData()));
    badRange.classifierOutputs.rawData.high = -1;
    expect(() => parseReportData(badRange)).toThrow(/classifierOutputs\.rawData\.low\/high/);
  });
});
