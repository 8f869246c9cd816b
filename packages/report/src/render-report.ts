/**
 * The report: one self-contained HTML file (inline CSS and SVG, no scripts, no external assets)
 * with the run's key figures and every figure its data allow, in the order of the study:
 * normalisation (Fig. 2), classifier outputs and figure of merit (Fig. 3), mass fits, losses,
 * distortion reversal.
 */

import { classifierOutputFigure } from './figures/classifier-output-figure.js';
import { cutScanFigure } from './figures/cut-scan-figure.js';
import { distortionFigure } from './figures/distortion-figure.js';
import { latentFigure } from './figures/latent-figure.js';
import { lossFigure } from './figures/loss-figure.js';
import { massFitFigure } from './figures/mass-fit-figure.js';
import type { ReportData } from './report-data.js';
import type { Figure } from './svg/figure.js';
import { escapeXml } from './svg/format.js';
import { distortionTable, massFitTable, summaryTable } from './tables.js';

/** A report section: a heading, figures, and HTML (tables, text) after them. */
interface Section {
  id: string;
  heading: string;
  intro?: string;
  figures: Figure[];
  after?: string;
}

/** Every figure the data allow, in report order (one `<svg>` each). */
export function reportFigures(data: ReportData): Figure[] {
  return sections(data).flatMap((section) => section.figures);
}

/** The whole report as one HTML document. */
export function renderReport(data: ReportData): string {
  const parts: string[] = [];
  parts.push(`<h1>${escapeXml(data.title)}</h1>`);
  if (data.createdAt) parts.push(`<p class="meta">Produced ${escapeXml(data.createdAt)}</p>`);
  for (const note of data.notes ?? []) parts.push(`<p class="note">${escapeXml(note)}</p>`);
  if (data.summary && data.summary.length > 0) {
    parts.push(`<section id="summary"><h2>Key figures</h2>${summaryTable(data.summary)}</section>`);
  }
  for (const section of sections(data)) {
    const figures = section.figures.map(
      (figure) =>
        `<figure id="${escapeXml(figure.id)}"><div class="plot">${figure.svg}</div>` +
        `<figcaption><strong>${escapeXml(figure.title)}.</strong> ${escapeXml(figure.caption)}` +
        '</figcaption></figure>',
    );
    parts.push(
      `<section id="${section.id}"><h2>${escapeXml(section.heading)}</h2>` +
        (section.intro ? `<p>${escapeXml(section.intro)}</p>` : '') +
        figures.join('\n') +
        (section.after ?? '') +
        '</section>',
    );
  }
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n' +
    `<title>${escapeXml(data.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n` +
    `${parts.join('\n')}\n</body>\n</html>\n`
  );
}

function sections(data: ReportData): Section[] {
  const out: Section[] = [];
  if (data.latent && data.latent.length > 0) {
    out.push({
      id: 'normalisation',
      heading: 'Normalisation by the flows (as Fig. 2 of Kelleher & Vossen, arXiv:2403.14804)',
      figures: data.latent.map((section, i) => latentFigure(section, `latent-${i}`)),
    });
  }
  const classification: Figure[] = [];
  if (data.classifierOutputs) {
    classification.push(classifierOutputFigure(data.classifierOutputs, 'classifier-output'));
  }
  if (data.cutScan) classification.push(cutScanFigure(data.cutScan, 'cut-scan'));
  if (classification.length > 0) {
    out.push({
      id: 'classification',
      heading: 'Classification (as Fig. 3 of Kelleher & Vossen, arXiv:2403.14804)',
      figures: classification,
    });
  }
  if (data.massFits && data.massFits.length > 0) {
    out.push({
      id: 'mass-fits',
      heading: 'Invariant-mass fits',
      figures: [massFitFigure(data.massFits, 'mass-fits')],
      after: massFitTable(data.massFits),
    });
  }
  if (data.losses && data.losses.length > 0) {
    out.push({
      id: 'training',
      heading: 'Training',
      figures: [lossFigure(data.losses, 'losses')],
    });
  }
  if (data.distortion && data.distortion.cases.length > 0) {
    const { distortion } = data;
    out.push({
      id: 'distortion',
      heading: `Distortion reversal (${distortion.distortedVariable})`,
      intro: distortion.conclusion,
      figures: distortion.cases.map((c, i) => distortionFigure(c, `distortion-${i}`)),
      after: distortion.cases
        .map(
          (c) =>
            `<h3>${escapeXml(c.name)}: distances to the ideal sample (smaller is better; ` +
            `closer method: ${escapeXml(c.better)})</h3>${distortionTable(c)}`,
        )
        .join('\n'),
    });
  }
  return out;
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; color: #1d1d1d; margin: 24px auto; max-width: 1040px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 19px; margin-top: 36px; border-bottom: 1px solid #ccc; padding-bottom: 4px; }
h3 { font-size: 15px; margin-top: 22px; }
p.meta { color: #666; margin-top: 0; font-size: 13px; }
p.note { font-size: 14px; }
figure { margin: 18px 0 26px; }
figure .plot { overflow-x: auto; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: #333; margin-top: 6px; }
div.table { overflow-x: auto; }
table { border-collapse: collapse; font-size: 13px; margin: 10px 0; }
th, td { border: 1px solid #d4d4d4; padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: #f3f3f3; }
table.summary th { background: #f8f8f8; font-weight: 600; }
table.numbers { font-size: 12px; }
table.numbers th, table.numbers td { padding: 3px 5px; }
table.numbers td { font-variant-numeric: tabular-nums; white-space: nowrap; }
ul.fit-messages { font-size: 12px; color: #555; }
`;
