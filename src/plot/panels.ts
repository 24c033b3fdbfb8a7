/**
 * Panels stacked on one shared x axis (the update t): quantities of different units
 * or scales that must be read at the same t, such as σ_w above and the step length
 * below, with the same events (spikes) marked on every panel. Zooming one zooms all.
 */
import { checkKnownOptions } from "../check/options";
import type { Axis, Figure, Layout, MarkerSymbol, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkInteger } from "./inputs";
import { frameLayout } from "./layout";
import { checkSeries, indexX, referenceTraces, seriesTrace, type LineSeries, type ReferenceLine } from "./lines";
import { axis, valueAxis } from "./style";
import { plotlyText } from "./text";
import { datum } from "./thin";

export interface Panel {
  readonly series: readonly LineSeries[];
  readonly yLabel: string;
  readonly logY?: boolean;
  /** Horizontal lines across this panel. */
  readonly referenceLines?: readonly ReferenceLine[];
}

/** Events at given x, marked on every panel on its first series (e.g. spikes at their longest step). */
export interface PanelMarkers {
  readonly name: string;
  readonly x: ArrayLike<number>;
  /** Default "#CC79A7" (not in the line palette's first colours). */
  readonly color?: string;
  /** Default "cross". */
  readonly symbol?: MarkerSymbol;
}

export interface PanelsOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly markers?: PanelMarkers;
  /** Draw only from ≤ x ≤ to: a zoom that keeps every point inside it (thinning works on the window alone). */
  readonly xRange?: readonly [number, number];
  /** Default 300 px per panel. */
  readonly height?: number;
  readonly maxBytes?: number;
}

const OPTIONS = ["title", "xLabel", "markers", "xRange", "height", "maxBytes"] as const;
/** Fraction of the plot height between two panels. */
const GAP = 0.08;

/** The part of `s` with x in [from, to]. */
function window(s: LineSeries, from: number, to: number): LineSeries {
  const x = s.x ?? indexX(s.y.length);
  const keep: number[] = [];
  for (let k = 0; k < x.length; k++) if (x[k] >= from && x[k] <= to) keep.push(k);
  return { ...s, x: keep.map((k) => x[k]), y: keep.map((k) => s.y[k]) };
}

/** y of series `s` at the point nearest each marker x; markers outside its x range are left out. */
function onSeries(s: LineSeries, xs: ArrayLike<number>): { x: number[]; y: (number | null)[] } {
  const x = s.x ?? indexX(s.y.length);
  let lo = Infinity;
  let hi = -Infinity;
  for (let k = 0; k < x.length; k++) {
    lo = Math.min(lo, x[k]);
    hi = Math.max(hi, x[k]);
  }
  const out = { x: [] as number[], y: [] as (number | null)[] };
  for (let m = 0; m < xs.length; m++) {
    const at = xs[m];
    if (!(at >= lo && at <= hi)) continue;
    let best = 0;
    for (let k = 1; k < x.length; k++) if (Math.abs(x[k] - at) < Math.abs(x[best] - at)) best = k;
    out.x.push(at);
    out.y.push(datum(s.y[best]));
  }
  return out;
}

/**
 * `panels` stacked top to bottom on one x axis, each with its y label and scale, each
 * series thinned to fit the figure's size budget (spikes kept). Up to 4 panels.
 */
export function panelsPlot(panels: readonly Panel[], options: PanelsOptions): Figure {
  const owner = "panelsPlot";
  checkKnownOptions(owner, options, [...OPTIONS]);
  if (!Array.isArray(panels) || panels.length === 0 || panels.length > 4) {
    throw new RangeError(`${owner}: panels must hold 1 to 4 panels { series, yLabel }, got ${panels?.length}`);
  }
  for (const key of ["title", "xLabel"] as const) {
    if (typeof options?.[key] !== "string" || options[key] === "") throw new TypeError(`${owner}: options.${key} must be a non-empty string`);
  }
  panels.forEach((p, i) => {
    if (typeof p.yLabel !== "string" || p.yLabel === "") throw new TypeError(`${owner}: panel ${i} needs a yLabel (a non-empty string)`);
    checkSeries(owner, p.series, `panel ${i} series`);
  });
  const range = options.xRange;
  if (range !== undefined && !(range.length === 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]) && range[0] < range[1])) {
    throw new RangeError(`${owner}: Invalid xRange: ${JSON.stringify(range)} (xRange must be [from, to] with finite from < to)`);
  }
  const shown: Panel[] = panels.map((p) => ({ ...p, series: range ? p.series.map((s: LineSeries) => window(s, range[0], range[1])) : p.series }));
  shown.forEach((p) => p.series.forEach((s: LineSeries) => {
    if (s.y.length === 0) throw new RangeError(`${owner}: series "${s.name}" has no point with x in [${range?.[0]}, ${range?.[1]}]`);
  }));
  const markers = options.markers;
  if (markers !== undefined && typeof markers.name !== "string") throw new TypeError(`${owner}: markers need a name (a string for the legend)`);
  const height = checkInteger(owner, "height", options.height ?? Math.max(420, 300 * panels.length), 200, 4000);
  const n = shown.length;
  const span = (1 - GAP * (n - 1)) / n;
  return fitBudget(
    owner,
    (maxPoints) => {
      let colourIndex = 0; // palette colours run on across panels, so no two series look alike
      const data: ScatterTrace[] = [];
      const layout: Partial<Layout> = {};
      shown.forEach((p, i) => {
        const yaxis = i === 0 ? "y" : `y${i + 1}`;
        const onPanel = i === 0 ? {} : { yaxis };
        for (const s of p.series) data.push(seriesTrace(s, colourIndex++, maxPoints, onPanel));
        // Series without x are drawn at 0 … n−1 (a series windowed by xRange always has x).
        const xs = p.series.flatMap((s) => (s.x ? [s.x[0], s.x[s.x.length - 1]] : [0, s.y.length - 1]));
        data.push(...referenceTraces(owner, p.referenceLines ?? [], [Math.min(...xs), Math.max(...xs)], onPanel));
        if (markers) {
          const at = onSeries(p.series[0], markers.x);
          const color = markers.color ?? "#CC79A7";
          data.push({
            type: "scatter", mode: "markers", name: plotlyText(markers.name), legendgroup: "markers", showlegend: i === 0,
            x: at.x, y: at.y, ...onPanel, hovertemplate: `${plotlyText(markers.name)}<br>%{x:.4g}, %{y:.4g}<extra></extra>`,
            marker: { color, size: 8, symbol: markers.symbol ?? "cross" },
          });
        }
        const top = 1 - i * (span + GAP);
        const yAxis: Axis = valueAxis(p.yLabel, p.logY, { domain: [Number((top - span).toFixed(4)), Number(top.toFixed(4))] });
        const key = i === 0 ? "yaxis" : (`yaxis${i + 1}` as "yaxis2" | "yaxis3" | "yaxis4");
        layout[key] = yAxis;
      });
      // The x axis is drawn under the lowest panel; every panel's y axis follows it.
      const bottom = n === 1 ? "y" : `y${n}`;
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title, data, height }),
          ...layout,
          xaxis: axis(options.xLabel, { anchor: bottom, ...(range ? { range: [range[0], range[1]] as [number, number] } : {}) }),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
