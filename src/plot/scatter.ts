/**
 * Points, not lines: one marker per measured case (a network, a seed), several groups
 * in different colours, e.g. training loss against the minimum ratio of each network.
 */
import { checkKnownOptions } from "../check/options";
import type { Figure, MarkerSymbol, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkLabels, checkNames, type FigureLabels } from "./inputs";
import { frameLayout } from "./layout";
import { colour, valueAxis } from "./style";
import { plotlyText } from "./text";
import { datum } from "./thin";

export interface ScatterGroup {
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Hover text per point (what the point is: "seed 3: saddle point"). */
  readonly text?: readonly string[];
  /** A CSS colour; by default the next palette colour. */
  readonly color?: string;
  /** Hollow markers: for the cases that did not count (a search that stalled). */
  readonly open?: boolean;
  readonly symbol?: MarkerSymbol;
}

export interface ScatterOptions extends FigureLabels {
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly height?: number;
  readonly maxBytes?: number;
}

/** Every point of every group (scatter points are never thinned: each one is a case). */
export function scatterPlot(groups: readonly ScatterGroup[], options: ScatterOptions): Figure {
  const owner = "scatterPlot";
  checkKnownOptions(owner, options, ["title", "xLabel", "yLabel", "logX", "logY", "height", "maxBytes"]);
  if (!Array.isArray(groups) || groups.length === 0) throw new RangeError(`${owner}: groups must hold at least one { name, x, y }`);
  checkLabels(owner, options);
  checkNames(owner, groups, "group");
  groups.forEach((g) => {
    if (g.x.length !== g.y.length) throw new RangeError(`${owner}: group "${g.name}" has ${g.x.length} x values and ${g.y.length} y values; they must be equal`);
    if (g.text !== undefined && g.text.length !== g.x.length) {
      throw new RangeError(`${owner}: group "${g.name}" has ${g.text.length} texts for ${g.x.length} points; they must be equal`);
    }
  });
  return fitBudget(
    owner,
    () => {
      const data: ScatterTrace[] = groups.map((g, i) => {
        const color = g.color ?? colour(i);
        return {
          type: "scatter",
          mode: "markers",
          name: plotlyText(g.name),
          x: Array.from(g.x, (v: number) => datum(v)),
          y: Array.from(g.y, (v: number) => datum(v)),
          ...(g.text ? { text: g.text.map(plotlyText), hovertemplate: "%{text}<br>%{x:.4g}, %{y:.4g}<extra></extra>" } : { hovertemplate: "%{x:.4g}, %{y:.4g}" }),
          marker: { color: g.open ? "rgba(0,0,0,0)" : color, size: 9, symbol: g.symbol ?? "circle", line: { color, width: 1.5 } },
        };
      });
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title, data, height: options.height ?? 460 }),
          xaxis: valueAxis(options.xLabel, options.logX),
          yaxis: valueAxis(options.yLabel, options.logY),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
