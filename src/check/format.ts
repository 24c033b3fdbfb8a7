/**
 * The one number format of the module: claims, tables and analysis summaries print a
 * figure the same way, so a number in a table can be found again in the prose beside it.
 */

/**
 * Formats a number for prose: whole numbers below 10¹⁵ exactly (update counts must not be
 * rounded), others to 4 significant digits, in exponent form when very large or small.
 */
export function fmt(x: number, digits = 4): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return "0";
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-3) return x.toExponential(digits - 1).replace(/\.?0+e/, "e");
  return Number(x.toPrecision(digits)).toString();
}
