/**
 * Text for figures and tables: escaping, tick labels, numbers with uncertainties, and the
 * "events / 1.6 MeV" label of a histogram's vertical axis.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe inside XML/HTML text and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/** A tick label with as many decimals as the tick step needs (10⁴ and up in exponent form). */
export function formatTick(value: number, step: number): string {
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e5 || magnitude < 1e-4) return formatExponent(value);
  const decimals = Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals).replace('-', '−');
}

/** A tick label of a logarithmic axis: 10ᵏ written out for small k, exponent form otherwise. */
export function formatDecade(value: number): string {
  const power = Math.round(Math.log10(value));
  if (power >= -2 && power <= 4) return String(10 ** power >= 1 ? 10 ** power : value);
  return `1e${power}`.replace('-', '−');
}

/** `value` with `digits` significant digits; 'n/a' for null or a non-finite number. */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return 'n/a';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-4) return formatExponent(value, digits);
  if (magnitude >= 10 ** digits) return Math.round(value).toString().replace('-', '−');
  return Number(value.toPrecision(digits)).toString().replace('-', '−');
}

/** "value ± error", the value rounded to the error's second significant digit. */
export function formatMeasurement(value: number, error: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (!(Number.isFinite(error) && error > 0)) return formatNumber(value, 4);
  const decimals = Math.max(0, Math.min(8, 1 - Math.floor(Math.log10(error))));
  return `${value.toFixed(decimals)} ± ${error.toFixed(decimals)}`.replace(/-/g, '−');
}

/** An axis title with its unit in parentheses, or alone when dimensionless. */
export function withUnit(quantity: string, unit: string): string {
  return unit ? `${quantity} (${unit})` : quantity;
}

/**
 * The vertical-axis title of a histogram, "events / 1.6 MeV": the bin width in the variable's
 * unit, with GeV widths under 0.1 written in MeV. `normalised` gives "fraction of events / …".
 */
export function perBinLabel(binWidth: number, unit: string, normalised = false): string {
  const what = normalised ? 'fraction of events' : 'events';
  let width = binWidth;
  let shownUnit = unit;
  if (unit === 'GeV' && binWidth < 0.1) {
    width = binWidth * 1000;
    shownUnit = 'MeV';
  }
  const number = Number(width.toPrecision(2)).toString();
  return `${what} / ${number}${shownUnit ? ` ${shownUnit}` : ''}`;
}

function formatExponent(value: number, digits = 2): string {
  const [mantissa, exponent] = value.toExponential(digits - 1).split('e');
  return `${mantissa}e${Number(exponent)}`.replace(/-/g, '−');
}
