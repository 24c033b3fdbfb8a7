/**
 * Where the title and the legend go, for every builder. The figure's width is only
 * known in the browser (a notebook column, a half-screen window), so a legend above the
 * plot may wrap into more rows than a fixed top margin holds, and run into the title.
 * So the title is pinned to the figure's top edge, and a legend above the plot hangs
 * below it in the figure's own coordinates (`yref: "container"`, plotly.js ≥ 2.23):
 * plotly then reserves its drawn height, however many rows it wraps into, and starts
 * the plot area below it.
 * - Figures with a colour bar at the right (contour, race, 3-D) keep the legend above.
 * - Line charts with more than a few entries list them in a column at the right
 *   instead (it never wraps, and plotly widens the right margin to fit it), so the
 *   plot keeps its height.
 * The legend's place is a fraction of the figure's height: raising `fig.layout.height`
 * afterwards is safe; lowering it a lot moves the legend up towards the title.
 */
import type { Layout, Legend, Margin, Trace } from "./figure";
import { plotlyText } from "./text";

/** A line chart lists at most this many entries in a row above the plot; more go at the side. */
const MAX_TOP_LEGEND = 4;
/** Title (17 px): characters per line before it wraps, and px per line. */
const TITLE_CHARS = 70;
const TITLE_LINE = 24;
const SUBTITLE_LINE = 18;
/** Space above the title, px. */
const TITLE_PAD = 14;
/**
 * plotly.js (4.1) drops the cap-height shift of a top-anchored title when it has several
 * lines, drawing it this many px higher (0.7 em of 17 px); added back so the first line
 * stays put. Should a later plotly fix it, the title moves down by less than GAP.
 */
const MULTILINE_SHIFT = 12;
/** Space between the title block and what is below it (legend or plot), px. */
const GAP = 16;

export interface FrameSpec {
  /** Plain text, shown exactly as written (escaped here); long titles wrap at spaces. */
  readonly title: string;
  /** A second, smaller line under the title, plain text. */
  readonly subtitle?: string;
  /** The figure's traces: those not hidden from the legend are its entries. */
  readonly data: readonly Trace[];
  /** Show the legend (default: when it has more than one entry). */
  readonly showlegend?: boolean;
  /** A colour bar stands at the right, where a side legend would cover it. */
  readonly colorbar?: boolean;
  readonly height: number;
  /** Margins besides the top, e.g. room below the plot for animation controls. */
  readonly margin?: Omit<Margin, "t">;
}

/** The title, legend, margins and height of a figure, planned as the module comment says. */
export type FrameLayout = Required<Pick<Layout, "title" | "showlegend" | "margin" | "height">> & Pick<Layout, "legend">;

/** How many entries plotly lists in the legend: traces not hidden from it (contour fills and surfaces never are). */
export function legendCount(data: readonly Trace[]): number {
  return data.filter((t) => t.showlegend !== false && t.type !== "contour" && t.type !== "surface").length;
}

export function frameLayout(spec: FrameSpec): FrameLayout {
  const entries = legendCount(spec.data);
  const showlegend = spec.showlegend ?? entries > 1;
  const lines = wrapTitle(spec.title);
  const text =
    lines.map(plotlyText).join("<br>") + (spec.subtitle === undefined ? "" : `<br><sup>${plotlyText(spec.subtitle)}</sup>`);
  const titleBlock = TITLE_PAD + lines.length * TITLE_LINE + (spec.subtitle === undefined ? 0 : SUBTITLE_LINE);
  const legend =
    showlegend && entries > 0
      ? placeLegend(entries, spec.colorbar ?? false, Number(((titleBlock + GAP / 2) / spec.height).toFixed(4)))
      : undefined;
  return {
    title: {
      text,
      x: 0.5,
      xanchor: "center",
      y: 1,
      yref: "container",
      yanchor: "top",
      pad: { t: TITLE_PAD + (lines.length > 1 || spec.subtitle !== undefined ? MULTILINE_SHIFT : 0) },
    },
    showlegend,
    ...(legend ? { legend } : {}),
    // The least top margin: a legend above the plot adds its own height (plotly reserves it).
    margin: { ...spec.margin, t: titleBlock + GAP },
    height: spec.height,
  };
}

/** Entries evenly spaced whatever their markers, with no extra gap between legend groups (a run's path and markers). */
const EVEN_ENTRIES = { itemsizing: "constant", tracegroupgap: 0 } as const;

/**
 * A column at the right for a line chart with many entries; otherwise rows above the
 * plot, their top `below` (a fraction of the figure's height) under the figure's top edge.
 */
export function placeLegend(entries: number, colorbar: boolean, below: number): Legend {
  if (!colorbar && entries > MAX_TOP_LEGEND) {
    return { orientation: "v", x: 1.02, y: 1, xanchor: "left", yanchor: "top", ...EVEN_ENTRIES };
  }
  return { orientation: "h", x: 0, xanchor: "left", y: 1 - below, yref: "container", yanchor: "top", ...EVEN_ENTRIES };
}

/** Lines of at most TITLE_CHARS characters, broken at spaces (a longer word stays whole). */
export function wrapTitle(title: string): string[] {
  if ([...title].length <= TITLE_CHARS) return [title];
  const lines: string[] = [];
  let line = "";
  for (const word of title.split(" ")) {
    if (line !== "" && [...line].length + 1 + [...word].length > TITLE_CHARS) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
