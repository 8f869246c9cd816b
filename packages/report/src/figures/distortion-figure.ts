/**
 * Distortion reversal: each variable of the ideal sample, of the distorted sample, and of the
 * distorted sample mapped back by the unconditional and by the conditional flows.
 */

import type { DistortionCase } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { perBinLabel, withUnit } from '../svg/format.js';
import { binWidth, legend, stepHistogram } from '../svg/marks.js';
import { createPanel, drawPanel, gridBoxes } from '../svg/panel.js';
import { countDomain, largestBin } from './ranges.js';

const PANEL_WIDTH = 300;
const PANEL_HEIGHT = 230;
const COLUMNS = 3;

/** One panel per variable for one distortion; `id` must be unique in the report. */
export function distortionFigure(distortion: DistortionCase, id: string): Figure {
  const boxes = gridBoxes(distortion.histograms.length, COLUMNS, PANEL_WIDTH, PANEL_HEIGHT);
  const parts: string[] = [];
  distortion.histograms.forEach((entry, index) => {
    const { variable, ideal, distorted, unconditional, conditional } = entry;
    const all = [ideal, distorted, unconditional, conditional];
    const panel = createPanel({
      id: `${id}-${index}`,
      box: boxes[index],
      xDomain: [ideal.low, ideal.high],
      yDomain: countDomain(largestBin(all, true), 1.75),
      xLabel: withUnit(variable.name, variable.unit),
      yLabel: perBinLabel(binWidth(ideal), variable.unit, true),
      title: variable.name,
    });
    parts.push(drawPanel(panel));
    parts.push(
      stepHistogram(panel, ideal, { color: COLORS.ideal, fill: '#00000014', width: 1.2 }, true),
    );
    parts.push(stepHistogram(panel, distorted, { color: COLORS.distorted, width: 1.2 }, true));
    parts.push(
      stepHistogram(panel, unconditional, { color: COLORS.unconditional, dash: '5 3' }, true),
    );
    parts.push(
      stepHistogram(
        panel,
        conditional,
        { color: COLORS.conditional, dash: '2 2', width: 1.8 },
        true,
      ),
    );
    if (index === 0) {
      parts.push(
        legend(panel, [
          { label: 'ideal', kind: 'box', style: { color: COLORS.ideal, fill: '#00000014' } },
          { label: 'distorted', kind: 'line', style: { color: COLORS.distorted } },
          {
            label: 'unconditional flows',
            kind: 'line',
            style: { color: COLORS.unconditional, dash: '5 3' },
          },
          {
            label: 'conditional flows',
            kind: 'line',
            style: { color: COLORS.conditional, dash: '2 2' },
          },
        ]),
      );
    }
  });
  const rows = Math.ceil(distortion.histograms.length / COLUMNS);
  const title = `Distortion reversal: ${distortion.name}`;
  return {
    id,
    title,
    caption:
      `${distortion.description} Each sample is normalised to unit area. Unconditional: the ` +
      'distorted events through the distorted-flow and back through the ideal-flow (all ' +
      'variables). Conditional: only the distorted variable, mapped given the others.',
    svg: svgElement(
      Math.min(distortion.histograms.length, COLUMNS) * PANEL_WIDTH,
      rows * PANEL_HEIGHT,
      title,
      parts.join('\n'),
    ),
  };
}
