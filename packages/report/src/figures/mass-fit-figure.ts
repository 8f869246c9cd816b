/**
 * Invariant-mass fits: the binned p π⁻ mass of the events passing a cut (points with √n
 * errors) and the fitted total, signal and background expectations per bin, with the signal
 * window shaded.
 */

import type { MassFitPanel } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { formatNumber, perBinLabel } from '../svg/format.js';
import { binWidth, errorPoints, legend, linePath, verticalBand } from '../svg/marks.js';
import { createPanel, drawPanel } from '../svg/panel.js';
import { countDomain } from './ranges.js';

const PANEL_WIDTH = 440;
const PANEL_HEIGHT = 320;

/** One figure with a panel per fit, side by side; `id` must be unique in the report. */
export function massFitFigure(fits: readonly MassFitPanel[], id: string): Figure {
  const parts: string[] = [];
  fits.forEach((fit, index) => {
    const { histogram, curve } = fit;
    const width = binWidth(histogram);
    const centres = histogram.counts.map((_, k) => histogram.low + (k + 0.5) * width);
    const errors = histogram.counts.map((count) => Math.sqrt(count));
    const largest = Math.max(
      ...histogram.counts.map((count, k) => count + errors[k]),
      ...curve.total,
    );
    const panel = createPanel({
      id: `${id}-${index}`,
      box: { x: index * PANEL_WIDTH, y: 0, width: PANEL_WIDTH, height: PANEL_HEIGHT },
      xDomain: [histogram.low, histogram.high],
      yDomain: countDomain(largest, 1.35),
      xLabel: 'invariant mass m(pπ⁻) (GeV)',
      yLabel: perBinLabel(width, 'GeV'),
      title: `${fit.label}, cut ≥ ${formatNumber(fit.cut, 3)} (${fit.status})`,
    });
    parts.push(drawPanel(panel));
    parts.push(verticalBand(panel, fit.window[0], fit.window[1], COLORS.window));
    parts.push(
      linePath(panel, centres, curve.background, { color: COLORS.background, dash: '5 3' }),
    );
    parts.push(linePath(panel, centres, curve.signal, { color: COLORS.signal, dash: '2 2' }));
    parts.push(linePath(panel, centres, curve.total, { color: COLORS.total, width: 1.6 }));
    parts.push(
      errorPoints(panel, centres, histogram.counts, errors, { color: '#000000', radius: 1.6 }),
    );
    parts.push(
      legend(panel, [
        { label: 'data', kind: 'points', style: { color: '#000000' } },
        { label: 'fit: total', kind: 'line', style: { color: COLORS.total } },
        {
          label: 'signal (Crystal Ball)',
          kind: 'line',
          style: { color: COLORS.signal, dash: '2 2' },
        },
        {
          label: `background (${fit.backgroundModel ?? 'quadratic'})`,
          kind: 'line',
          style: { color: COLORS.background, dash: '5 3' },
        },
        { label: 'signal window', kind: 'box', style: { color: '#9ccfa6', fill: COLORS.window } },
      ]),
    );
  });
  const title = 'Invariant-mass fits at the cut maximising the figure of merit';
  return {
    id,
    title,
    caption:
      'Binned extended maximum-likelihood fits over the fit range: points are the events per ' +
      'bin with √n errors; curves the fitted expectation per bin. The shaded band is the window ' +
      'where N_sig and N_tot are counted.',
    svg: svgElement(fits.length * PANEL_WIDTH, PANEL_HEIGHT, title, parts.join('\n')),
  };
}
