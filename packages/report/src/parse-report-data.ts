/**
 * Checking a parsed `report-data.json` before drawing it: the format tag, the version, the title
 * and every histogram and curve of the sections present. An error names the source and the
 * path of the offending field.
 */

import { REPORT_DATA_FORMAT, REPORT_DATA_VERSION, type ReportData } from './report-data.js';

/** Thrown when report data do not have the expected shape; the message names the field. */
export class ReportDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReportDataError';
  }
}

/**
 * Returns `value` as {@link ReportData} after checking it.
 *
 * @param source where the value came from (a file path), quoted in error messages
 * @throws ReportDataError naming `source`, the field and what was expected
 */
export function parseReportData(value: unknown, source = 'report data'): ReportData {
  const fail = (path: string, expected: string, received: unknown): never => {
    throw new ReportDataError(
      `${source}: ${path} must be ${expected}, received ${describe(received)}`,
    );
  };
  if (!isObject(value)) return fail('the top level', 'an object', value);
  if (value.format !== REPORT_DATA_FORMAT) fail('format', `"${REPORT_DATA_FORMAT}"`, value.format);
  if (value.version !== REPORT_DATA_VERSION) fail('version', String(REPORT_DATA_VERSION), value.version);
  if (typeof value.title !== 'string') fail('title', 'a string', value.title);

  const histogram = (path: string, h: unknown) => {
    if (!isObject(h)) return fail(path, 'a histogram { low, high, counts }', h);
    if (!(typeof h.low === 'number' && typeof h.high === 'number' && h.low < h.high)) {
      fail(`${path}.low/high`, 'numbers with low < high', [h.low, h.high]);
    }
    numbers(`${path}.counts`, h.counts, false);
  };
  const numbers = (path: string, v: unknown, nullable: boolean) => {
    if (!Array.isArray(v)) return fail(path, 'an array of numbers', v);
    v.forEach((item, index) => {
      if (!(typeof item === 'number' || (nullable && item === null))) {
        fail(`${path}[${index}]`, nullable ? 'a number or null' : 'a number', item);
      }
    });
  };
  const array = (path: string, v: unknown): unknown[] =>
    Array.isArray(v) ? v : fail(path, 'an array', v);

  if (value.summary !== undefined) {
    array('summary', value.summary).forEach((row, i) => {
      if (!isObject(row) || typeof row.label !== 'string' || typeof row.value !== 'string') {
        fail(`summary[${i}]`, 'a { label, value } of strings', row);
      }
    });
  }
  if (value.latent !== undefined) {
    array('latent', value.latent).forEach((section, i) => {
      if (!isObject(section)) return fail(`latent[${i}]`, 'an object', section);
      array(`latent[${i}].dimensions`, section.dimensions).forEach((d, k) => {
        const path = `latent[${i}].dimensions[${k}]`;
        if (!isObject(d) || !isObject(d.feature)) return fail(path, 'a { feature, before, after }', d);
        histogram(`${path}.before`, d.before);
        histogram(`${path}.after`, d.after);
      });
    });
  }
  if (value.classifierOutputs !== undefined) {
    const c = value.classifierOutputs;
    if (!isObject(c)) return fail('classifierOutputs', 'an object', c);
    for (const key of ['simulation', 'rawData', 'transformedData']) {
      histogram(`classifierOutputs.${key}`, c[key]);
    }
    if (!isObject(c.ks)) fail('classifierOutputs.ks', 'an object', c.ks);
  }
  if (value.losses !== undefined) {
    array('losses', value.losses).forEach((curve, i) => {
      if (!isObject(curve)) return fail(`losses[${i}]`, 'an object', curve);
      numbers(`losses[${i}].train`, curve.train, false);
      numbers(`losses[${i}].validation`, curve.validation, false);
    });
  }
  if (value.cutScan !== undefined) {
    const scan = value.cutScan;
    if (!isObject(scan)) return fail('cutScan', 'an object', scan);
    numbers('cutScan.window', scan.window, false);
    for (const sample of ['raw', 'transformed']) {
      const entry = scan[sample];
      if (!isObject(entry)) return fail(`cutScan.${sample}`, 'an object', entry);
      for (const kind of ['fitted', 'truth']) {
        const series = entry[kind];
        if (series === undefined && kind === 'truth') continue;
        if (!isObject(series)) return fail(`cutScan.${sample}.${kind}`, 'an object', series);
        numbers(`cutScan.${sample}.${kind}.cuts`, series.cuts, false);
        numbers(`cutScan.${sample}.${kind}.figureOfMerit`, series.figureOfMerit, true);
        numbers(`cutScan.${sample}.${kind}.purity`, series.purity, true);
      }
    }
  }
  if (value.massFits !== undefined) {
    array('massFits', value.massFits).forEach((fit, i) => {
      if (!isObject(fit) || !isObject(fit.curve)) return fail(`massFits[${i}]`, 'a mass fit', fit);
      histogram(`massFits[${i}].histogram`, fit.histogram);
      for (const key of ['total', 'signal', 'background']) {
        numbers(`massFits[${i}].curve.${key}`, fit.curve[key], false);
      }
    });
  }
  if (value.distortion !== undefined) {
    const d = value.distortion;
    if (!isObject(d)) return fail('distortion', 'an object', d);
    array('distortion.cases', d.cases).forEach((c, i) => {
      if (!isObject(c)) return fail(`distortion.cases[${i}]`, 'an object', c);
      array(`distortion.cases[${i}].histograms`, c.histograms).forEach((h, k) => {
        const path = `distortion.cases[${i}].histograms[${k}]`;
        if (!isObject(h)) return fail(path, 'an object', h);
        for (const key of ['ideal', 'distorted', 'unconditional', 'conditional']) {
          histogram(`${path}.${key}`, h[key]);
        }
      });
      array(`distortion.cases[${i}].ks`, c.ks);
      array(`distortion.cases[${i}].energy`, c.energy);
    });
  }
  return value as unknown as ReportData;
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
