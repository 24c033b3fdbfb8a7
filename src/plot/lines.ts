/**
 * A plain line chart of measured series (final loss against η for several β's; m and σ
 * against t), for what the lecture's specialised plots do not cover. Same look and the
 * same size budget as the other figures; non-finite values (a diverged run) are gaps.
 */
import type { Figure, Line, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkLabels, checkNames, type FigureLabels } from "./inputs";
import { frameLayout } from "./layout";
import { colour, valueAxis } from "./style";
import { thin } from "./thin";
import { lineTrace } from "./trace";

export interface LineSeries {
  /** Legend entry. */
  readonly name: string;
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** A CSS colour; by default the next palette colour. */
  readonly color?: string;
  readonly dash?: Line["dash"];
  /** Draw a marker at each point (for short series such as a sweep). */
  readonly markers?: boolean;
}

export interface LinesOptions extends FigureLabels {
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly height?: number;
  readonly maxBytes?: number;
}

export function linesPlot(series: readonly LineSeries[], options: LinesOptions): Figure {
  const owner = "linesPlot";
  if (!Array.isArray(series) || series.length === 0) throw new RangeError(`${owner}: series must hold at least one { name, x, y }`);
  checkLabels(owner, options);
  checkNames(owner, series, "series");
  series.forEach((s) => {
    if (s.x.length !== s.y.length || s.x.length === 0) {
      throw new RangeError(`${owner}: series "${s.name}" has ${s.x.length} x values and ${s.y.length} y values; they must be equal and non-zero`);
    }
  });
  return fitBudget(
    owner,
    (maxPoints) => {
      const data: ScatterTrace[] = series.map((s, i) => {
        const kept = thin(s.y, maxPoints, s.x);
        const color = s.color ?? colour(i);
        return lineTrace(s.name, kept.x, kept.y, color, {
          mode: s.markers ? "lines+markers" : "lines",
          line: { color, width: 1.8, dash: s.dash ?? "solid" },
          marker: s.markers ? { color, size: 7 } : undefined,
          hovertemplate: "%{x:.4g}, %{y:.4g}",
        });
      });
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
