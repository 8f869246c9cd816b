export { classifierOutputFigure } from './figures/classifier-output-figure.js';
export { cutScanFigure } from './figures/cut-scan-figure.js';
export { distortionFigure } from './figures/distortion-figure.js';
export { latentFigure } from './figures/latent-figure.js';
export { lossFigure } from './figures/loss-figure.js';
export { massFitFigure } from './figures/mass-fit-figure.js';
export { commonRange, histogramData } from './histogram-data.js';
export { parseReportData, ReportDataError } from './parse-report-data.js';
export { renderReport, reportFigures } from './render-report.js';
export type {
  ClassifierOutputSection,
  CutScanSection,
  CutSeries,
  DistortionCase,
  DistortionSection,
  HistogramData,
  LatentSection,
  LossCurve,
  MassFitPanel,
  MeasurementData,
  ReportData,
  SummaryRow,
  VariableData,
} from './report-data.js';
export {
  REPORT_DATA_FORMAT,
  REPORT_DATA_VERSION,
} from './report-data.js';
export type { Figure } from './svg/figure.js';
export { COLORS, svgElement } from './svg/figure.js';
export {
  escapeXml,
  formatMeasurement,
  formatNumber,
  formatTick,
  perBinLabel,
  withUnit,
} from './svg/format.js';
export type { LegendEntry, MarkStyle } from './svg/marks.js';
export {
  errorPoints,
  legend,
  linePath,
  stepHistogram,
  verticalBand,
  verticalLine,
} from './svg/marks.js';
export type { Box, Panel, PanelOptions } from './svg/panel.js';
export { createPanel, drawPanel, gridBoxes, PANEL_MARGIN } from './svg/panel.js';
export type { Scale, ScaleKind } from './svg/scale.js';
export { linearScale, logScale, niceDomain, niceTicks, tickStep } from './svg/scale.js';
