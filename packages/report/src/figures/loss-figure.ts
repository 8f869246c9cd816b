/**
 * Training and validation loss per epoch of each trained model, with the epoch whose weights
 * were kept marked.
 */

import type { LossCurve } from '../report-data.js';
import { COLORS, type Figure, svgElement } from '../svg/figure.js';
import { withUnit } from '../svg/format.js';
import { errorPoints, legend, linePath, verticalLine } from '../svg/marks.js';
import { createPanel, drawPanel, gridBoxes } from '../svg/panel.js';
import { valueDomain } from './ranges.js';

const PANEL_WIDTH = 330;
const PANEL_HEIGHT = 250;
const COLUMNS = 3;

/** One panel per loss curve; `id` must be unique in the report. */
export function lossFigure(curves: readonly LossCurve[], id: string): Figure {
  const boxes = gridBoxes(curves.length, COLUMNS, PANEL_WIDTH, PANEL_HEIGHT);
  const parts: string[] = [];
  curves.forEach((curve, index) => {
    const epochs = Math.max(curve.train.length, curve.validation.length);
    const xs = (values: readonly number[]) => values.map((_, k) => k + 1);
    const panel = createPanel({
      id: `${id}-${index}`,
      box: boxes[index],
      xDomain: [epochs > 1 ? 1 : 0.5, epochs > 1 ? epochs : 1.5],
      yDomain: valueDomain([curve.train, curve.validation], 0.1),
      xLabel: 'epoch (passes over the training split)',
      yLabel: withUnit(curve.quantity, curve.unit),
      title: curve.name,
      xIntegers: true,
    });
    parts.push(drawPanel(panel));
    if (curve.bestEpoch !== undefined) {
      parts.push(verticalLine(panel, curve.bestEpoch, { color: '#999999', dash: '2 3', width: 1 }));
    }
    parts.push(linePath(panel, xs(curve.train), curve.train, { color: COLORS.train }));
    parts.push(
      errorPoints(panel, xs(curve.train), curve.train, undefined, {
        color: COLORS.train,
        radius: 1.8,
      }),
    );
    parts.push(
      linePath(panel, xs(curve.validation), curve.validation, {
        color: COLORS.validation,
        dash: '5 3',
      }),
    );
    parts.push(
      errorPoints(panel, xs(curve.validation), curve.validation, undefined, {
        color: COLORS.validation,
        radius: 1.8,
      }),
    );
    parts.push(
      legend(panel, [
        { label: 'training', kind: 'line', style: { color: COLORS.train } },
        { label: 'validation', kind: 'line', style: { color: COLORS.validation, dash: '5 3' } },
        ...(curve.bestEpoch !== undefined
          ? [
              {
                label: 'kept epoch',
                kind: 'line' as const,
                style: { color: '#999999', dash: '2 3' },
              },
            ]
          : []),
      ]),
    );
  });
  const rows = Math.ceil(curves.length / COLUMNS);
  const title = 'Training and validation loss';
  return {
    id,
    title,
    caption:
      'Mean loss per event over each epoch (training) and over the validation split after it. ' +
      'The weights of the epoch with the lowest validation loss are kept.',
    svg: svgElement(
      Math.min(curves.length, COLUMNS) * PANEL_WIDTH,
      rows * PANEL_HEIGHT,
      title,
      parts.join('\n'),
    ),
  };
}
