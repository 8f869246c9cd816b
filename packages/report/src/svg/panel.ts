/**
 * A panel: one plotting frame inside a figure, with its scales, axes, tick labels, axis titles
 * (units included) and a clip region so that marks never spill over the axes.
 */

import { escapeXml, formatDecade, formatTick } from './format.js';
import { linearScale, logScale, type Scale, tickStep } from './scale.js';

/** A rectangle in figure pixels. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Room around the plotting area for ticks, tick labels, axis titles and the panel title. */
export const PANEL_MARGIN = { left: 62, right: 12, top: 26, bottom: 44 } as const;

export interface PanelOptions {
  /** Unique within the document: it names the clip region. */
  id: string;
  /** Outer box of the panel, margins included. */
  box: Box;
  xDomain: readonly [number, number];
  yDomain: readonly [number, number];
  yLog?: boolean;
  /** Axis titles, with units. */
  xLabel: string;
  yLabel: string;
  title?: string;
  /** Only whole numbers as horizontal ticks (epochs). */
  xIntegers?: boolean;
}

/** The plotting area and the scales of a panel. */
export interface Panel {
  id: string;
  /** Plotting area (inside the axes). */
  area: Box;
  x: Scale;
  y: Scale;
  options: PanelOptions;
}

/** Lays out the plotting area of a panel and builds its scales (y grows upwards). */
export function createPanel(options: PanelOptions): Panel {
  const { box } = options;
  const area: Box = {
    x: box.x + PANEL_MARGIN.left,
    y: box.y + PANEL_MARGIN.top,
    width: box.width - PANEL_MARGIN.left - PANEL_MARGIN.right,
    height: box.height - PANEL_MARGIN.top - PANEL_MARGIN.bottom,
  };
  if (!(area.width > 0 && area.height > 0)) {
    throw new RangeError(
      `panel ${options.id} box ${box.width}×${box.height} px leaves no room inside the margins`,
    );
  }
  const x = linearScale(options.xDomain, [area.x, area.x + area.width]);
  const yRange: [number, number] = [area.y + area.height, area.y];
  const y = options.yLog ? logScale(options.yDomain, yRange) : linearScale(options.yDomain, yRange);
  return { id: options.id, area, x, y, options };
}

/** The clip region's id, for `clip-path="url(#…)"` on the panel's marks. */
export function clipId(panel: Panel): string {
  return `clip-${panel.id}`;
}

/** Background, grid, frame, ticks, tick labels, axis titles and title of a panel. */
export function drawPanel(panel: Panel): string {
  const { area, x, y, options } = panel;
  const parts: string[] = [];
  const bottom = area.y + area.height;
  const right = area.x + area.width;
  parts.push(
    `<clipPath id="${clipId(panel)}"><rect x="${f(area.x)}" y="${f(area.y)}" ` +
      `width="${f(area.width)}" height="${f(area.height)}"/></clipPath>`,
  );
  parts.push(
    `<rect class="plot-area" x="${f(area.x)}" y="${f(area.y)}" width="${f(area.width)}" ` +
      `height="${f(area.height)}" fill="#ffffff"/>`,
  );

  const xTicks = x
    .ticks(Math.max(3, Math.round(area.width / 55)))
    .filter((value) => !options.xIntegers || Number.isInteger(value));
  const yTicks = y.ticks(Math.max(3, Math.round(area.height / 40)));
  const xStep = xTicks.length > 1 ? xTicks[1] - xTicks[0] : tickStep(...x.domain);
  const yStep = yTicks.length > 1 ? yTicks[1] - yTicks[0] : tickStep(...y.domain);
  const grid: string[] = [];
  const ticks: string[] = [];
  const labels: string[] = [];
  for (const value of xTicks) {
    const px = x.map(value);
    grid.push(`M${f(px)} ${f(area.y)}V${f(bottom)}`);
    ticks.push(`M${f(px)} ${f(bottom)}v5`);
    labels.push(
      `<text x="${f(px)}" y="${f(bottom + 16)}" text-anchor="middle">${formatTick(value, xStep)}</text>`,
    );
  }
  for (const value of yTicks) {
    const py = y.map(value);
    grid.push(`M${f(area.x)} ${f(py)}H${f(right)}`);
    ticks.push(`M${f(area.x)} ${f(py)}h-5`);
    const text = y.kind === 'log' ? formatDecade(value) : formatTick(value, yStep);
    labels.push(`<text x="${f(area.x - 7)}" y="${f(py + 3.5)}" text-anchor="end">${text}</text>`);
  }
  parts.push(`<path class="grid" d="${grid.join('')}" stroke="#e6e6e6" stroke-width="1"/>`);
  parts.push(
    `<rect x="${f(area.x)}" y="${f(area.y)}" width="${f(area.width)}" height="${f(area.height)}" ` +
      `fill="none" stroke="#333333" stroke-width="1"/>`,
  );
  parts.push(`<path class="ticks" d="${ticks.join('')}" stroke="#333333" stroke-width="1"/>`);
  parts.push(`<g class="tick-labels" font-size="10" fill="#333333">${labels.join('')}</g>`);
  parts.push(
    `<text class="x-label" x="${f(area.x + area.width / 2)}" y="${f(bottom + 34)}" ` +
      `text-anchor="middle" font-size="11">${escapeXml(options.xLabel)}</text>`,
  );
  const yLabelX = options.box.x + 13;
  const yLabelY = area.y + area.height / 2;
  parts.push(
    `<text class="y-label" x="${f(yLabelX)}" y="${f(yLabelY)}" text-anchor="middle" ` +
      `font-size="11" transform="rotate(-90 ${f(yLabelX)} ${f(yLabelY)})">` +
      `${escapeXml(options.yLabel)}</text>`,
  );
  if (options.title) {
    parts.push(
      `<text class="panel-title" x="${f(area.x + area.width / 2)}" y="${f(area.y - 9)}" ` +
        `text-anchor="middle" font-size="12" font-weight="600">${escapeXml(options.title)}</text>`,
    );
  }
  return parts.join('\n');
}

/** Outer boxes of `count` panels laid out in a grid of `columns`, row by row. */
export function gridBoxes(
  count: number,
  columns: number,
  panelWidth: number,
  panelHeight: number,
  top = 0,
): Box[] {
  return Array.from({ length: count }, (_, index) => ({
    x: (index % columns) * panelWidth,
    y: top + Math.floor(index / columns) * panelHeight,
    width: panelWidth,
    height: panelHeight,
  }));
}

/** A pixel coordinate with two decimals at most. */
export function f(value: number): string {
  return (Math.round(value * 100) / 100).toString();
}
