/** Shared look: colours that stay distinct for colour-blind readers, and layout pieces. */
import type { Axis, ColorScale } from "./figure";
import { plotlyText } from "./text";

/** Okabe–Ito colours, darkest first, readable on the light contour fill. */
export const PALETTE: readonly string[] = ["#D55E00", "#0072B2", "#009E73", "#CC79A7", "#E69F00", "#000000", "#56B4E9"];

export function colour(i: number): string {
  return PALETTE[i % PALETTE.length];
}

/**
 * Light fill from white (low loss) to pale blue (high): light enough that a line stands
 * 3:1 against its darkest part (see contrast.ts), so paths stay visible everywhere.
 */
export function contourColorscale(): ColorScale {
  return [
    [0, "#fbfdff"],
    [0.5, "#e1edf8"],
    [1, "#c6dbef"],
  ];
}

export const START_COLOUR = "#000000";
export const MINIMUM_COLOUR = "#000000";

export function axis(label: string, extra: Axis = {}): Axis {
  return { title: { text: plotlyText(label) }, ...extra };
}

/**
 * A value axis, linear or log. Never SI prefixes (µ, k) that read as units: log axes write
 * exponents (1e-5); linear ones plain numbers with separators (100,000, not plotly's 0.1e+5).
 */
export function valueAxis(label: string, log = false, extra: Axis = {}): Axis {
  const numbers: Axis = log ? { type: "log", exponentformat: "e" } : { type: "linear", exponentformat: "none", separatethousands: true };
  return axis(label, { ...numbers, ...extra });
}

/** "#rrggbb" at opacity `alpha`, as "rgba(r, g, b, alpha)", for shaded bands. */
export function translucent(owner: string, color: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!m) throw new RangeError(`${owner}: Invalid color: ${JSON.stringify(color)} (color must be "#rrggbb")`);
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

/** Numbers for tick labels and titles: short (`digits` significant, default 3), exact enough to read. */
export function formatNumber(v: number, digits = 3): string {
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return Number(v.toPrecision(digits)).toExponential().replace("e+", "e");
  return String(Number(v.toPrecision(digits)));
}

/**
 * Labels for increasing values, all different: as short as formatNumber's, with more
 * significant digits where neighbours would otherwise read the same (log-spaced contour
 * levels in a narrow window: 114001 and 114010 are both "1.14e5" at 3 digits).
 */
export function distinctLabels(values: readonly number[]): string[] {
  let labels = values.map((v) => formatNumber(v));
  for (let digits = 4; digits <= 17 && new Set(labels).size < labels.length; digits++) {
    labels = values.map((v) => formatNumber(v, digits));
  }
  return labels;
}
