/**
 * A figure drawn in a narrow space (a phone, a narrow notebook column): the layout that
 * the builders plan for a wide one (layout.ts) is re-planned once the width is known, in
 * the browser, just before drawing:
 * - the title is wrapped again to the width, so no line runs past the figure's edges;
 * - the legend goes below the plot, in rows, and the colour bar lies flat under the plot,
 *   so the plot area keeps the width (at least 250 px on a 390 px phone);
 * - the figure grows by what moved below, so the plot area keeps its height;
 * - the race's slider goes under its buttons instead of beside them.
 *
 * `fitToWidth` runs in the browser from its own source text (figureHtml embeds
 * `fitToWidth.toString()`), so it uses nothing outside its body.
 */
import type { Figure } from "./figure";

/** Below this width (px) a figure is re-planned. */
export const NARROW_WIDTH = 600;

/** The figure's data and layout as drawn at `width` px: unchanged at NARROW_WIDTH and above. */
export function fitToWidth(figure: Pick<Figure, "data" | "layout">, width: number): Pick<Figure, "data" | "layout"> {
  // Everything below is self-contained: this function is shipped to the browser as text.
  const NARROW = 600;
  if (!(width > 0) || width >= NARROW) return figure;
  type Loose = { [key: string]: any }; // eslint-disable-line @typescript-eslint/no-explicit-any
  const layout: Loose = JSON.parse(JSON.stringify(figure.layout));
  const data: Loose[] = JSON.parse(JSON.stringify(figure.data));
  const plain = (s: string): string => s.replace(/<[^>]*>/g, "").replace(/&[a-z#0-9]+;/gi, "x");
  const wrap = (text: string, chars: number): string[] => {
    const lines: string[] = [];
    let line = "";
    for (const word of text.split(" ")) {
      if (line !== "" && plain(line).length + 1 + plain(word).length > chars) {
        lines.push(line);
        line = word;
      } else {
        line = line === "" ? word : line + " " + word;
      }
    }
    lines.push(line);
    return lines;
  };
  let grow = 0; // px added to the figure's height
  let below = 0; // px stacked under the plot (from the bottom edge up): legend, then colour bar

  // Two panels side by side (sideBySide) are stacked, each as wide as the figure.
  const x1 = layout.xaxis, x2 = layout.xaxis2, y1 = layout.yaxis, y2 = layout.yaxis2;
  if (x1 && x2 && y1 && y2 && Array.isArray(x1.domain) && Array.isArray(x2.domain) && x1.domain[1] <= x2.domain[0] && !y1.domain && !y2.domain) {
    const margin = layout.margin || {};
    const panel = (layout.height || 450) - (margin.t || 0) - (margin.b === undefined ? 80 : margin.b);
    const gap = 84; // the upper panel's x axis and title, then the lower panel's heading
    const plot = 2 * panel + gap;
    x1.domain = [0, 1];
    x2.domain = [0, 1];
    y1.domain = [Number(((panel + gap) / plot).toFixed(4)), 1];
    y2.domain = [0, Number((panel / plot).toFixed(4))];
    y2.title = y1.title;
    if (Array.isArray(layout.annotations) && layout.annotations.length >= 2) { // the two headings first; a note of clipped values may follow
      layout.annotations[0] = Object.assign({}, layout.annotations[0], { x: 0.5, y: 1 });
      layout.annotations[1] = Object.assign({}, layout.annotations[1], { x: 0.5, y: y2.domain[1] });
    }
    grow += panel + gap;
  }

  // The title, wrapped to the width (17 px type: about 9 px per character).
  const title = layout.title;
  if (title && typeof title.text === "string") {
    const main: string[] = [];
    const sub: string[] = [];
    for (const part of title.text.split("<br>")) (/^<sup>/.test(part) ? sub : main).push(part.replace(/<\/?sup>/g, ""));
    const mainLines = wrap(main.join(" "), Math.max(12, Math.floor((width - 24) / 9.2)));
    const subLines = sub.length ? wrap(sub.join(" "), Math.max(16, Math.floor((width - 24) / 6.8))) : [];
    const added = (mainLines.length - main.length) * 24 + (subLines.length - sub.length) * 18;
    title.text = mainLines.join("<br>") + subLines.map((s) => "<br><sup>" + s + "</sup>").join("");
    // plotly draws a title of several lines 12 px higher (see layout.ts, MULTILINE_SHIFT).
    if (main.length + sub.length === 1 && mainLines.length + subLines.length > 1 && title.pad) title.pad.t = (title.pad.t || 0) + 12;
    layout.margin = layout.margin || {};
    layout.margin.t = (layout.margin.t || 0) + added;
    grow += added;
  }

  // The legend below the plot, in rows: about 7 px per character plus the symbol.
  const entries = data.filter((t) => t.showlegend !== false && t.type !== "contour" && t.type !== "surface");
  if (layout.showlegend !== false && entries.length > 0 && (layout.showlegend === true || entries.length > 1)) {
    let rows = 1;
    let used = 0;
    for (const t of entries) {
      const w = 50 + 7.5 * plain(String(t.name || "")).length;
      if (used > 0 && used + w > width - 10) {
        rows += 1;
        used = 0;
      }
      used += w;
    }
    const height = rows * 21 + 10;
    layout.legend = Object.assign({}, layout.legend, { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container" });
    below += height;
  }

  // Colour bars lie flat under the plot, above the legend.
  const scaled = data.filter((t) => (t.type === "contour" || t.type === "surface") && t.showscale !== false);
  const barAt = below;
  if (scaled.length > 0) {
    const barHeight = 84;
    for (const t of scaled) {
      const bar = Object.assign({}, t.colorbar);
      const barTitle = bar.title ? Object.assign({}, bar.title, { side: "top" }) : undefined;
      // Every other label of many, all upright: a flat bar has room for about five.
      const ticks: unknown[] | undefined = bar.tickvals;
      if (Array.isArray(ticks) && ticks.length > 5) {
        const step = Math.ceil(ticks.length / 5);
        const keep = (_: unknown, i: number) => i % step === 0;
        bar.tickvals = ticks.filter(keep);
        if (Array.isArray(bar.ticktext)) bar.ticktext = bar.ticktext.filter(keep);
      }
      t.colorbar = Object.assign(bar, {
        orientation: "h", x: 0.5, xanchor: "center", xref: "paper", len: 1, lenmode: "fraction", thickness: 12, tickangle: 0,
        y: 0, yanchor: "bottom", yref: "paper",
      });
      if (barTitle) t.colorbar.title = barTitle;
    }
    below += barHeight;
  }
  // Nothing is left at the right of the plot; a 3-D scene keeps its own margins.
  if (layout.margin && (scaled.length > 0 || (layout.legend && layout.legend.yref === "container"))) {
    if (!layout.scene) layout.margin.r = Math.min(layout.margin.r === undefined ? 80 : layout.margin.r, 16);
  }
  if (below > 0) {
    layout.margin = layout.margin || {};
    layout.margin.b = (layout.margin.b === undefined ? 80 : layout.margin.b) + below;
    grow += below;
  }

  // Animation controls: the slider under the buttons (the buttons take half a phone's width).
  if (Array.isArray(layout.sliders) && layout.sliders.length > 0) {
    for (const s of layout.sliders) s.pad = Object.assign({}, s.pad, { l: 0, t: (s.pad && s.pad.t ? s.pad.t : 0) + 44 });
    layout.margin.b += 74;
    grow += 74;
  }
  layout.height = (layout.height || 450) + grow;
  // The bar's bottom edge stands 30 px (its labels) above the legend, in plot-area units.
  const plotHeight = layout.height - (layout.margin.t || 0) - layout.margin.b;
  for (const t of scaled) t.colorbar.y = Number((-(layout.margin.b - barAt - 30) / plotHeight).toFixed(4));
  return { data: data as Figure["data"], layout: layout as Figure["layout"] };
}
