/**
 * Fig. 3 (right) of the study: figure of merit N_sig/√N_tot and purity N_sig/N_tot versus the
 * classifier cut, from mass fits (points with errors) and from the truth labels (lines), for raw
 * and transformed data.
 */

import type { CutScanSection, CutSeries } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { formatNumber } from '../svg/format.js';
import { errorPoints, type LegendEntry, legend, linePath } from '../svg/marks.js';
import { createPanel, drawPanel } from '../svg/panel.js';
import { valueDomain } from './ranges.js';

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 320;

type Quantity = 'figureOfMerit' | 'purity';

/** The figure-of-merit and purity figure; `id` must be unique in the report. */
export function cutScanFigure(section: CutScanSection, id: string): Figure {
  const parts: string[] = [];
  const quantities: { key: Quantity; label: string; title: string }[] = [
    {
      key: 'figureOfMerit',
      label: 'figure of merit N_sig / √N_tot (√events)',
      title: 'Figure of merit',
    },
    { key: 'purity', label: 'purity N_sig / N_tot (fraction)', title: 'Purity' },
  ];
  const allCuts = [...section.raw.fitted.cuts, ...section.transformed.fitted.cuts];
  const cutDomain = valueDomain([allCuts], 0.04);

  quantities.forEach((quantity, index) => {
    const series = seriesOf(section, quantity.key);
    const panel = createPanel({
      id: `${id}-${index}`,
      box: { x: index * PANEL_WIDTH, y: 0, width: PANEL_WIDTH, height: PANEL_HEIGHT },
      xDomain: cutDomain,
      yDomain: valueDomain(
        series.flatMap((s) => withErrors(s.values, s.errors)),
        0.12,
        quantity.key === 'figureOfMerit',
      ),
      xLabel: 'classifier cut (output ≥ cut, dimensionless)',
      yLabel: quantity.label,
      title: `${quantity.title} versus cut (window ${formatNumber(section.window[0], 4)}–${formatNumber(section.window[1], 4)} GeV)`,
    });
    parts.push(drawPanel(panel));
    const entries: LegendEntry[] = [];
    for (const s of series) {
      if (s.truth) {
        parts.push(linePath(panel, s.cuts, s.values, { color: s.color, dash: '5 3', width: 1.3 }));
        entries.push({ label: s.label, kind: 'line', style: { color: s.color, dash: '5 3' } });
      } else {
        parts.push(linePath(panel, s.cuts, s.values, { color: s.color, width: 0.8 }));
        parts.push(errorPoints(panel, s.cuts, s.values, s.errors, { color: s.color }));
        entries.push({ label: s.label, kind: 'points', style: { color: s.color } });
      }
    }
    parts.push(legend(panel, entries, 'bottom-left'));
  });

  const title = 'Figure of merit and purity versus the classifier cut';
  return {
    id,
    title,
    caption:
      'N_sig from the binned maximum-likelihood mass fit (double-sided Crystal Ball + quadratic) ' +
      'of the events passing each cut, counted in the fixed signal window; N_tot counts the ' +
      'events in the window. Points: fitted, with their uncertainty; dashed: from the truth ' +
      'labels of the toy.',
    svg: svgElement(2 * PANEL_WIDTH, PANEL_HEIGHT, title, parts.join('\n')),
  };
}

interface PlottedSeries {
  label: string;
  color: string;
  truth: boolean;
  cuts: number[];
  values: (number | null)[];
  errors?: (number | null)[];
}

function seriesOf(section: CutScanSection, key: Quantity): PlottedSeries[] {
  const errorKey = key === 'figureOfMerit' ? 'figureOfMeritError' : 'purityError';
  const pick = (label: string, color: string, series: CutSeries, truth: boolean) => ({
    label,
    color,
    truth,
    cuts: series.cuts,
    values: series[key],
    errors: truth ? undefined : series[errorKey],
  });
  const out: PlottedSeries[] = [
    pick('raw data, fit', COLORS.rawData, section.raw.fitted, false),
    pick('transformed data, fit', COLORS.transformedData, section.transformed.fitted, false),
  ];
  if (section.raw.truth) out.push(pick('raw data, truth', COLORS.rawData, section.raw.truth, true));
  if (section.transformed.truth) {
    out.push(pick('transformed, truth', COLORS.transformedData, section.transformed.truth, true));
  }
  return out;
}

/** The values and value ± error, so the vertical range holds the error bars. */
function withErrors(
  values: readonly (number | null)[],
  errors?: readonly (number | null)[],
): (number | null)[][] {
  if (!errors) return [values.slice()];
  const shifted = (sign: number) =>
    values.map((value, i) => {
      const error = errors[i];
      return value === null || error === null || !Number.isFinite(error)
        ? value
        : value + sign * error;
    });
  return [values.slice(), shifted(1), shifted(-1)];
}
