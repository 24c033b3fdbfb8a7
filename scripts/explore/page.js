// The page side of an explorable figure (bundled into src/dist/explore.min.js by
// scripts/explore/bundle.js): once the figure is drawn, its controls appear; moving one
// recomputes the run with the module's code and redraws only the traces the run changes
// (Plotly.restyle), never the contour map. The figure's div records, for tests and the
// bench, the values drawn (data-explore-values), how long the last redraw took from the
// input event (data-explore-ms) and how many there were (data-explore-redraws).
import { recompute, decodeConstants, valueAt, shownValue } from "../../src/explore/recompute";
import { fitToWidth } from "../../src/plot/narrow";

/** The title without its subtitle, wrapped as the figure's was for its width (a phone's, say). */
function fittedTitle(text, width) {
  try {
    const fitted = fitToWidth({ data: [], layout: { title: { text }, margin: {}, height: 450 } }, width);
    return typeof fitted.layout.title.text === "string" ? fitted.layout.title.text : text;
  } catch {
    return text;
  }
}

const shown = (fmt, v) => shownValue(v, fmt);

/**
 * A figure whose axes all have fixed ranges (a contour map) is redrawn by plotly's quick
 * path for animations, which recomputes and redraws only the given scatter traces: about
 * 3 times faster than Plotly.restyle, which recomputes every trace, the contour map too.
 * Where an axis follows the data (a loss curve), only restyle rescales it.
 */
function fixedAxes(div) {
  const axes = Object.keys(div.layout).filter((k) => /^[xy]axis\d*$/.test(k));
  return axes.length > 0 && axes.every((k) => Array.isArray(div.layout[k].range) && div.layout[k].autorange !== true);
}

// The quick path replots each subplot with the animated traces alone and so removes the
// other traces' layers, the contour map (plotly.js #4491): each subplot refuses to let such a
// layer go (as src/plot/html.ts does for animated figures); a full redraw binds to it again.
function keepStillLayers(div) {
  const groups = [];
  for (const layer of div.querySelectorAll("g.mlayer")) if (!groups.includes(layer.parentNode)) groups.push(layer.parentNode);
  for (const group of groups) {
    if (group.adaptiveLrKept) continue;
    group.adaptiveLrKept = true;
    const removeChild = group.removeChild;
    group.removeChild = function (child) {
      const still = child && child.classList && child.classList.contains("mlayer") && !child.classList.contains("scatterlayer");
      return still ? child : removeChild.call(this, child);
    };
  }
}

// Legend names are plotly text, which reads a little HTML: escaped as the kernel does (plotlyText).
const plotlyText = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** A trace's new attributes: points, and its name when the update gives one. */
function attributes(t) {
  const a = { x: t.x, y: t.y };
  if (t.customdata) a.customdata = t.customdata;
  if (t.name !== undefined) a.name = plotlyText(t.name);
  return a;
}

function quickRedraw(Plotly, div, updates) {
  keepStillLayers(div);
  const data = updates.map(attributes);
  return Plotly.animate(div, { data, traces: updates.map((t) => t.index) }, { transition: { duration: 0 }, frame: { duration: 0, redraw: false }, mode: "immediate" });
}

/** Redraws `updates`: the quick path where the axes are fixed, else as few restyles as their attributes allow. */
function restyle(Plotly, div, updates) {
  if (fixedAxes(div)) return quickRedraw(Plotly, div, updates);
  // One restyle per set of attributes (with customdata or not, renamed or not).
  const groups = new Map();
  for (const t of updates) {
    const key = Object.keys(attributes(t)).join();
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(t);
  }
  return Promise.all([...groups.values()].map((g) => {
    const attrs = {};
    for (const k of Object.keys(attributes(g[0]))) attrs[k] = g.map((t) => attributes(t)[k]);
    return Plotly.restyle(div, attrs, g.map((t) => t.index));
  }));
}

export function attach(id, spec) {
  const div = document.getElementById(id);
  const form = document.getElementById(`${id}-explore`);
  if (!div || !form || form.adaptiveLrAttached) return;
  // The site draws a figure when it comes near the view: wait for it.
  if (!window.Plotly || !div.data || !div._fullLayout) {
    setTimeout(() => attach(id, spec), 100);
    return;
  }
  form.adaptiveLrAttached = true;
  const { kit } = window.adaptiveLrExplore;
  const constants = decodeConstants(spec.constants);
  const note = document.getElementById(`${id}-note`);
  const values = {};
  const inputs = Array.from(form.querySelectorAll("[data-control]"));
  for (const [name, c] of Object.entries(spec.controls)) values[name] = c.value;
  const initial = inputs.map((input) => (input.type === "checkbox" ? input.checked : input.value));
  let redraws = 0, busy = false, again = false, since = 0;

  function redraw() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    const t0 = since || performance.now();
    since = 0;
    let result;
    try {
      result = recompute(spec, values, kit, div.data.length, constants);
    } catch (e) {
      note.textContent = `Could not recompute: ${e.message}`;
      busy = false;
      return;
    }
    const drawn = JSON.stringify(values);
    restyle(window.Plotly, div, result.traces).then(() => {
      note.textContent = result.note ?? "";
      div.setAttribute("data-explore-ms", (performance.now() - t0).toFixed(2));
      div.setAttribute("data-explore-values", drawn);
      div.setAttribute("data-explore-redraws", String(++redraws));
    }, (e) => {
      note.textContent = `Could not redraw: ${e}`;
    }).then(() => {
      busy = false;
      if (again) {
        again = false;
        redraw();
      }
    });
  }

  function read(input) {
    const name = input.getAttribute("data-control");
    const c = spec.controls[name];
    const v = input.type === "checkbox" ? input.checked : valueAt(c, Number(input.value));
    values[name] = v;
    const out = document.getElementById(`${input.id}-value`);
    if (out) out.textContent = shown(kit.fmt, v);
    if (input.type !== "checkbox") input.setAttribute("aria-valuetext", shown(kit.fmt, v));
  }

  for (const input of inputs) {
    input.addEventListener(input.type === "checkbox" ? "change" : "input", () => {
      since = since || performance.now();
      read(input);
      redraw();
    });
  }
  form.querySelector("[data-reset]").addEventListener("click", () => {
    inputs.forEach((input, i) => {
      if (input.type === "checkbox") input.checked = initial[i];
      else input.value = initial[i];
      const name = input.getAttribute("data-control");
      values[name] = spec.controls[name].value; // exactly the lecture's value, not the slider's nearest
      const out = document.getElementById(`${input.id}-value`);
      if (out) out.textContent = shown(kit.fmt, values[name]);
    });
    since = performance.now();
    redraw();
  });
  // The subtitle that names the lecture's settings is for static copies; here the controls
  // say them, and the current values, so it goes (once: a title relayout on every redraw
  // would cost a third of the redraw).
  const settled = spec.title === undefined ? Promise.resolve() : window.Plotly.relayout(div, { "title.text": fittedTitle(spec.title, div.clientWidth) });
  settled.then(() => {
    form.hidden = false;
    div.setAttribute("data-explore-ready", "1");
  });
}
