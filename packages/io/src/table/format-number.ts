/**
 * The shortest decimal text that reads back as exactly `value` (a 64-bit float): JavaScript's
 * `String(x)`, except that -0 keeps its sign. NaN and ±Infinity are written as `NaN`,
 * `Infinity` and `-Infinity`, which `parseCsv` reads back.
 */
export function formatFloat64(value: number): string {
  if (value === 0 && 1 / value < 0) return '-0';
  return String(value);
}

/**
 * The shortest decimal text that reads back as exactly `value` once rounded to 32 bits
 * (`Math.fround(Number(text)) === value`), so float32 data is written as `0.1` rather than
 * `0.10000000149011612`. At most 9 significant digits are ever needed.
 *
 * The number of significant digits p is found by bisection over 1 … 9. Why that works: if the
 * nearest p-digit decimal rounds back to `value`, so does the nearest (p+1)-digit one, which is
 * at least as close.
 */
export function formatFloat32(value: number): string {
  if (!Number.isFinite(value) || value === 0) return formatFloat64(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  let low = 1;
  let high = 9;
  let best = Number.NaN;
  while (low < high) {
    const digits = (low + high) >> 1;
    const rounded = roundToDigits(value, digits, exponent);
    if (Math.fround(rounded) === value) {
      high = digits;
      best = rounded;
    } else {
      low = digits + 1;
    }
  }
  if (high === 9) {
    best = roundToDigits(value, 9, exponent);
    // Why: near the ends of the float32 range the scaled arithmetic can miss by one unit.
    if (Math.fround(best) !== value) best = Number(value.toPrecision(9));
  }
  return formatFloat64(best);
}

/** Exact powers of ten as doubles: 10^0 … 10^22. */
const POWERS_OF_TEN = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * The double nearest to `value` rounded to `digits` significant digits, given
 * exponent = floor(log10 |value|).
 *
 * Why not toPrecision: scaling by an exact power of ten, rounding to an integer and scaling back
 * is many times faster, and since both the integer and the power are exact, the one rounding of
 * the last division or product gives the double nearest to the decimal.
 */
function roundToDigits(value: number, digits: number, exponent: number): number {
  const power = digits - 1 - exponent;
  if (power >= 0 && power <= 22) {
    const scale = POWERS_OF_TEN[power];
    return Math.round(value * scale) / scale;
  }
  if (power < 0 && power >= -22) {
    const scale = POWERS_OF_TEN[-power];
    return Math.round(value / scale) * scale;
  }
  return Number(value.toPrecision(digits));
}
