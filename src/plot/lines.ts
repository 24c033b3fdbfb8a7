/**
 * A plain line chart of measured series (final loss against η for several β's; m and σ
 * against t), for what the lecture's specialised plots do not cover. Same look and the
 * same size budget as the other figures; non-finite values (a diverged run) are gaps.
 */
import type { Figure, Line, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkLabels, checkNames, type FigureLabels } from "./inputs";
import { plotlyText } from "./text";
import { frameLayout } from "./layout";
import { colour, valueAxis } from "./style";
import { thin } from "./thin";
import { lineTrace } from "./trace";

export interface LineSeries {
  /** Legend entry. */
  readonly name: string;
  /** Default: the index 0, 1, … (the update t of a per-update series). */
  readonly x?: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** A CSS colour; by default the next palette colour. */
  readonly color?: string;
  readonly dash?: Line["dash"];
  /** Draw a marker at each point (for short series such as a sweep). */
  readonly markers?: boolean;
  /** Line width in px (default 1.8). */
  readonly width?: number;
}

/** A horizontal line across the whole x range: a threshold or a value to compare with (η, a rule's bound). */
export interface ReferenceLine {
  readonly name: string;
  readonly y: number;
  /** Default black. */
  readonly color?: string;
  /** Default "dash". */
  readonly dash?: Line["dash"];
}

export interface LinesOptions extends FigureLabels {
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly height?: number;
  readonly maxBytes?: number;
  /** Horizontal lines across the x range of all series, each with its legend entry. */
  readonly referenceLines?: readonly ReferenceLine[];
}

/** Checks `series` for `owner`: names, and x (when given) as long as y. */
export function checkSeries(owner: string, series: readonly LineSeries[], what = "series"): void {
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`${owner}: ${what} must hold at least one { name, y }`);
  checkNames(owner, series, what);
  series.forEach((s) => {
    const nx = s.x?.length ?? s.y?.length;
    if (s.y === undefined || nx !== s.y.length || nx === 0) {
      throw new RangeError(`${owner}: series "${s.name}" has ${nx} x values and ${s.y?.length} y values; they must be equal and non-zero`);
    }
    if (s.width !== undefined && !(Number.isFinite(s.width) && s.width > 0 && s.width <= 10)) {
      throw new RangeError(`${owner}: Invalid width: ${s.width} (width of series "${s.name}" must be a number with 0 < width ≤ 10)`);
    }
  });
}

export function indexX(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, k) => k);
}

/** The trace of series `s` (palette colour `i` unless it has its own), thinned to `maxPoints`. */
export function seriesTrace(s: LineSeries, i: number, maxPoints: number, extra: Partial<ScatterTrace> = {}): ScatterTrace {
  const kept = thin(s.y, maxPoints, s.x ?? indexX(s.y.length));
  const color = s.color ?? colour(i);
  return lineTrace(s.name, kept.x, kept.y, color, {
    mode: s.markers ? "lines+markers" : "lines",
    line: { color, width: s.width ?? 1.8, dash: s.dash ?? "solid" },
    marker: s.markers ? { color, size: 7 } : undefined,
    hovertemplate: "%{x:.4g}, %{y:.4g}",
    ...extra,
  });
}

/** Smallest and largest finite x of all series (the index when a series has no x). */
export function xExtent(series: readonly LineSeries[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    const x = s.x ?? [0, s.y.length - 1];
    for (let k = 0; k < x.length; k++) {
      if (Number.isFinite(x[k])) {
        lo = Math.min(lo, x[k]);
        hi = Math.max(hi, x[k]);
      }
    }
  }
  return [lo, hi];
}

/** One trace per reference line, from x0 to x1. */
export function referenceTraces(owner: string, lines: readonly ReferenceLine[], [x0, x1]: [number, number], extra: Partial<ScatterTrace> = {}): ScatterTrace[] {
  checkNames(owner, lines, "reference line");
  return lines.map((r) => {
    if (!Number.isFinite(r.y)) throw new RangeError(`${owner}: reference line "${r.name}" has y = ${r.y}; it must be a finite number`);
    const color = r.color ?? "#000000";
    return lineTrace(r.name, [x0, x1], [r.y, r.y], color, {
      line: { color, width: 1.5, dash: r.dash ?? "dash" },
      hovertemplate: `${plotlyText(r.name)}: %{y:.4g}<extra></extra>`,
      ...extra,
    });
  });
}

export function linesPlot(series: readonly LineSeries[], options: LinesOptions): Figure {
  const owner = "linesPlot";
  checkLabels(owner, options);
  checkSeries(owner, series);
  const references = referenceTraces(owner, options.referenceLines ?? [], xExtent(series));
  return fitBudget(
    owner,
    (maxPoints) => {
      const data: ScatterTrace[] = [...series.map((s, i) => seriesTrace(s, i, maxPoints)), ...references];
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title, data, height: options.height ?? 420 }),
          xaxis: valueAxis(options.xLabel, options.logX),
          yaxis: valueAxis(options.yLabel, options.logY),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
