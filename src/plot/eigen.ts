/**
 * A Hessian's eigenvalue spectrum, sorted, positive and negative in two colours:
 * all positive → local minimum, all negative → local maximum, mixed → saddle point.
 * The title gives the counts and the "minimum ratio" (share of positive eigenvalues).
 */
import { checkKnownOptions } from "../check/options";
import type { BarTrace, Figure } from "./figure";
import { fitBudget } from "./budget";
import { frameLayout } from "./layout";
import { axis, formatNumber, valueAxis } from "./style";
import { datum, thinIndices } from "./thin";

export interface EigenvalueOptions {
  /** |λ| ≤ tolerance counts as zero (default 0). */
  tolerance?: number;
  title?: string;
  maxBytes?: number;
  height?: number;
  /**
   * [low, high] of the eigenvalue axis: zooms in near 0 so that small eigenvalues
   * (the few negative ones of a saddle) are visible next to a large λmax, which is cut off.
   */
  range?: readonly [number, number];
}

const POSITIVE = "#0072B2";
const NEGATIVE = "#D55E00";
const ZERO = "#999999";

export function eigenvaluePlot(eigenvalues: ArrayLike<number>, options: EigenvalueOptions = {}): Figure {
  const owner = "eigenvaluePlot";
  checkKnownOptions(owner, options, ["tolerance", "title", "maxBytes", "height", "range"]);
  const tolerance = options.tolerance ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0) {
    throw new RangeError(`${owner}: Invalid tolerance: ${tolerance} (tolerance must be a finite number ≥ 0)`);
  }
  const range = options.range;
  if (range !== undefined && !(range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new RangeError(`${owner}: Invalid range: ${JSON.stringify(range)} (range must be [low, high] with finite low < high)`);
  }
  if (eigenvalues.length === 0) throw new RangeError(`${owner}: eigenvalues must hold at least one eigenvalue`);
  const sorted = Float64Array.from(eigenvalues).sort();
  const bad = sorted.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${owner}: eigenvalues must be finite numbers, got ${sorted[bad]}`);
  const kind = (v: number): "negative" | "zero" | "positive" => (v > tolerance ? "positive" : v < -tolerance ? "negative" : "zero");
  const counts = { positive: 0, negative: 0, zero: 0 };
  for (const v of sorted) counts[kind(v)]++;
  const n = sorted.length;
  const ratio = counts.positive / n;
  const defaultTitle =
    `Hessian eigenvalues: ${counts.positive} positive, ${counts.negative} negative` +
    (counts.zero > 0 ? `, ${counts.zero} ≈ 0` : "") +
    ` (minimum ratio ${formatNumber(ratio)})`;
  return fitBudget(
    owner,
    (maxPoints) => {
      // Sorted values are monotone: thinning keeps both ends and the sign changes' neighbourhoods.
      const kept = n > maxPoints ? thinIndices([sorted], maxPoints) : Array.from({ length: n }, (_, i) => i);
      const bars = (k: "negative" | "zero" | "positive", name: string, color: string): BarTrace | undefined => {
        const idx = kept.filter((i) => kind(sorted[i]) === k);
        if (idx.length === 0) return undefined;
        return {
          type: "bar",
          name,
          x: idx.map((i) => i + 1),
          y: idx.map((i) => datum(sorted[i], 6)),
          marker: { color },
          hovertemplate: "λ%{x} = %{y:.4g}",
        };
      };
      const data = [
        bars("negative", "negative λ", NEGATIVE),
        bars("zero", tolerance > 0 ? `|λ| ≤ ${formatNumber(tolerance)}` : "λ = 0", ZERO),
        bars("positive", "positive λ", POSITIVE),
      ].filter((t): t is BarTrace => t !== undefined);
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title ?? defaultTitle, data, height: options.height ?? 420 }),
          xaxis: axis("eigenvalue index (sorted)"),
          yaxis: valueAxis("eigenvalue λ", false, { zeroline: true, ...(range ? { range: [range[0], range[1]] as [number, number] } : {}) }),
          barmode: "overlay",
          bargap: 0.1,
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
