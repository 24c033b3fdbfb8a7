/**
 * Two finished figures next to each other, for a with/without comparison (constant η
 * and decay on the same window). The right one moves to a second axis pair; legend
 * entries the left already has, and a second colour bar, are dropped, so the two
 * panels read as one figure with one key.
 */
import { checkKnownOptions } from "../check/options";
import type { Annotation, Figure, Trace } from "./figure";
import { legendCount, frameLayout } from "./layout";
import { plotlyText } from "./text";

export interface SideBySideOptions {
  readonly title: string;
  /** A heading above each panel; default the two figures' own titles. */
  readonly labels?: readonly [string, string];
  readonly height?: number;
}

/** Room above the panels for their headings, px. */
const HEADING = 26;

function singlePanel(owner: string, side: string, figure: Figure): void {
  if (!figure || !Array.isArray(figure.data) || !figure.layout) throw new TypeError(`${owner}: ${side} must be a figure { data, layout }`);
  const l = figure.layout;
  if (l.xaxis2 || l.yaxis2 || l.scene || figure.frames) {
    throw new RangeError(`${owner}: ${side} must be a single 2-D panel (no second axes, 3-D scene or animation), e.g. from contourPlot or linesPlot`);
  }
}

export function sideBySide(left: Figure, right: Figure, options: SideBySideOptions): Figure {
  const owner = "sideBySide";
  checkKnownOptions(owner, options, ["title", "labels", "height"]);
  if (typeof options?.title !== "string" || options.title === "") throw new TypeError(`${owner}: options.title must be a non-empty string`);
  singlePanel(owner, "left", left);
  singlePanel(owner, "right", right);
  const labels = options.labels ?? [left.layout.title.text, right.layout.title.text].map((t) => t.split("<br>")[0]);
  if (labels.length !== 2 || labels.some((l) => typeof l !== "string")) throw new TypeError(`${owner}: options.labels must be two strings`);
  const named = new Set(left.data.filter((t) => t.showlegend !== false).map((t) => t.name));
  const moved = right.data.map((t): Trace => ({
    ...t,
    xaxis: "x2",
    yaxis: "y2",
    ...(t.type === "contour" ? { showscale: false } : {}),
    ...(named.has(t.name) ? { showlegend: false } : {}),
  }) as Trace);
  const data = [...left.data, ...moved];
  const colorbar = data.some((t) => t.type === "contour" || t.type === "surface");
  const frame = frameLayout({ title: options.title, data, showlegend: legendCount(data) > 0, colorbar, height: options.height ?? 600 });
  const heading = (text: string, x: number): Annotation => ({
    text: options.labels ? plotlyText(text) : text, x, y: 1, xref: "paper", yref: "paper", showarrow: false,
    xanchor: "center", yanchor: "bottom", font: { size: 14 },
  });
  const l = left.layout;
  const r = right.layout;
  return {
    data,
    layout: {
      ...frame,
      // The legend goes under the panels, where the headings cannot run into it.
      ...(frame.legend ? { legend: { ...frame.legend, orientation: "h", x: 0, xanchor: "left", y: 0, yref: "container", yanchor: "bottom" } } : {}),
      margin: { ...frame.margin, t: (frame.margin.t ?? 0) + HEADING },
      xaxis: { ...l.xaxis, domain: [0, 0.45] },
      yaxis: { ...l.yaxis },
      xaxis2: { ...r.xaxis, domain: [0.5, 0.95], anchor: "y2" },
      // Same variable as the left panel's y axis: its title once is enough.
      yaxis2: { ...r.yaxis, anchor: "x2", title: { text: "" } },
      annotations: [heading(labels[0], 0.225), heading(labels[1], 0.725)],
      hovermode: "closest",
    },
  };
}
