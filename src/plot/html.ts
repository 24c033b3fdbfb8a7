/**
 * HTML for figures, working offline in every page that shows notebook outputs:
 * classic Notebook and nbconvert's export (both load require.js), JupyterLab, VS Code.
 *
 * plotly.js is inlined from the npm package, never fetched from a CDN. It runs inside
 * a function whose `define`, `module` and `exports` parameters are undefined, so that
 * where require.js is present the bundle does not register itself as an anonymous AMD
 * module (plotly.js 2.x does; require.js then throws "Mismatched anonymous define()"
 * and window.Plotly stays unset) but sets window.Plotly.
 *
 * Each figure's script waits for window.Plotly and for its own div: front-ends run
 * output scripts before the output is attached to the page (classic Notebook), or
 * render a saved notebook's outputs out of order.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Figure } from "./figure";
import { withContrast } from "./contrast";
import { fitToWidth } from "./narrow";
import { escapeHtml, scriptJson } from "./text";

/** CSS class of every figure's container, for styling and for tests that count plots. */
export const PLOT_CLASS = "adaptive-lr-plot";

let bundle: { source: string; version: string } | undefined;
let packed: string | undefined;

/**
 * A bundle's source made safe to put between <script> and </script>: "</script" would
 * end the element early, so it becomes "<\/script" (the same in JS strings, regexes and
 * comments). "<!--" followed by "<script" would leave the parser in a state where
 * "</script>" no longer closes the element; no plotly.js has both, so that is refused.
 */
export function inlineSafe(source: string, what: string): string {
  const escaped = source.replace(/<\/(script)/gi, "<\\/$1");
  if (/<!--/.test(escaped) && /<script/i.test(escaped)) {
    throw new Error(`${what} contains "<!--" and "<script", which cannot be inlined safely in HTML`);
  }
  return escaped;
}

/**
 * Runs `source` with `define`, `module` and `exports` undefined and `this` = window, so a
 * UMD bundle takes its browser-global branch (window.Plotly) even where require.js is
 * loaded. Skipped when window.Plotly already exists (a second loadPlotly()).
 */
export function globalOnlyScript(source: string): string {
  return `if (!window.Plotly) {\n(function (define, module, exports) {\n${source}\n}).call(window);\n}`;
}

/**
 * Where the custom plotly.js bundle is: built next to this module's JavaScript by
 * `npm run build` (scripts/plotly/bundle.js), with exactly the trace types of TRACE_TYPES.
 */
export function plotlyBundlePath(): string {
  return join(__dirname, "..", "plotly.min.js");
}

/** The custom plotly.js bundle, read once, made safe to inline. */
export function plotlyBundle(): { source: string; version: string } {
  if (bundle) return bundle;
  const path = plotlyBundlePath();
  if (!existsSync(path)) {
    throw new Error(`plotly.js bundle missing (${path}): run \`npm run build\` in the repository, which builds it from the plotly.js package`);
  }
  const raw = readFileSync(path, "utf8");
  const version = /plotly\.js v(\d+\.\d+\.\d+)/.exec(raw.slice(0, 200))?.[1] ?? "unknown";
  bundle = { source: inlineSafe(raw, `plotly.js ${version}`), version };
  return bundle;
}

/**
 * Browser code: the text packed by `pack` (gzip, then base64), through the browser's
 * DecompressionStream. A function's source, put into the scripts that need it.
 */
const UNPACK = `function (packed) {
  var raw = atob(packed);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text();
}`;

/** gzip (level 9, so the same text always packs to the same bytes) and base64. */
function pack(text: string): string {
  return gzipSync(Buffer.from(text, "utf8"), { level: 9 }).toString("base64");
}

/**
 * A figure whose JSON is larger than this goes into the page packed (gzip and base64: the
 * lectures' figures, contour grids and long paths, take 40% of their bytes); a smaller one
 * stays readable.
 */
export const PACK_FIGURES_OVER_BYTES = 16_000;

/**
 * The <script> that defines window.Plotly (once; later copies do nothing). The bundle is
 * inlined gzipped and base64-encoded (0.8 MB instead of 1.8 MB in every notebook) and
 * unpacked by the browser's DecompressionStream, then run as globalOnlyScript says. Figures
 * wait for window.Plotly, so that it comes a few milliseconds later changes nothing.
 */
export function plotlyScriptHtml(): string {
  const { source, version } = plotlyBundle();
  packed ??= pack(source);
  return (
    `<div class="adaptive-lr-plotly" style="font-size:11px;color:#888">plotly.js ${escapeHtml(version)} (custom bundle) loaded from the npm package (works offline)</div>\n` +
    `<script type="text/javascript" data-adaptive-lr="plotly.js">
(function () {
  if (window.Plotly || window.adaptiveLrPlotlyUnpacking) return;
  if (typeof DecompressionStream !== "function") {
    console.error("plotly.js could not be unpacked: this browser has no DecompressionStream");
    return;
  }
  window.adaptiveLrPlotlyUnpacking = true;
  (${UNPACK})("${packed}").then(function (source) {
    var script = document.createElement("script");
    script.textContent = ${JSON.stringify(globalOnlyScript("\u0000"))}.replace("\\u0000", function () { return source; });
    document.head.appendChild(script);
    window.adaptiveLrPlotlyUnpacking = false;
  });
})();
</script>
`
  );
}

function newId(): string {
  return `${PLOT_CLASS}-${randomBytes(8).toString("hex")}`;
}

export interface FigureHtmlOptions {
  /** The div's id (default: random, unique across notebooks open in one page). */
  id?: string;
  /** Give up waiting for plotly.js after this many milliseconds (default 60,000). */
  timeoutMs?: number;
}

/**
 * A div and a script that draws `figure` in it with window.Plotly. The figure's JSON
 * is escaped so no string in it can end the script or be read as HTML. When drawn,
 * the div gets `data-render-ms`: how long Plotly.newPlot took.
 */
export function figureHtml(figure: Figure, options: FigureHtmlOptions = {}): string {
  const id = options.id ?? newId();
  if (!/^[A-Za-z][\w-]*$/.test(id)) throw new RangeError(`figureHtml: Invalid id: ${JSON.stringify(id)} (id must be letters, digits, - or _)`);
  const height = figure.layout.height ?? 450;
  // The title as read: line breaks and the subtitle's <sup> are markup the builders add.
  const label = figure.layout.title.text
    .replace(/<br>/g, " ")
    .replace(/<\/?sup>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
  const json = scriptJson(figure);
  return `<div id="${id}" class="${PLOT_CLASS}" role="img" aria-label="${escapeHtml(label)}" style="width:100%;height:${height}px"></div>
<script type="text/javascript">
(function () {
  var id = ${scriptJson(id)};
  var figure = ${json.length > PACK_FIGURES_OVER_BYTES ? "null" : json};
  var packedFigure = ${json.length > PACK_FIGURES_OVER_BYTES ? JSON.stringify(pack(json)) : "null"};
  // Unpacked at once, so the figure is ready by the time it is to be drawn.
  var unpacked = null;
  if (packedFigure && typeof DecompressionStream !== "function") console.error("figure " + id + " could not be unpacked: this browser has no DecompressionStream");
  else if (packedFigure) unpacked = (${UNPACK})(packedFigure).then(function (text) { figure = JSON.parse(text); });
  var timeout = ${options.timeoutMs ?? 60000};
  var started = Date.now();
  var fitToWidth = ${fitToWidth.toString()};
  // A frame that only moves markers is applied here, to the drawn points themselves:
  // plotly's animate recomputes and redraws every moving trace (25-40 ms a frame here, four
  // times that on a slow laptop), this sets one attribute per marker. The data, and what
  // hover reads, move with them, so a later full redraw shows the same.
  var framesByName = {}; // filled when the figure is drawn that way
  function movesMarkersOnly(fig) {
    return Boolean(fig.frames && fig.frames.length) && fig.frames.every(function (f) {
      return f.traces && f.data && f.data.length === f.traces.length && f.data.every(function (d, k) {
        var t = fig.data[f.traces[k]];
        return t && t.type === "scatter" && t.mode === "markers" && Object.keys(d).sort().join() === "x,y" && d.x.length === d.y.length;
      });
    });
  }
  function moveMarkers(div, frame) {
    if (!frame || !div._fullData || !div.calcdata) return false;
    var groups = {};
    Array.prototype.forEach.call(div.querySelectorAll("g.trace.scatter"), function (g) {
      var cd = g.__data__;
      if (cd && cd[0] && cd[0].trace) groups[cd[0].trace.index] = g;
    });
    var moves = [];
    for (var k = 0; k < frame.traces.length; k++) {
      var i = frame.traces[k], d = frame.data[k], full = div._fullData[i], cd = div.calcdata[i], g = groups[i];
      if (!full || !cd || !g || !full.visible || cd.length !== d.x.length) return false;
      var points = g.querySelectorAll("path.point");
      var xa = div._fullLayout[full.xaxis.replace("x", "xaxis")], ya = div._fullLayout[full.yaxis.replace("y", "yaxis")];
      // A marker with no position (a run that diverged) has no element to move: plotly draws that frame.
      if (points.length !== d.x.length || !xa || !ya) return false;
      for (var j = 0; j < d.x.length; j++) {
        if (d.x[j] === null || d.y[j] === null || !isFinite(xa.c2p(d.x[j])) || !isFinite(ya.c2p(d.y[j]))) return false;
      }
      moves.push([i, d, cd, points, xa, ya]);
    }
    moves.forEach(function (m) {
      var i = m[0], d = m[1], cd = m[2], points = m[3], xa = m[4], ya = m[5];
      div.data[i].x = d.x.slice();
      div.data[i].y = d.y.slice();
      div._fullData[i].x = div.data[i].x;
      div._fullData[i].y = div.data[i].y;
      for (var j = 0; j < d.x.length; j++) {
        cd[j].x = d.x[j];
        cd[j].y = d.y[j];
        points[j].setAttribute("transform", "translate(" + xa.c2p(d.x[j]).toFixed(2) + "," + ya.c2p(d.y[j]).toFixed(2) + ")");
      }
    });
    return true;
  }
  // The HTML controls under the figure are its only controls: plotly's own would play the
  // frames the slow way and out of step with them, so they are left out, with their space.
  function withoutPlotlyControls(fig) {
    var layout = Object.assign({}, fig.layout);
    delete layout.updatemenus;
    delete layout.sliders;
    layout.margin = Object.assign({}, layout.margin);
    if (!(layout.margin.b <= 80)) layout.margin.b = 80;
    return { data: fig.data, layout: layout, frames: fig.frames };
  }
  // plotly's play button and slider are drawn in SVG, out of reach of the keyboard and of
  // screen readers: the same two controls as HTML under the figure instead (outside its
  // role="img", so the figure keeps its label), labelled.
  function addKeyboardControls(div) {
    var menu = figure.layout.updatemenus && figure.layout.updatemenus[0];
    var slider = figure.layout.sliders && figure.layout.sliders[0];
    if (!menu || !slider || div.nextElementSibling && div.nextElementSibling.className === "adaptive-lr-controls") return;
    var steps = slider.steps;
    var prefix = (slider.currentvalue && slider.currentvalue.prefix) || "";
    var bar = document.createElement("div");
    bar.className = "adaptive-lr-controls";
    bar.style.cssText = "display:flex;align-items:center;gap:8px;margin:2px 0 8px;font:13px system-ui,sans-serif";
    var play = document.createElement("button");
    play.type = "button";
    play.textContent = "▶ Play";
    play.setAttribute("aria-label", "Play the animation: " + div.getAttribute("aria-label"));
    var range = document.createElement("input");
    range.type = "range";
    range.min = "0";
    range.max = String(steps.length - 1);
    range.step = "1";
    range.value = String(slider.active || 0);
    range.style.cssText = "flex:1;min-width:80px";
    range.setAttribute("aria-label", prefix.replace(/[=:]\\s*$/, "").trim() || "frame");
    var now = document.createElement("output");
    function show(i) {
      range.value = String(i);
      var text = prefix + steps[i].label;
      now.textContent = text;
      range.setAttribute("aria-valuetext", text);
    }
    show(Number(range.value));
    var playing = false;
    var timer = null;
    var frameDuration = (menu.buttons[0].args[1].frame && menu.buttons[0].args[1].frame.duration) || 80;
    function stopped() {
      playing = false;
      clearTimeout(timer);
      play.textContent = "▶ Play";
    }
    // Frame i of the slider: its markers moved where that can be done in place, else plotly's animate.
    function go(i) {
      var step = steps[i];
      show(i);
      if (!moveMarkers(div, framesByName[step.args[0][0]])) window.Plotly.animate(div, step.args[0], step.args[1]);
    }
    div.adaptiveLrShowFrame = go;
    play.addEventListener("click", function () {
      if (playing) return stopped();
      playing = true;
      play.textContent = "❚❚ Pause";
      var i = Number(range.value) >= steps.length - 1 ? 0 : Number(range.value) + 1;
      (function next() {
        if (!playing) return;
        go(i);
        if (i >= steps.length - 1) return stopped();
        i++;
        timer = setTimeout(next, frameDuration);
      })();
    });
    range.addEventListener("input", function () {
      if (playing) stopped();
      go(Number(range.value));
    });
    bar.appendChild(play);
    bar.appendChild(range);
    bar.appendChild(now);
    div.parentNode.insertBefore(bar, div.nextSibling);
  }
  // An animation's frames redraw only its moving (scatter) traces: plotly's quick path,
  // which replots every subplot with those traces alone and so removes the layers of the
  // others, the contour map (plotly.js #4491). Each subplot refuses to let such a layer go:
  // it stays as drawn, nothing about it moves (a full redraw binds to it again).
  function keepStillLayers(div) {
    // The groups that hold trace layers (a subplot's, or an overlay's inside "overplot").
    var groups = [];
    Array.prototype.forEach.call(div.querySelectorAll("g.mlayer"), function (layer) {
      if (groups.indexOf(layer.parentNode) < 0) groups.push(layer.parentNode);
    });
    groups.forEach(function (group) {
      var removeChild = group.removeChild;
      group.removeChild = function (child) {
        var still = child && child.classList && child.classList.contains("mlayer") && !child.classList.contains("scatterlayer");
        return still ? child : removeChild.call(this, child);
      };
    });
  }
  function draw() {
    var div = document.getElementById(id);
    if (!figure) return unpacked ? unpacked.then(draw) : undefined;
    if (!div || !window.Plotly) {
      if (Date.now() - started < timeout) { setTimeout(draw, 50); return; }
      // Its still picture, if it has one, stays in view.
      if (div && !div.querySelector("img.adaptive-lr-still")) div.textContent = "This figure needs plotly.js: run the notebook's first cell (loadPlotly()) again.";
      return;
    }
    // The still picture of the figure (put in its div by npm start, for where no script
    // runs) gives way to the drawing; it stays, hidden, after the div (a page prints it).
    var picture = div.querySelector("img.adaptive-lr-still");
    if (picture) {
      picture.style.display = "none";
      div.parentNode.insertBefore(picture, div.nextSibling);
    }
    var t0 = performance.now();
    var controlled = Boolean(figure.frames && figure.frames.length && figure.layout.updatemenus && figure.layout.sliders);
    if (controlled && movesMarkersOnly(figure)) figure.frames.forEach(function (f) { framesByName[f.name] = f; });
    var fitted = fitToWidth(controlled ? withoutPlotlyControls(figure) : figure, div.clientWidth);
    if (fitted.layout.height) div.style.height = fitted.layout.height + "px";
    return window.Plotly.newPlot(div, {
      data: fitted.data, layout: fitted.layout, frames: figure.frames,
      config: { responsive: true, displaylogo: false }
    }).then(function () {
      if (figure.frames && figure.frames.length) {
        keepStillLayers(div);
        addKeyboardControls(div);
      }
      div.setAttribute("data-render-ms", (performance.now() - t0).toFixed(1));
      div.setAttribute("data-drawn-at", performance.now().toFixed(1));
    }, function (e) {
      div.textContent = "plotly.js could not draw this figure: " + e;
      if (picture) picture.style.display = "block";
    });
  }
  // A page that draws figures when they come near the view (the lectures site) takes the
  // drawing over; anywhere else the figure is drawn at once.
  if (typeof window.adaptiveLrDrawLater === "function") window.adaptiveLrDrawLater(id, draw);
  else draw();
})();
</script>
`;
}

/** A standalone page: plotly.js once, then each figure. */
export function pageHtml(figures: readonly Figure[], pageTitle = "Figures"): string {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(pageTitle)}</title></head>
<body>
${plotlyScriptHtml()}${figures.map((f) => figureHtml(withContrast(f))).join("\n")}
</body></html>
`;
}
