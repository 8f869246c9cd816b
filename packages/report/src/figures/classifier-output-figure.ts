/**
 * Fig. 3 (left) of the study: the classifier's output for simulation, raw data and data mapped
 * through the two flows, each normalised to unit area, on a logarithmic axis.
 */

import type { ClassifierOutputSection } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { formatNumber, perBinLabel } from '../svg/format.js';
import { binWidth, legend, stepHistogram } from '../svg/marks.js';
import { createPanel, drawPanel } from '../svg/panel.js';
import { largestBin, logDomain, smallestBin } from './ranges.js';

/** The classifier-output figure; `id` must be unique in the report. */
export function classifierOutputFigure(section: ClassifierOutputSection, id: string): Figure {
  const { simulation, rawData, transformedData, ks } = section;
  const histograms = [simulation, rawData, transformedData];
  const panel = createPanel({
    id: `${id}-0`,
    box: { x: 0, y: 0, width: 560, height: 340 },
    xDomain: [simulation.low, simulation.high],
    yDomain: logDomain(smallestBin(histograms, true), largestBin(histograms, true)),
    yLog: true,
    xLabel: 'classifier output (signal probability, dimensionless)',
    yLabel: perBinLabel(binWidth(simulation), '', true),
  });
  const parts = [
    drawPanel(panel),
    stepHistogram(
      panel,
      simulation,
      { color: COLORS.simulation, fill: `${COLORS.simulation}22` },
      true,
    ),
    stepHistogram(panel, rawData, { color: COLORS.rawData }, true),
    stepHistogram(panel, transformedData, { color: COLORS.transformedData, dash: '5 3' }, true),
    legend(
      panel,
      [
        { label: 'simulation (test split)', kind: 'line', style: { color: COLORS.simulation } },
        {
          label: `raw data (KS ${formatNumber(ks.rawData, 3)})`,
          kind: 'line',
          style: { color: COLORS.rawData },
        },
        {
          label: `transformed data (KS ${formatNumber(ks.transformedData, 3)})`,
          kind: 'line',
          style: { color: COLORS.transformedData, dash: '5 3' },
        },
      ],
      'top-left',
    ),
  ];
  const title = 'Classifier output: simulation, raw data and transformed data';
  return {
    id,
    title,
    caption:
      'Output of the classifier trained on labelled simulation, for simulation, for data as ' +
      'measured and for data mapped data-flow → latent → sim-flow⁻¹. KS: Kolmogorov–Smirnov ' +
      'distance to the simulation outputs (0 = identical).',
    svg: svgElement(560, 340, title, parts.join('\n')),
  };
}
