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
 * The <script> that defines window.Plotly (once; later copies do nothing). The bundle is
 * inlined gzipped and base64-encoded (0.8 MB instead of 1.8 MB in every notebook) and
 * unpacked by the browser's DecompressionStream, then run as globalOnlyScript says. Figures
 * wait for window.Plotly, so that it comes a few milliseconds later changes nothing.
 */
export function plotlyScriptHtml(): string {
  const { source, version } = plotlyBundle();
  packed ??= gzipSync(Buffer.from(source, "utf8"), { level: 9 }).toString("base64");
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
  var packed = "${packed}";
  var raw = atob(packed);
  var bytes = new Uint8Array(raw.length);
  for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).text().then(function (source) {
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
  return `<div id="${id}" class="${PLOT_CLASS}" role="img" aria-label="${escapeHtml(label)}" style="width:100%;height:${height}px"></div>
<script type="text/javascript">
(function () {
  var id = ${scriptJson(id)};
  var figure = ${scriptJson(figure)};
  var timeout = ${options.timeoutMs ?? 60000};
  var started = Date.now();
  var fitToWidth = ${fitToWidth.toString()};
  // plotly's play button and slider are drawn in SVG, out of reach of the keyboard and of
  // screen readers: the same two controls as HTML under the figure (outside its role="img",
  // so the figure keeps its label), labelled, kept in step with plotly's own.
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
    function stopped() {
      playing = false;
      play.textContent = "▶ Play";
    }
    play.addEventListener("click", function () {
      if (playing) {
        window.Plotly.animate(div, [null], menu.buttons[1].args[1]);
        stopped();
        return;
      }
      playing = true;
      play.textContent = "❚❚ Pause";
      window.Plotly.animate(div, null, menu.buttons[0].args[1]).then(stopped, stopped);
    });
    range.addEventListener("input", function () {
      var step = steps[Number(range.value)];
      show(Number(range.value));
      window.Plotly.animate(div, step.args[0], step.args[1]);
    });
    div.on("plotly_animatingframe", function (e) {
      for (var i = 0; i < steps.length; i++) if (steps[i].args[0][0] === e.name) show(i);
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
    var fitted = fitToWidth(figure, div.clientWidth);
    if (fitted.layout.height) div.style.height = fitted.layout.height + "px";
    window.Plotly.newPlot(div, {
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
