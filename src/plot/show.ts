/**
 * Figures inline in a tslab notebook. Each figure goes out as one display_data holding
 * - text/html: a div and a script drawing it with the notebook's inlined plotly.js
 *   (classic Notebook, nbconvert's HTML export, JupyterLab and VS Code run it);
 * - application/vnd.plotly.v1+json: the figure itself, which JupyterLab's plotly
 *   extension and VS Code's notebook renderers draw without any script;
 * - text/plain: the title, for consoles.
 * plotly.js itself is sent once per kernel session (the first figure, or loadPlotly()).
 */
import type { Figure } from "./figure";
import { withContrast } from "./contrast";
import { byDecades } from "./decades";
import { clipOverflow } from "./overflow";
import { figureHtml, plotlyBundle, plotlyScriptHtml } from "./html";
import { requireKernel } from "./kernel";
import { explorableHtml, exploreScriptHtml } from "../explore/html";
import type { ExploreSpec } from "../explore/recompute";

/** MIME type of a plotly figure in notebook outputs. */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

let plotlySent = false;
/** The explorable figures' page code goes with the first such figure of a kernel session. */
let exploreSent = false;

/**
 * Puts plotly.js into the notebook (call it in the first cell). Always sends it: the page
 * may have been reloaded since the kernel last sent it.
 */
export function loadPlotly(): void {
  requireKernel().display.html(plotlyScriptHtml());
  plotlySent = true;
}

/** Same as loadPlotly(). */
export const initPlots = loadPlotly;

/** The version of the plotly.js that figures use. */
export function plotlyVersion(): string {
  return plotlyBundle().version;
}

/** Renders `figure` in the current cell's output. */
export function show(figure: Figure): void {
  if (!figure || !Array.isArray(figure.data) || !figure.layout) {
    throw new TypeError("show: figure must be a plotly figure { data: [...], layout: {...} }, e.g. from contourPlot(...)");
  }
  const kernel = requireKernel();
  clipOverflow(figure); // a diverged run clipped, and the figure says so
  byDecades(figure); // every log axis labelled by decades
  withContrast(figure); // every line 3:1 against its background
  const plain = figure.layout.title.text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  // An explorable figure (explorable(…)): the same figure, then its controls.
  const explore = (figure as { explore?: ExploreSpec }).explore;
  let html = plotlySent ? "" : plotlyScriptHtml();
  if (explore) {
    html += (exploreSent ? "" : exploreScriptHtml()) + explorableHtml({ ...figure, explore });
  } else html += figureHtml(figure);
  if (kernel.writeBundle) {
    const { data, layout, frames } = figure;
    kernel.writeBundle({
      "text/html": html,
      [PLOTLY_MIME]: frames ? { data, layout, frames } : { data, layout },
      "text/plain": `[figure: ${plain}]`,
    });
  } else {
    kernel.display.html(html);
  }
  plotlySent = true;
  if (explore) exploreSent = true;
}
