/**
 * A figure: one inline `<svg>` holding one or more panels, with the title and caption the report
 * prints around it.
 */

import { escapeXml } from './format.js';
import { f } from './panel.js';

/** A rendered figure. */
export interface Figure {
  /** Unique within the report; also the prefix of its panels' ids. */
  id: string;
  title: string;
  caption: string;
  svg: string;
}

/** The `<svg>` element of `width` × `height` px around `content`, labelled for screen readers. */
export function svgElement(width: number, height: number, label: string, content: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" ` +
    `viewBox="0 0 ${f(width)} ${f(height)}" role="img" aria-label="${escapeXml(label)}" ` +
    `font-family="Helvetica, Arial, sans-serif">\n${content}\n</svg>`
  );
}

/** Colours used across the figures, so one sample has one colour everywhere. */
export const COLORS = {
  simulation: '#1f6fb4',
  rawData: '#d1352b',
  transformedData: '#2a9d3f',
  truth: '#555555',
  ideal: '#111111',
  distorted: '#d1352b',
  unconditional: '#e08a0b',
  conditional: '#7b3fb0',
  train: '#1f6fb4',
  validation: '#e08a0b',
  signal: '#d1352b',
  background: '#1f6fb4',
  total: '#111111',
  reference: '#888888',
  window: 'rgba(42,157,63,0.10)',
} as const;
