/**
 * What is drawn inside a panel: histograms as step lines, curves, points with error bars, shaded
 * bands and a legend. Every mark is clipped to the panel's plotting area.
 */

import type { HistogramData } from '../report-data.js';
import { escapeXml } from './format.js';
import { clipId, f, type Panel } from './panel.js';

/** How a mark looks. */
export interface MarkStyle {
  color: string;
  /** Stroke width, px. Defaults to 1.5. */
  width?: number;
  /** SVG dash pattern, e.g. '5 3'. */
  dash?: string;
  /** Fill under a histogram, e.g. 'rgba(31,119,180,0.15)'. */
  fill?: string;
}

/** Bin width of an equal-width histogram. */
export function binWidth(histogram: HistogramData): number {
  return (histogram.high - histogram.low) / Math.max(1, histogram.counts.length);
}

/** Per-bin heights: counts, or counts / total when `normalised` (each bin's fraction of events). */
export function binHeights(histogram: HistogramData, normalised = false): number[] {
  if (!normalised) return histogram.counts.slice();
  const total = histogram.counts.reduce((sum, count) => sum + count, 0);
  return histogram.counts.map((count) => (total > 0 ? count / total : 0));
}

/**
 * A histogram as a step line (and an optional fill down to the axis). On a logarithmic axis an
 * empty bin drops to the bottom of the panel.
 */
export function stepHistogram(
  panel: Panel,
  histogram: HistogramData,
  style: MarkStyle,
  normalised = false,
): string {
  const heights = binHeights(histogram, normalised);
  const width = binWidth(histogram);
  const floor = panel.y.domain[0];
  const yOf = (value: number) =>
    panel.y.map(panel.y.kind === 'log' ? Math.max(value, floor) : value);
  const base = panel.y.map(floor);
  let d = `M${f(panel.x.map(histogram.low))} ${f(base)}`;
  heights.forEach((height, index) => {
    const left = panel.x.map(histogram.low + index * width);
    const right = panel.x.map(histogram.low + (index + 1) * width);
    const y = yOf(height);
    d += `L${f(left)} ${f(y)}L${f(right)} ${f(y)}`;
  });
  d += `L${f(panel.x.map(histogram.high))} ${f(base)}`;
  const fill = style.fill ? `<path d="${d}Z" fill="${style.fill}" stroke="none"/>` : '';
  return `<g clip-path="url(#${clipId(panel)})">${fill}<path class="histogram" d="${d}" ${stroke(style)} fill="none"/></g>`;
}

/** A polyline through (x, y); a null or non-finite y breaks the line. */
export function linePath(
  panel: Panel,
  xs: readonly number[],
  ys: readonly (number | null)[],
  style: MarkStyle,
): string {
  let d = '';
  let drawing = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    const valid =
      y !== null &&
      Number.isFinite(y) &&
      Number.isFinite(xs[i]) &&
      (panel.y.kind !== 'log' || y > 0);
    if (!valid) {
      drawing = false;
      continue;
    }
    d += `${drawing ? 'L' : 'M'}${f(panel.x.map(xs[i]))} ${f(panel.y.map(y as number))}`;
    drawing = true;
  }
  if (!d) return '';
  return `<g clip-path="url(#${clipId(panel)})"><path class="curve" d="${d}" ${stroke(style)} fill="none" stroke-linejoin="round"/></g>`;
}

/** Points with vertical error bars ±error; null or non-finite points are left out. */
export function errorPoints(
  panel: Panel,
  xs: readonly number[],
  ys: readonly (number | null)[],
  errors: readonly (number | null)[] | undefined,
  style: MarkStyle & { radius?: number },
): string {
  const radius = style.radius ?? 2.2;
  let bars = '';
  let dots = '';
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || !Number.isFinite(y) || !Number.isFinite(xs[i])) continue;
    const px = panel.x.map(xs[i]);
    const py = panel.y.map(y);
    const error = errors?.[i];
    if (error !== null && error !== undefined && Number.isFinite(error) && error > 0) {
      bars += `M${f(px)} ${f(panel.y.map(y - error))}V${f(panel.y.map(y + error))}`;
    }
    dots += `<circle cx="${f(px)}" cy="${f(py)}" r="${radius}"/>`;
  }
  if (!dots) return '';
  const barPath = bars
    ? `<path class="error-bars" d="${bars}" stroke="${style.color}" stroke-width="1"/>`
    : '';
  return `<g clip-path="url(#${clipId(panel)})">${barPath}<g class="points" fill="${style.color}">${dots}</g></g>`;
}

/** A vertical band between x = low and x = high (a signal window, a cut). */
export function verticalBand(panel: Panel, low: number, high: number, fill: string): string {
  const left = panel.x.map(low);
  const right = panel.x.map(high);
  return (
    `<g clip-path="url(#${clipId(panel)})"><rect class="band" x="${f(Math.min(left, right))}" ` +
    `y="${f(panel.area.y)}" width="${f(Math.abs(right - left))}" height="${f(panel.area.height)}" ` +
    `fill="${fill}"/></g>`
  );
}

/** A vertical line at x (a chosen cut). */
export function verticalLine(panel: Panel, x: number, style: MarkStyle): string {
  const px = panel.x.map(x);
  return `<g clip-path="url(#${clipId(panel)})"><path d="M${f(px)} ${f(panel.area.y)}V${f(panel.area.y + panel.area.height)}" ${stroke(style)}/></g>`;
}

/** One legend entry. */
export interface LegendEntry {
  label: string;
  kind: 'line' | 'points' | 'box';
  style: MarkStyle;
}

/** A legend in a corner of the plotting area, on a white box. */
export function legend(
  panel: Panel,
  entries: readonly LegendEntry[],
  corner: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left' = 'top-right',
): string {
  if (entries.length === 0) return '';
  const lineHeight = 14;
  const longest = Math.max(...entries.map((entry) => entry.label.length));
  const width = 30 + longest * 5.6;
  const height = entries.length * lineHeight + 6;
  const { area } = panel;
  const x = corner.endsWith('right') ? area.x + area.width - width - 4 : area.x + 4;
  const y = corner.startsWith('top') ? area.y + 4 : area.y + area.height - height - 4;
  const rows = entries.map((entry, index) => {
    const cy = y + 3 + lineHeight * index + lineHeight / 2;
    const { style } = entry;
    let sample: string;
    if (entry.kind === 'points') {
      sample =
        `<path d="M${f(x + 13)} ${f(cy - 4)}V${f(cy + 4)}" stroke="${style.color}"/>` +
        `<circle cx="${f(x + 13)}" cy="${f(cy)}" r="2.4" fill="${style.color}"/>`;
    } else if (entry.kind === 'box') {
      sample = `<rect x="${f(x + 6)}" y="${f(cy - 4)}" width="14" height="8" fill="${style.fill ?? style.color}" stroke="${style.color}" stroke-width="0.8"/>`;
    } else {
      sample = `<path d="M${f(x + 4)} ${f(cy)}H${f(x + 22)}" ${stroke(style)}/>`;
    }
    return `${sample}<text x="${f(x + 27)}" y="${f(cy + 3.5)}" font-size="10">${escapeXml(entry.label)}</text>`;
  });
  return (
    `<g class="legend"><rect x="${f(x)}" y="${f(y)}" width="${f(width)}" height="${f(height)}" ` +
    `fill="#ffffff" fill-opacity="0.88" stroke="#bbbbbb" stroke-width="0.6"/>${rows.join('')}</g>`
  );
}

function stroke(style: MarkStyle): string {
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : '';
  return `stroke="${style.color}" stroke-width="${style.width ?? 1.5}"${dash}`;
}
