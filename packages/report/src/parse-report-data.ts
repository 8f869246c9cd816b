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
  const object = (path: string, v: unknown, expected = 'an object'): Record<string, any> =>
    isObject(v) ? v : fail(path, expected, v);
  const array = (path: string, v: unknown): unknown[] =>
    Array.isArray(v) ? v : fail(path, 'an array', v);
  const numbers = (path: string, v: unknown, nullable: boolean): void => {
    for (const [index, item] of array(path, v).entries()) {
      if (!(typeof item === 'number' || (nullable && item === null))) {
        fail(`${path}[${index}]`, nullable ? 'a number or null' : 'a number', item);
      }
    }
  };
  const histogram = (path: string, v: unknown): void => {
    const h = object(path, v, 'a histogram { low, high, counts }');
    if (!(typeof h.low === 'number' && typeof h.high === 'number' && h.low < h.high)) {
      fail(`${path}.low/high`, 'numbers with low < high', [h.low, h.high]);
    }
    numbers(`${path}.counts`, h.counts, false);
  };

  const top = object('the top level', value);
  if (top.format !== REPORT_DATA_FORMAT) fail('format', `"${REPORT_DATA_FORMAT}"`, top.format);
  if (top.version !== REPORT_DATA_VERSION)
    fail('version', String(REPORT_DATA_VERSION), top.version);
  if (typeof top.title !== 'string') fail('title', 'a string', top.title);

  if (top.summary !== undefined) {
    for (const [i, row] of array('summary', top.summary).entries()) {
      const r = object(`summary[${i}]`, row, 'a { label, value } of strings');
      if (typeof r.label !== 'string' || typeof r.value !== 'string') {
        fail(`summary[${i}]`, 'a { label, value } of strings', row);
      }
    }
  }
  if (top.latent !== undefined) {
    for (const [i, section] of array('latent', top.latent).entries()) {
      const dimensions = object(`latent[${i}]`, section).dimensions;
      for (const [k, d] of array(`latent[${i}].dimensions`, dimensions).entries()) {
        const path = `latent[${i}].dimensions[${k}]`;
        const dimension = object(path, d, 'a { feature, before, after }');
        object(`${path}.feature`, dimension.feature, 'a { name, unit }');
        histogram(`${path}.before`, dimension.before);
        histogram(`${path}.after`, dimension.after);
      }
    }
  }
  if (top.classifierOutputs !== undefined) {
    const c = object('classifierOutputs', top.classifierOutputs);
    for (const key of ['simulation', 'rawData', 'transformedData']) {
      histogram(`classifierOutputs.${key}`, c[key]);
    }
    object('classifierOutputs.ks', c.ks);
  }
  if (top.losses !== undefined) {
    for (const [i, entry] of array('losses', top.losses).entries()) {
      const curve = object(`losses[${i}]`, entry);
      numbers(`losses[${i}].train`, curve.train, false);
      numbers(`losses[${i}].validation`, curve.validation, false);
    }
  }
  if (top.cutScan !== undefined) {
    const scan = object('cutScan', top.cutScan);
    numbers('cutScan.window', scan.window, false);
    for (const sample of ['raw', 'transformed']) {
      const entry = object(`cutScan.${sample}`, scan[sample]);
      for (const kind of ['fitted', 'truth']) {
        if (entry[kind] === undefined && kind === 'truth') continue;
        const path = `cutScan.${sample}.${kind}`;
        const series = object(path, entry[kind]);
        numbers(`${path}.cuts`, series.cuts, false);
        numbers(`${path}.figureOfMerit`, series.figureOfMerit, true);
        numbers(`${path}.purity`, series.purity, true);
      }
    }
  }
  if (top.massFits !== undefined) {
    for (const [i, entry] of array('massFits', top.massFits).entries()) {
      const fit = object(`massFits[${i}]`, entry, 'a mass fit');
      histogram(`massFits[${i}].histogram`, fit.histogram);
      const curve = object(`massFits[${i}].curve`, fit.curve);
      for (const key of ['total', 'signal', 'background']) {
        numbers(`massFits[${i}].curve.${key}`, curve[key], false);
      }
    }
  }
  if (top.distortion !== undefined) {
    const distortion = object('distortion', top.distortion);
    for (const [i, entry] of array('distortion.cases', distortion.cases).entries()) {
      const c = object(`distortion.cases[${i}]`, entry);
      for (const [k, h] of array(`distortion.cases[${i}].histograms`, c.histograms).entries()) {
        const path = `distortion.cases[${i}].histograms[${k}]`;
        const set = object(path, h);
        for (const key of ['ideal', 'distorted', 'unconditional', 'conditional']) {
          histogram(`${path}.${key}`, set[key]);
        }
      }
      array(`distortion.cases[${i}].ks`, c.ks);
      array(`distortion.cases[${i}].energy`, c.energy);
    }
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
