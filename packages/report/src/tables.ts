/**
 * The report's HTML tables: key figures, the mass fits, and the distortion-reversal distances.
 */

import type { DistortionCase, MassFitPanel, SummaryRow } from './report-data.js';
import { escapeXml, formatMeasurement, formatNumber } from './svg/format.js';

/** Two columns: what, value. */
export function summaryTable(rows: readonly SummaryRow[]): string {
  const body = rows
    .map(
      (row) =>
        `<tr><th scope="row">${escapeXml(row.label)}</th><td>${escapeXml(row.value)}</td></tr>`,
    )
    .join('');
  return `<table class="summary"><tbody>${body}</tbody></table>`;
}

/** One row per mass fit: yields, purity and figure of merit with errors, and the fit's status. */
export function massFitTable(fits: readonly MassFitPanel[]): string {
  const head =
    '<tr><th>sample</th><th>cut</th><th>status</th><th>background</th><th>N_sig (window)</th><th>N_tot</th>' +
    '<th>purity (fit)</th><th>purity (truth)</th><th>N_sig/√N_tot (√events)</th>' +
    '<th>μ (MeV)</th><th>σ (MeV)</th><th>χ²/ndf</th></tr>';
  const rows = fits.map((fit) => {
    const truth = fit.truePurity === undefined ? 'n/a' : formatNumber(fit.truePurity, 4);
    const cells = [
      escapeXml(fit.label),
      formatNumber(fit.cut, 3),
      `<span title="${escapeXml(fit.message)}">${escapeXml(fit.status)}</span>`,
      escapeXml(fit.backgroundModel ?? 'quadratic'),
      formatMeasurement(fit.signal.value, fit.signal.error),
      String(fit.total),
      formatMeasurement(fit.purity.value, fit.purity.error),
      truth,
      formatMeasurement(fit.figureOfMerit.value, fit.figureOfMerit.error),
      formatMeasurement(fit.mean.value * 1000, fit.mean.error * 1000),
      formatMeasurement(fit.sigma.value * 1000, fit.sigma.error * 1000),
      `${formatNumber(fit.chiSquare, 4)} / ${fit.ndf}`,
    ];
    return `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`;
  });
  const messages = fits
    .map((fit) => `<li>${escapeXml(fit.label)}: ${escapeXml(fit.message)}</li>`)
    .join('');
  return `<div class="table"><table class="numbers"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div><ul class="fit-messages">${messages}</ul>`;
}

/** KS distances per variable, energy distances and the correlation change, best value in bold. */
export function distortionTable(distortion: DistortionCase): string {
  const head =
    '<tr><th>measure</th><th>distorted (no correction)</th><th>unconditional flows</th>' +
    '<th>conditional flows</th></tr>';
  const row = (label: string, values: [number, number, number]) => {
    const best = Math.min(...values);
    const cells = values.map((value) => {
      const text = formatNumber(value, 3);
      return `<td>${value === best ? `<strong>${text}</strong>` : text}</td>`;
    });
    return `<tr><th scope="row">${escapeXml(label)}</th>${cells.join('')}</tr>`;
  };
  const rows = [
    ...distortion.ks.map((entry) =>
      row(`KS distance, ${entry.variable}`, [
        entry.distorted,
        entry.unconditional,
        entry.conditional,
      ]),
    ),
    ...distortion.energy.map((entry) =>
      row(`energy distance, ${entry.variables} (standardised)`, [
        entry.distorted,
        entry.unconditional,
        entry.conditional,
      ]),
    ),
    row('largest |Δ correlation| to ideal', [
      distortion.correlation.distorted,
      distortion.correlation.unconditional,
      distortion.correlation.conditional,
    ]),
  ];
  return `<div class="table"><table class="numbers"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table></div>`;
}
