/**
 * The Λ-specific parts of a report: figure of merit and purity versus the cut (fitted and from
 * truth), the mass fits at each sample's best cut, and key-figure rows.
 */

import type { MassFitResult } from '@flowda/fit';
import type { CutSeries, MassFitPanel, ReportData, SummaryRow } from '@flowda/report';
import type { FittedPoint, TruthPoint } from './cut-scan.js';
import type { LambdaAnalysis, SampleCutScan } from './lambda-study.js';

/** Report sections of an analysed Λ sample. */
export function lambdaReportSections(
  analysis: LambdaAnalysis,
): Required<Pick<ReportData, 'cutScan' | 'massFits' | 'summary'>> {
  const { result, bestFits } = analysis;
  const fitted = (points: readonly FittedPoint[]): CutSeries => ({
    cuts: points.map((p) => p.cut),
    figureOfMerit: points.map((p) => p.figureOfMerit?.value ?? null),
    figureOfMeritError: points.map((p) => p.figureOfMerit?.error ?? null),
    purity: points.map((p) => p.purity?.value ?? null),
    purityError: points.map((p) => p.purity?.error ?? null),
  });
  const truth = (points: readonly TruthPoint[] | undefined): CutSeries | undefined =>
    points && {
      cuts: points.map((p) => p.cut),
      figureOfMerit: points.map((p) => p.figureOfMerit),
      purity: points.map((p) => p.purity),
    };
  const massFits: MassFitPanel[] = [];
  const addFit = (label: string, scan: SampleCutScan, fit: MassFitResult | null) => {
    if (!fit || !scan.best) return;
    const panel = massFitPanel(label, scan.best.cut, fit, scan.best.truePurity);
    if (scan.best.background === 'convex') panel.backgroundModel = 'convex quadratic, b₁ = 0';
    massFits.push(panel);
  };
  addFit('raw data', result.raw, bestFits.raw);
  addFit('transformed data', result.transformed, bestFits.transformed);

  return {
    cutScan: {
      window: [result.window.low, result.window.high],
      raw: { fitted: fitted(result.raw.fitted), truth: truth(result.raw.truth) },
      transformed: {
        fitted: fitted(result.transformed.fitted),
        truth: truth(result.transformed.truth),
      },
    },
    massFits,
    summary: lambdaSummaryRows(analysis),
  };
}

/** Key-figure rows: window, best cuts with fitted and true purity, flatness of the FOM. */
export function lambdaSummaryRows(analysis: LambdaAnalysis): SummaryRow[] {
  const { result } = analysis;
  const rows: SummaryRow[] = [
    {
      label: 'signal window (μ ± 3σ of the fit to all data candidates)',
      value: `${result.window.low.toFixed(4)}–${result.window.high.toFixed(4)} GeV (${result.window.status})`,
    },
  ];
  for (const [name, scan] of [
    ['raw data', result.raw],
    ['transformed data', result.transformed],
  ] as const) {
    const best = scan.best;
    rows.push({
      label: `${name}: cut maximising the fitted figure of merit`,
      value: best
        ? `output ≥ ${best.cut.toFixed(2)}: N_sig/√N_tot ${best.fittedFigureOfMerit.value.toFixed(1)} ± ` +
          `${best.fittedFigureOfMerit.error.toFixed(1)} √events; purity fitted ` +
          `${best.fittedPurity.value.toFixed(4)} ± ${best.fittedPurity.error.toFixed(4)}, true ` +
          `${best.truePurity === null ? 'n/a' : best.truePurity.toFixed(4)}`
        : 'no mass fit converged',
    });
    rows.push({
      label: `${name}: mass fits whose minimiser converged (goodness of fit: χ²/ndf in the fit panels)`,
      value:
        `${scan.fitsConverged} of ${scan.fitted.length} cuts` +
        (scan.convexBackgroundFits > 0
          ? ` (${scan.convexBackgroundFits} with the convex background b₁ = 0)`
          : ''),
    });
    const spread = scan.figureOfMeritSpread;
    rows.push({
      label: `${name}: spread (max − min)/max of the figure of merit for cuts ${spread.cutRange[0]}–${spread.cutRange[1]}`,
      value: `fitted ${percent(spread.fitted)}, truth ${percent(spread.truth)}`,
    });
  }
  return rows;
}

/** A mass fit as the report draws it. */
export function massFitPanel(
  label: string,
  cut: number,
  fit: MassFitResult,
  truePurity: number | null,
): MassFitPanel {
  const panel: MassFitPanel = {
    label,
    cut,
    histogram: { low: fit.range[0], high: fit.range[1], counts: Array.from(fit.counts) },
    curve: {
      total: Array.from(fit.curve.total),
      signal: Array.from(fit.curve.signal),
      background: Array.from(fit.curve.background),
    },
    window: [fit.window.low, fit.window.high],
    status: fit.status,
    message: fit.message,
    signal: { ...fit.window.signal },
    total: fit.window.total,
    purity: { ...fit.window.purity },
    figureOfMerit: { ...fit.window.figureOfMerit },
    mean: { value: fit.parameters.mean.value, error: fit.parameters.mean.error },
    sigma: { value: fit.parameters.sigma.value, error: fit.parameters.sigma.error },
    chiSquare: fit.chiSquare,
    ndf: fit.ndf,
  };
  if (truePurity !== null) panel.truePurity = truePurity;
  return panel;
}

function percent(value: number | null): string {
  return value === null ? 'n/a' : `${(100 * value).toFixed(1)} %`;
}
