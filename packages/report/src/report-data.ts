/**
 * The plain JSON a report is drawn from (`report-data.json` in a run folder): histograms, curves
 * and fit results, never raw events. Every section but the title is optional; the report shows
 * the sections that are present. Numbers that could not be computed (a failed fit) are `null`,
 * which is how JSON carries NaN.
 */

/** Format tag and version written into every report data file. */
export const REPORT_DATA_FORMAT = 'flowda-report-data';
export const REPORT_DATA_VERSION = 1;

/** Counts in `counts.length` equal-width bins over [low, high]. */
export interface HistogramData {
  low: number;
  high: number;
  counts: number[];
}

/** A number with its standard uncertainty. */
export interface MeasurementData {
  value: number;
  error: number;
}

/** A feature (or any plotted variable) and the unit its values are in ('' when dimensionless). */
export interface VariableData {
  name: string;
  unit: string;
}

/** One row of the key-figures table. */
export interface SummaryRow {
  label: string;
  value: string;
}

/** Fig. 2 of the study: one domain's features before the flow and its latent after it. */
export interface LatentSection {
  /** 'data' or 'simulation'. */
  domain: string;
  /** The flow that normalises it, e.g. 'data-flow'. */
  flow: string;
  dimensions: {
    feature: VariableData;
    /** The raw feature, in its unit. */
    before: HistogramData;
    /** The flow's latent coordinate, which should follow N(0, 1). */
    after: HistogramData;
  }[];
}

/** Fig. 3 (left): classifier outputs for simulation, raw data and transformed data. */
export interface ClassifierOutputSection {
  simulation: HistogramData;
  rawData: HistogramData;
  transformedData: HistogramData;
  /** KS distance of each data sample's outputs to those of simulation. */
  ks: { rawData: number; transformedData: number };
}

/** Training and validation loss per epoch of one trained model. */
export interface LossCurve {
  name: string;
  /** Unit of the loss, e.g. 'nats/event'. */
  unit: string;
  /** What the loss is, e.g. 'negative log-likelihood'. */
  quantity: string;
  train: number[];
  validation: number[];
  /** 1-based epoch whose weights were kept. */
  bestEpoch?: number;
}

/** Figure of merit and purity at each classifier cut (score ≥ cut), one way of counting. */
export interface CutSeries {
  cuts: number[];
  figureOfMerit: (number | null)[];
  figureOfMeritError?: (number | null)[];
  purity: (number | null)[];
  purityError?: (number | null)[];
}

/** Fig. 3 (right): figure of merit and purity versus the cut, fitted and from truth. */
export interface CutScanSection {
  /** Signal window [low, high) in GeV where N_sig and N_tot are counted. */
  window: [number, number];
  raw: { fitted: CutSeries; truth?: CutSeries };
  transformed: { fitted: CutSeries; truth?: CutSeries };
}

/** One invariant-mass fit drawn as data points with the fitted curves. */
export interface MassFitPanel {
  label: string;
  /** Classifier cut applied before the fit (score ≥ cut). */
  cut: number;
  /** Bin edges' range and per-bin counts, GeV. */
  histogram: HistogramData;
  /** Expected events per bin at the bin centres. */
  curve: { total: number[]; signal: number[]; background: number[] };
  window: [number, number];
  status: string;
  message: string;
  signal: MeasurementData;
  total: number;
  purity: MeasurementData;
  figureOfMerit: MeasurementData;
  mean: MeasurementData;
  sigma: MeasurementData;
  chiSquare: number;
  ndf: number;
  /** Background model in words, e.g. 'quadratic'. Defaults to 'quadratic'. */
  backgroundModel?: string;
  /** True purity in the window, when the sample carries labels. */
  truePurity?: number;
  trueSignal?: number;
}

/** One distortion of the distortion-reversal study and how well each method undoes it. */
export interface DistortionCase {
  name: string;
  description: string;
  histograms: {
    variable: VariableData;
    ideal: HistogramData;
    distorted: HistogramData;
    unconditional: HistogramData;
    conditional: HistogramData;
  }[];
  /** Per-variable KS distance to the ideal sample. */
  ks: { variable: string; distorted: number; unconditional: number; conditional: number }[];
  /** Energy distances to the ideal sample (standardised variables), per pair and overall. */
  energy: { variables: string; distorted: number; unconditional: number; conditional: number }[];
  /** Largest |Δr| of the Pearson correlation matrix from the ideal one. */
  correlation: { distorted: number; unconditional: number; conditional: number };
  /** 'conditional' or 'unconditional': the one closer to the ideal sample. */
  better: string;
}

export interface DistortionSection {
  /** The variable that was distorted. */
  distortedVariable: string;
  cases: DistortionCase[];
  /** One or two sentences saying which method works better. */
  conclusion: string;
}

/** Everything a report can show. */
export interface ReportData {
  format: typeof REPORT_DATA_FORMAT;
  version: typeof REPORT_DATA_VERSION;
  title: string;
  /** ISO time the data were produced. */
  createdAt?: string;
  /** Short paragraphs under the title. */
  notes?: string[];
  summary?: SummaryRow[];
  latent?: LatentSection[];
  classifierOutputs?: ClassifierOutputSection;
  losses?: LossCurve[];
  cutScan?: CutScanSection;
  massFits?: MassFitPanel[];
  distortion?: DistortionSection;
}
