/**
 * Fig. 2 of the study: each feature of one domain before the flow (in its unit) next to the
 * flow's latent coordinate after it, with the N(0, 1) density the latent should follow.
 */

import type { LatentSection } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { perBinLabel, withUnit } from '../svg/format.js';
import { binWidth, legend, linePath, stepHistogram } from '../svg/marks.js';
import { createPanel, drawPanel, gridBoxes } from '../svg/panel.js';
import { countDomain, largestBin } from './ranges.js';

const PANEL_WIDTH = 250;
const PANEL_HEIGHT = 190;
const COLUMNS = 4;

/** The before/after figure of one domain; `id` must be unique in the report. */
export function latentFigure(section: LatentSection, id: string): Figure {
  const count = section.dimensions.length * 2;
  const boxes = gridBoxes(count, COLUMNS, PANEL_WIDTH, PANEL_HEIGHT);
  const color = section.domain === 'simulation' ? COLORS.simulation : COLORS.rawData;
  const parts: string[] = [];

  section.dimensions.forEach((dimension, index) => {
    const { feature, before, after } = dimension;
    const beforePanel = createPanel({
      id: `${id}-${index}-before`,
      box: boxes[2 * index],
      xDomain: [before.low, before.high],
      yDomain: countDomain(largestBin([before])),
      xLabel: withUnit(feature.name, feature.unit),
      yLabel: perBinLabel(binWidth(before), feature.unit),
      title: `${feature.name}: before`,
    });
    parts.push(drawPanel(beforePanel));
    parts.push(stepHistogram(beforePanel, before, { color, fill: fillOf(color) }));

    // The N(0, 1) expectation in events per bin: N · w · φ(z).
    const total = after.counts.reduce((sum, value) => sum + value, 0);
    const width = binWidth(after);
    const xs = Array.from(
      { length: 121 },
      (_, k) => after.low + ((after.high - after.low) * k) / 120,
    );
    const expected = xs.map(
      (z) => (total * width * Math.exp(-0.5 * z * z)) / Math.sqrt(2 * Math.PI),
    );
    const afterPanel = createPanel({
      id: `${id}-${index}-after`,
      box: boxes[2 * index + 1],
      xDomain: [after.low, after.high],
      yDomain: countDomain(Math.max(largestBin([after]), ...expected)),
      xLabel: `latent z${index + 1} (dimensionless)`,
      yLabel: perBinLabel(width, ''),
      title: `z${index + 1}: after the ${section.flow}`,
    });
    parts.push(drawPanel(afterPanel));
    parts.push(stepHistogram(afterPanel, after, { color, fill: fillOf(color) }));
    parts.push(linePath(afterPanel, xs, expected, { color: COLORS.reference, dash: '4 3' }));
    if (index === 0) {
      parts.push(
        legend(afterPanel, [
          { label: section.domain, kind: 'line', style: { color } },
          { label: 'N(0, 1)', kind: 'line', style: { color: COLORS.reference, dash: '4 3' } },
        ]),
      );
    }
  });

  const rows = Math.ceil(count / COLUMNS);
  const title = `${capitalise(section.domain)}: features before and latent after the ${section.flow}`;
  return {
    id,
    title,
    caption:
      `Each feature of the ${section.domain} test split in its unit (left of each pair) and the ` +
      `matching latent dimension of the ${section.flow} (right), with the standard normal the ` +
      'latent should follow (dashed).',
    svg: svgElement(COLUMNS * PANEL_WIDTH, rows * PANEL_HEIGHT, title, parts.join('\n')),
  };
}

function fillOf(color: string): string {
  return `${color}22`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
