"use strict";
// The output folder: every file is written whole (temporary file, then
// rename), lectures.json keeps each notebook's last result so a run of one
// notebook keeps the others' entries, and index.html is drawn from it.
const fs = require("fs");
const path = require("path");

const { renderPages } = require("./page");
const { durationInWords } = require("./lecture-info");

// The custom plotly.js bundle that `npm run build` makes (scripts/plotly/bundle.js); pages load a copy.
const PLOTLY_BUNDLE = path.join(__dirname, "..", "..", "src", "dist", "plotly.min.js");
const MANIFEST = "lectures.json";
// The claims ledger: every claim of every notebook's last run, passed or failed.
const CLAIMS = "claims.json";
// What a page needs from MathJax 2 with config=TeX-AMS_CHTML-full,Safe (about 1.5 MB of 54 MB).
const MATHJAX_PARTS = [
  "MathJax.js",
  "config/TeX-AMS_CHTML-full.js",
  "config/Safe.js",
  "extensions",
  "jax/input/TeX",
  "jax/element",
  "jax/output/CommonHTML",
  "jax/output/PreviewHTML",
  "fonts/HTML-CSS/TeX/woff",
];
const MATHJAX_URL = "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe";

/**
 * @typedef {{ kind: string, cell: number | null, cells: number | null, firstLine: string, message: string }} Failure
 * @typedef {{ cell: number | null, cellId?: string, exercise?: string, statement: string, holds: boolean,
 *   figures: Record<string, number | string | boolean | null> }} Claim
 * @typedef {{ name: string, source: string, status: "ok" | "failed" | "interrupted", seconds: number, html: string, ipynb: string,
 *   parameters: Record<string, string>, failure: Failure | null, claims?: Claim[], finishedAt: string,
 *   lastComplete?: { status: string, finishedAt: string },
 *   title?: string, titleHtml?: string, section?: string, summary?: string }} Entry
 */

function writeAtomically(file, content) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, content);
  fs.renameSync(tmp, file);
}

/** @returns {Record<string, Entry>} */
function readManifest(out) {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(out, MANIFEST), "utf8"));
    return parsed && typeof parsed.notebooks === "object" ? parsed.notebooks : {};
  } catch {
    return {};
  }
}

/**
 * Records `entries`, forgets entries whose page or source notebook is gone (removing
 * the pages of deleted notebooks), redraws index.html. An interrupted entry keeps the
 * figures of the notebook's last complete run, with the interruption as its status.
 * @param {string} out
 * @param {Entry[]} entries
 * @param {{ sourceRoot?: string }} [options] where entries' `source` paths are relative to
 */
function updateSite(out, entries, options = {}) {
  const notebooks = readManifest(out);
  for (const entry of entries) {
    const last = notebooks[entry.name];
    notebooks[entry.name] = entry.status === "interrupted" && last && last.status !== "interrupted"
      ? { ...last, status: "interrupted", failure: entry.failure, lastComplete: { status: last.status, finishedAt: last.finishedAt } }
      : entry;
  }
  for (const name of Object.keys(notebooks)) {
    const entry = notebooks[name];
    const sourceGone = options.sourceRoot !== undefined && entry.source && !fs.existsSync(path.resolve(options.sourceRoot, entry.source));
    if (sourceGone) for (const file of [entry.html, entry.ipynb]) if (file) fs.rmSync(path.join(out, file), { force: true });
    if (sourceGone || !fs.existsSync(path.join(out, entry.html))) delete notebooks[name];
  }
  const inOrder = Object.keys(notebooks).sort().map((name) => notebooks[name]);
  renderPages(out, inOrder, { plotly: PLOTLY_BUNDLE, writeAtomically });
  writeAtomically(path.join(out, MANIFEST), JSON.stringify({ notebooks }, null, 1) + "\n");
  writeAtomically(path.join(out, CLAIMS), JSON.stringify(claimsLedger(Object.values(notebooks)), null, 1) + "\n");
  writeAtomically(path.join(out, "index.html"), indexPage(Object.values(notebooks)));
  return notebooks;
}

/** Copies the parts of a local MathJax the pages load, once per output folder. */
function copyMathJax(from, out) {
  const to = path.join(out, "mathjax");
  if (fs.existsSync(path.join(to, "MathJax.js"))) return true;
  if (!from || !fs.existsSync(path.join(from, "MathJax.js"))) return false;
  const tmp = path.join(out, `.mathjax.${process.pid}.tmp`);
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const part of MATHJAX_PARTS) {
    const src = path.join(from, part);
    if (!fs.existsSync(src)) continue;
    fs.mkdirSync(path.dirname(path.join(tmp, part)), { recursive: true });
    fs.cpSync(src, path.join(tmp, part), { recursive: true, dereference: true });
  }
  fs.rmSync(to, { recursive: true, force: true });
  fs.renameSync(tmp, to);
  return true;
}

/** @param {Entry[]} entries */
function claimsLedger(entries) {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const claims = sorted.flatMap((e) => (e.claims ?? []).map((c) => ({ notebook: e.name, ...c })));
  const notebooks = Object.fromEntries(
    sorted.map((e) => [e.name, { status: e.status, parameters: e.parameters ?? {}, ...claimCounts(e), finishedAt: e.finishedAt }]),
  );
  return { passed: claims.filter((c) => c.holds).length, failed: claims.filter((c) => !c.holds).length, notebooks, claims };
}

/** @param {Entry} entry */
function claimCounts(entry) {
  const claims = entry.claims ?? [];
  const passed = claims.filter((c) => c.holds).length;
  return { passed, failed: claims.length - passed };
}

/** "24 claims ✓", or "1 of 24 claims failed" (a failed claim stops its notebook). */
function claimsText(entry) {
  const { passed, failed } = claimCounts(entry);
  const total = passed + failed;
  if (failed > 0) return `${failed} of ${total} claims failed`;
  return `${total} claim${total === 1 ? "" : "s"} ✓`;
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/** One line that says where and why a notebook failed. */
function describeFailure(failure) {
  const where = failure.cell === null ? failure.kind : `cell ${failure.cell}${failure.cells ? ` of ${failure.cells}` : ""}`;
  const line = failure.firstLine ? ` (${failure.firstLine.length > 60 ? failure.firstLine.slice(0, 57) + "…" : failure.firstLine})` : "";
  const kind = failure.kind === "error" || failure.cell === null ? "" : ` [${failure.kind}]`;
  return `${where}${line}${kind}`;
}

/** @param {Entry[]} entries */
function ledgerText(entries) {
  const counts = entries.map(claimCounts);
  const passed = counts.reduce((s, c) => s + c.passed, 0), failed = counts.reduce((s, c) => s + c.failed, 0);
  return failed ? `${failed} of ${passed + failed} claims failed` : `${passed} claims checked, all hold`;
}

/** @param {Entry} e */
function lectureItem(e) {
  const params = Object.entries(e.parameters ?? {});
  const paramText = params.length ? `<div class="params">${escapeHtml(params.map(([k, v]) => `${k} = ${v}`).join(", "))}</div>` : "";
  const status =
    e.status === "ok"
      ? `<span class="ok">✓ ran without error</span>`
      : e.status === "interrupted"
        ? `<span class="failed">✗ interrupted${e.lastComplete ? ` (the page is from the last complete run, ${escapeHtml(e.lastComplete.status)}, ${escapeHtml(e.lastComplete.finishedAt)})` : ""}</span>`
        : `<span class="failed">✗ failed: ${escapeHtml(describeFailure(e.failure ?? { kind: "unknown", cell: null, cells: null, firstLine: "", message: "" }))}</span>`;
  const failure = e.status === "ok" ? "" : `<pre>${escapeHtml(e.failure?.message ?? "")}</pre>`;
  const { passed, failed } = claimCounts(e);
  const claims = failed ? `<span class="failed">${escapeHtml(claimsText(e))}</span>` : escapeHtml(passed ? `${passed} claim${passed === 1 ? "" : "s"} checked, all hold` : "no claims");
  const title = e.title ?? e.name;
  return `<li class="lecture">
<h2><a href="${escapeHtml(encodeURI(e.html))}">${escapeHtml(title)}</a></h2>${paramText}
${e.section ? `<p class="section">${escapeHtml(e.section)} of the lecture</p>\n` : ""}${e.summary ? `<p class="summary">${escapeHtml(e.summary)}</p>\n` : ""}<p class="facts">${status} · <span class="claims">${claims}</span> · <span class="time">runs in ${escapeHtml(durationInWords(e.seconds))}</span> · <a href="${escapeHtml(encodeURI(e.ipynb))}" download>${escapeHtml(e.name)}.ipynb</a></p>${failure}
</li>`;
}

/** @param {Entry[]} entries */
function indexPage(entries) {
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const failed = sorted.filter((e) => e.status !== "ok").length;
  const interrupted = sorted.filter((e) => e.status === "interrupted").length;
  const summary =
    failed === 0
      ? `${sorted.length} notebooks, all executed`
      : interrupted === failed
        ? `${interrupted} of ${sorted.length} notebooks interrupted`
        : `${failed} of ${sorted.length} notebooks failed or interrupted`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Adaptive learning rate: the lecture as notebooks</title>
<style>
body { font: 17px/1.55 system-ui, sans-serif; margin: 0 auto; max-width: 48rem; padding: 1rem 1rem 3rem; color: #1f2328; }
h1 { font-size: 1.7rem; line-height: 1.25; margin: .6rem 0 .4rem; }
.credit { color: #444; margin-top: 0; }
ol.lectures { list-style: none; padding: 0; margin: 1.5rem 0 0; }
li.lecture { border-top: 1px solid #d0d7de; padding: .9rem 0 1rem; }
li.lecture h2 { font-size: 1.2rem; line-height: 1.3; margin: 0 0 .2rem; }
a { color: #0550ae; }
.section { color: #555; margin: 0 0 .3rem; font-size: .92em; }
.summary { margin: 0 0 .4rem; }
.facts { font-size: .9em; color: #444; margin: 0; }
.ok { color: #116329; }
.failed { color: #b42318; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: .85em; background: #fff5f5; padding: .4rem; margin: .4rem 0 0; color: #333; }
.params { font-size: .85em; color: #555; }
</style>
</head>
<body>
<h1>Adaptive learning rate</h1>
<p class="credit">Hung-yi Lee's lecture “adaptive learning rate” (Machine Learning 2021, National Taiwan University, ML2021), as TypeScript notebooks whose every claim is computed and checked when they run.</p>
<p>${escapeHtml(summary)}. <a href="${CLAIMS}">${escapeHtml(ledgerText(sorted))}</a>. Each page is a notebook executed by <code>npm start</code>; figures are interactive and work offline.</p>
<ol class="lectures">
${sorted.map(lectureItem).join("\n")}
</ol>
</body>
</html>
`;
}

module.exports = { updateSite, claimsLedger, readManifest, copyMathJax, writeAtomically, describeFailure, indexPage, MATHJAX_URL, MANIFEST, CLAIMS, PLOTLY_BUNDLE };
