/**
 * The plotly.js figure objects the builders return: just the attributes they use,
 * typed precisely, so a notebook can tweak a figure (`fig.layout.height = 600`)
 * with completion and without depending on @types/plotly.js. Builders
 * return fresh objects, so mutating one is safe.
 * Numbers are plain arrays (JSON-ready); `null` is a gap (a non-finite value).
 */

export type Datum = number | null;

export interface Font {
  family?: string;
  size?: number;
  color?: string;
}

export interface Line {
  color?: string;
  width?: number;
  dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot" | "longdashdot";
  shape?: "linear" | "spline" | "hv" | "vh" | "hvh" | "vhv";
}

export type MarkerSymbol =
  | "circle"
  | "circle-open"
  | "x"
  | "x-thin-open"
  | "cross"
  | "diamond"
  | "diamond-open"
  | "square"
  | "square-open"
  | "triangle-up"
  | "triangle-down"
  | "star";

export interface Marker {
  color?: string | string[];
  size?: number;
  symbol?: MarkerSymbol;
  opacity?: number;
  line?: { color?: string; width?: number };
}

/** A named plotly scale ("Viridis") or stops [[0, "#fff"], [1, "#08f"]]. */
export type ColorScale = string | [number, string][];

export interface ColorBar {
  title?: { text: string };
  tickvals?: number[];
  ticktext?: string[];
  len?: number;
  thickness?: number;
  x?: number;
  xanchor?: "left" | "center" | "right";
}

interface TraceBase {
  name?: string;
  showlegend?: boolean;
  legendgroup?: string;
  hovertemplate?: string;
  hoverinfo?: "skip" | "none" | "all" | "text" | "name" | "x" | "y" | "x+y" | "x+y+z";
  opacity?: number;
  /** false hides the trace; "legendonly" keeps only its legend entry (click to show). */
  visible?: boolean | "legendonly";
  /** Order in the legend: lower first (plotly's default is 1000). */
  legendrank?: number;
}

export type TextPosition =
  | "top left"
  | "top center"
  | "top right"
  | "middle left"
  | "middle center"
  | "middle right"
  | "bottom left"
  | "bottom center"
  | "bottom right";

/**
 * Lines and markers in 2-D; `xaxis: "x2"`/`yaxis: "y2"` place it on a second axis pair.
 * A shaded band is one trace around its outline (x out along the upper edge and back
 * along the lower, `fill: "toself"`), or a lower edge and then an upper one with
 * `fill: "tonexty"`; `fillcolor` is best translucent ("rgba(…, 0.2)").
 */
export interface ScatterTrace extends TraceBase {
  type: "scatter";
  mode: "lines" | "markers" | "text" | "lines+markers" | "lines+text" | "markers+text" | "lines+markers+text" | "none";
  x: Datum[];
  y: Datum[];
  text?: string | string[];
  textposition?: TextPosition;
  textfont?: Font;
  /** Hover text per point (or one for all), shown where the hovertemplate has %{hovertext}. */
  hovertext?: string | string[];
  customdata?: Datum[];
  line?: Line;
  marker?: Marker;
  /** Area to shade: to y = 0, to the previous trace, or inside the trace's own outline. */
  fill?: "none" | "tozeroy" | "tozerox" | "tonexty" | "tonextx" | "toself" | "tonext";
  fillcolor?: string;
  /** What hovering reacts to: the points, the filled area, or both. */
  hoveron?: "points" | "fills" | "points+fills";
  /** Draw across null values instead of leaving a gap. */
  connectgaps?: boolean;
  /** Traces with the same stackgroup are stacked (their y added) and filled. */
  stackgroup?: string;
  /** false: markers and text may extend past the axes. */
  cliponaxis?: boolean;
  xaxis?: string;
  yaxis?: string;
}

export interface ContourTrace extends TraceBase {
  type: "contour";
  x: number[];
  y: number[];
  /** z[row][column]: row j is y[j], column i is x[i]. */
  z: (Datum[])[];
  customdata?: (Datum[])[];
  contours: {
    start: number;
    end: number;
    size: number;
    coloring?: "fill" | "lines" | "heatmap";
    showlabels?: boolean;
  };
  colorscale?: ColorScale;
  reversescale?: boolean;
  colorbar?: ColorBar;
  /** false hides the colour bar (a second map sharing the first one's). */
  showscale?: boolean;
  line?: Line;
}

export interface SurfaceTrace extends TraceBase {
  type: "surface";
  x: number[];
  y: number[];
  z: (Datum[])[];
  colorscale?: ColorScale;
  reversescale?: boolean;
  colorbar?: ColorBar;
}

export interface Scatter3dTrace extends TraceBase {
  type: "scatter3d";
  mode: "lines" | "markers" | "lines+markers";
  x: Datum[];
  y: Datum[];
  z: Datum[];
  line?: Line;
  marker?: Marker;
}

export interface BarTrace extends TraceBase {
  type: "bar";
  x: Datum[];
  y: Datum[];
  marker?: Marker;
}

export type Trace = ScatterTrace | ContourTrace | SurfaceTrace | Scatter3dTrace | BarTrace;

export interface Title {
  text: string;
  font?: Font;
  /** Position as a fraction of the `xref`/`yref` box (container: the whole figure; paper: the plot area). */
  x?: number;
  y?: number;
  xref?: "container" | "paper";
  yref?: "container" | "paper";
  xanchor?: "auto" | "left" | "center" | "right";
  yanchor?: "auto" | "top" | "middle" | "bottom";
  /** Padding in px on the anchored side (pad.t with yanchor "top"). */
  pad?: { t?: number; r?: number; b?: number; l?: number };
  /** Let the title widen the margins instead of overlapping the plot (yref "paper"). */
  automargin?: boolean;
}

export interface Axis {
  title?: Title;
  type?: "linear" | "log";
  range?: [number, number];
  /** [from, to] as fractions of the plotting area, for stacked subplots. */
  domain?: [number, number];
  /** Another axis ("x", "y2") whose zoom this one follows. */
  matches?: string;
  /** Another axis ("x") this one is drawn over: the same place, a layer of its own. */
  overlaying?: string;
  visible?: boolean;
  showgrid?: boolean;
  anchor?: string;
  showticklabels?: boolean;
  zeroline?: boolean;
  exponentformat?: "e" | "power" | "SI" | "none";
  separatethousands?: boolean;
  scaleanchor?: string;
  /** Tick spacing; on a log axis, in decades (1: every power of ten). */
  dtick?: number | string;
  /** Ticks at exactly these values. */
  tickvals?: number[];
  ticktext?: string[];
}

export interface SceneAxis {
  title?: Title;
  type?: "linear" | "log";
}

export interface Legend {
  orientation?: "h" | "v";
  x?: number;
  y?: number;
  xanchor?: "auto" | "left" | "center" | "right";
  yanchor?: "auto" | "top" | "middle" | "bottom";
  xref?: "container" | "paper";
  yref?: "container" | "paper";
  /** "constant": every entry's symbol the same size, so rows have equal height. */
  itemsizing?: "trace" | "constant";
  /** Width of each entry: px, or with entrywidthmode "fraction" a share of the plot width (fixed columns). */
  entrywidth?: number;
  entrywidthmode?: "pixels" | "fraction";
  traceorder?: "normal" | "reversed" | "grouped" | "reversed+grouped";
  /** px between legend groups (plotly's default 10 makes rows of grouped entries uneven). */
  tracegroupgap?: number;
  font?: Font;
  bgcolor?: string;
}

export interface Annotation {
  text: string;
  x: number;
  y: number;
  xref: "paper" | "x" | "x2";
  yref: "paper" | "y" | "y2";
  showarrow: boolean;
  xanchor?: "left" | "center" | "right";
  yanchor?: "top" | "middle" | "bottom";
  font?: Font;
  bgcolor?: string;
}

/** Arguments of plotly's `animate` method: frame names (null = all frames) and timing. */
export type AnimateArgs = [
  (string | null)[] | null,
  {
    mode: "immediate" | "next" | "afterall";
    fromcurrent?: boolean;
    frame: { duration: number; redraw: boolean };
    transition: { duration: number };
  },
];

export interface UpdateMenu {
  type: "buttons";
  direction?: "left" | "right";
  showactive: boolean;
  x: number;
  y: number;
  xanchor?: "left" | "right";
  yanchor?: "top" | "bottom";
  pad?: { t?: number; r?: number };
  buttons: { label: string; method: "animate"; args: AnimateArgs }[];
}

export interface Slider {
  active: number;
  x: number;
  y: number;
  len: number;
  xanchor?: "left" | "center" | "right";
  yanchor?: "top" | "middle" | "bottom";
  /** Padding in px; pad.l keeps the slider clear of buttons to its left at any width. */
  pad?: { t?: number; r?: number; b?: number; l?: number };
  currentvalue: { prefix: string; visible: boolean };
  steps: { label: string; method: "animate"; args: AnimateArgs }[];
}

/** Space around the plot area, px; plotly widens it for legends and colour bars outside (autoexpand). */
export interface Margin {
  l?: number;
  r?: number;
  t?: number;
  b?: number;
  pad?: number;
  autoexpand?: boolean;
}

export interface Layout {
  title: Title;
  xaxis?: Axis;
  yaxis?: Axis;
  xaxis2?: Axis;
  yaxis2?: Axis;
  yaxis3?: Axis;
  yaxis4?: Axis;
  scene?: {
    xaxis?: SceneAxis;
    yaxis?: SceneAxis;
    zaxis?: SceneAxis;
    aspectmode?: "auto" | "cube" | "data" | "manual";
  };
  showlegend?: boolean;
  legend?: Legend;
  annotations?: Annotation[];
  updatemenus?: UpdateMenu[];
  sliders?: Slider[];
  margin?: Margin;
  height?: number;
  width?: number;
  hovermode?: "closest" | "x" | "x unified" | false;
  barmode?: "group" | "overlay" | "relative";
  bargap?: number;
}

/** Data that replaces trace `traces[i]`'s attributes in one animation frame. */
export interface Frame {
  name: string;
  data: Partial<ScatterTrace>[];
  traces: number[];
}

/** What `Plotly.newPlot(div, figure)` accepts, and what `show` renders. */
export interface Figure {
  data: Trace[];
  layout: Layout;
  frames?: Frame[];
}
