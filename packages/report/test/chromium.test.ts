/**
 * Opens a rendered report in headless Debian Chromium (never a downloaded browser) and checks
 * that every figure is laid out and drawn.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport, reportFigures } from '@flowda/report';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { fixtureReportData } from './fixture.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

interface SvgBox {
  id: string;
  width: number;
  height: number;
  paths: number;
  rects: number;
  texts: number;
}

describe('the report in headless Chromium', () => {
  let directory: string;
  let boxes: SvgBox[];
  let requests: string[];
  const data = fixtureReportData();

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'flowda-report-'));
    const file = join(directory, 'report.html');
    await writeFile(file, renderReport(data));
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      requests = [];
      page.on('request', (request) => requests.push(request.url()));
      await page.goto(`file://${file}`);
      boxes = await page.$$eval('svg', (svgs) =>
        svgs.map((svg) => {
          const box = svg.getBoundingClientRect();
          return {
            id: svg.closest('figure')?.id ?? '',
            width: box.width,
            height: box.height,
            paths: svg.querySelectorAll('path').length,
            rects: svg.querySelectorAll('rect').length,
            texts: svg.querySelectorAll('text').length,
          };
        }),
      );
    } finally {
      await browser.close();
    }
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  test('shows one laid-out figure per expected figure, in order', () => {
    expect(boxes.map((box) => box.id)).toEqual(reportFigures(data).map((figure) => figure.id));
  });

  test('every figure has a non-zero size and drawn marks and labels', () => {
    for (const box of boxes) {
      expect(box.width, box.id).toBeGreaterThan(100);
      expect(box.height, box.id).toBeGreaterThan(100);
      expect(box.paths, box.id).toBeGreaterThan(2);
      expect(box.rects, box.id).toBeGreaterThan(1);
      expect(box.texts, box.id).toBeGreaterThan(4);
    }
  });

  test('loads nothing but the file itself', () => {
    expect(requests.filter((url) => !url.startsWith('file://'))).toEqual([]);
    expect(requests).toHaveLength(1);
  });
});
