/**
 * Seeded runs drawn as a median line inside a shaded band, one colour per method: the
 * figure for "with warmup the loss is lower" claims, where the scatter between seeds
 * is part of the result.
 */
import { band, type Band, type BandOptions } from "../trajectories/band";
import type { Figure, Line, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkLabels, checkNames, type FigureLabels } from "./inputs";
import { frameLayout } from "./layout";
import { colour, translucent, valueAxis } from "./style";
import { datum, thinIndices } from "./thin";
import { lineTrace } from "./trace";

export interface BandGroup {
  /** Legend entry, e.g. "Adam, η = 0.3, no warmup". */
  readonly name: string;
  /** One series per seed, all of the same length. */
  readonly runs: readonly ArrayLike<number>[];
  /** A CSS colour "#rrggbb"; by default the next palette colour. */
  readonly color?: string;
  readonly dash?: Line["dash"];
}

export interface BandPlotOptions extends BandOptions, FigureLabels {
  /** x of each value (same length as the runs); default the index k = 0, 1, … (the update). */
  readonly x?: ArrayLike<number>;
  readonly logX?: boolean;
  readonly logY?: boolean;
  readonly height?: number;
  readonly maxBytes?: number;
}

function describe(q: number): string {
  if (q === 0) return "min";
  if (q === 1) return "max";
  if (q === 0.5) return "median";
  const p = Number((q * 100).toPrecision(3));
  return `${p}th percentile`;
}

/** The subtitle that says what the line and the band are, so no reader guesses. */
export function bandLegend(bands: readonly Band[]): string {
  const counts = [...new Set(bands.map((b) => b.runs))];
  const [lo, hi] = bands[0].quantiles;
  const runs = counts.length === 1 ? `${counts[0]} seeded runs` : "the seeded runs";
  return `line: median of ${runs}; band: ${describe(lo)} to ${describe(hi)}`;
}

/**
 * One median line and one shaded band (between the `lower` and `upper` quantiles,
 * default 10% and 90%) per group, against the update number or the given x.
 */
export function bandPlot(groups: readonly BandGroup[], options: BandPlotOptions): Figure {
  const owner = "bandPlot";
  if (!Array.isArray(groups) || groups.length === 0) throw new RangeError(`${owner}: groups must hold at least one { name, runs }`);
  checkLabels(owner, options);
  checkNames(owner, groups, "group");
  const bands = groups.map((g) => band(g.runs, options));
  const n = bands[0].median.length;
  bands.forEach((b, i) => {
    if (b.median.length !== n) throw new RangeError(`${owner}: group "${groups[i].name}" has runs of ${b.median.length} values, group "${groups[0].name}" of ${n}; they must be equal`);
  });
  const x = options.x;
  if (x !== undefined && x.length !== n) throw new RangeError(`${owner}: x has ${x.length} values but the runs have ${n}; they must be equal`);
  const xOf = (k: number): number => (x ? x[k] : k);
  const colours = groups.map((g, i) => g.color ?? colour(i));
  const fills = colours.map((c) => translucent(owner, c, 0.18));
  const edges = colours.map((c) => translucent(owner, c, 0));

  return fitBudget(
    owner,
    (maxPoints) => {
      const data: ScatterTrace[] = [];
      bands.forEach((b, i) => {
        const kept = [...new Set([b.median, b.lower, b.upper].flatMap((c) => thinIndices([c], maxPoints)))].sort((p, q) => p - q);
        const back = [...kept].reverse();
        const legendgroup = `band${i}`;
        // One outline: out along the upper edge, back along the lower, filled inside.
        data.push(
          lineTrace(
            `${groups[i].name} (band)`,
            [...kept, ...back].map(xOf),
            [...kept.map((k) => datum(b.upper[k])), ...back.map((k) => datum(b.lower[k]))],
            edges[i],
            { line: { color: edges[i], width: 0 }, fill: "toself", fillcolor: fills[i], legendgroup, showlegend: false, hoverinfo: "skip" },
          ),
        );
        data.push(
          lineTrace(groups[i].name, kept.map(xOf), kept.map((k) => datum(b.median[k])), colours[i], {
            line: { color: colours[i], width: 2, dash: groups[i].dash ?? "solid" },
            legendgroup,
            hovertemplate: "%{x:.4g}, median %{y:.4g}",
          }),
        );
      });
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title, subtitle: bandLegend(bands), data, showlegend: true, height: options.height ?? 460 }),
          xaxis: valueAxis(options.xLabel, options.logX),
          yaxis: valueAxis(options.yLabel, options.logY),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
