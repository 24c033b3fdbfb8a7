#!/usr/bin/env node
"use strict";
/*
 * npm run bench:site: how soon a reader of the lectures site sees formulas and figures,
 * in real headless Chromium from file://, unthrottled and at 4× CPU throttling (CDP
 * Emulation.setCPUThrottlingRate, a cheap laptop), on the site `npm start` wrote.
 * Baseline, measured in the same run: the same executed notebook exported by plain
 * nbconvert (plotly.js inlined, every figure drawn at load, MathJax after the load event),
 * as the site was before it was split into pages with shared files.
 *  - first formula: the first typeset formula (.MathJax_CHTML) appears;
 *  - figures in view: every figure in the first screen drawn (or, when the first screen
 *    has none, the first figure after jumping to it);
 *  - race: 60 frames of the race (05-adam) played back to back;
 *  - explorable figure: from moving a slider to the redrawn figure, 10,000 updates per run
 *    (scripts/bench/explore.js; its own page, so it needs no site).
 * Goals: first formula ≤ 1.5 s; figures in view ≤ 1.0 s, ≤ 4 s at 4×; race ≤ 6 s at 4×;
 * explorable figure ≤ 100 ms.
 * Prints a table and writes it to bench-site-results.md (or --out FILE). Options:
 * --site DIR (default site/), --pages 02,05 (name prefixes), --quick (no baseline).
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { chromium } = require("playwright-core");
const { findJupyterPython } = require("../kernel/jupyter");
const { benchExplore, exploreTable } = require("./bench/explore");

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const repoRoot = path.resolve(__dirname, "..");
const site = path.resolve(option("--site", path.join(repoRoot, "site")));
const outFile = option("--out", path.join(repoRoot, "bench-site-results.md"));
const prefixes = option("--pages", "02,03,05").split(",");
const quick = args.includes("--quick");

const lines = [];
const say = (s) => {
  console.log(s);
  lines.push(s);
};

/** Records when the first typeset formula appears, from the very start of the page. */
const WATCH_FORMULAS = () => {
  new MutationObserver((_, observer) => {
    if (document.querySelector(".MathJax_CHTML")) {
      window.__firstFormulaAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
};

async function measure(context, file, throttle) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.route("**/*", (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort()));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await page.addInitScript(WATCH_FORMULAS);
  await page.goto(`file://${file}`, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__firstFormulaAt !== undefined, null, { timeout: 120_000, polling: 100 });
  const firstFormula = await page.evaluate(() => window.__firstFormulaAt);
  // Figures in the first screen, or the first figure once jumped to.
  const inView = await page.evaluate(() =>
    Array.from(document.querySelectorAll(".adaptive-lr-plot")).filter((d) => d.getBoundingClientRect().top < innerHeight).length,
  );
  let figures, what, atLoad = false;
  if (inView > 0) {
    await page.waitForFunction(
      () => Array.from(document.querySelectorAll(".adaptive-lr-plot")).filter((d) => d.getBoundingClientRect().top < innerHeight).every((d) => d.hasAttribute("data-drawn-at")),
      null,
      { timeout: 120_000, polling: 100 },
    );
    figures = await page.evaluate(() =>
      Math.max(...Array.from(document.querySelectorAll(".adaptive-lr-plot")).filter((d) => d.getBoundingClientRect().top < innerHeight).map((d) => Number(d.getAttribute("data-drawn-at")))),
    );
    what = `${inView} in the first screen, from navigation`;
  } else {
    // The reader reads, then jumps to the first figure: from the jump to the figure drawn.
    await page.waitForLoadState("load");
    await page.waitForTimeout(500);
    const jumped = await page.evaluate(() => {
      document.querySelector(".adaptive-lr-plot").scrollIntoView();
      return performance.now();
    });
    await page.waitForFunction(() => document.querySelector(".adaptive-lr-plot").hasAttribute("data-drawn-at"), null, { timeout: 120_000, polling: 100 });
    const drawnAt = await page.evaluate(() => Number(document.querySelector(".adaptive-lr-plot").getAttribute("data-drawn-at")));
    // The baseline draws everything before load, so there is no wait after the jump; what
    // it costs is the time to that load, reported from navigation instead.
    atLoad = drawnAt <= jumped;
    figures = atLoad ? drawnAt : drawnAt - jumped;
    what = "first figure, from the jump to it";
  }
  await page.close();
  return { firstFormula, figures, what, atLoad };
}

/**
 * 60 frames of the race, each painted before the next, in ms. `how`: "page", what the
 * page's Play does (markers moved in place, src/plot/html.ts); the baselines, plotly's
 * animate: "quick" (redraw: false, the moving traces recomputed and redrawn) and
 * "redraw" (every frame redraws the whole figure, contour map included).
 */
async function race(context, file, throttle, how) {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.route("**/*", (route) => (/^(file|data|blob):/.test(route.request().url()) ? route.continue() : route.abort()));
  const cdp = await context.newCDPSession(page);
  await page.goto(`file://${file}`);
  const handle = await page.waitForFunction(
    () => {
      // The first figure with frames: figures draw as they come into view, so bring
      // each in turn until one has them.
      const all = Array.from(document.querySelectorAll(".adaptive-lr-plot"));
      const race = all.find((d) => d._transitionData && d._transitionData._frames.length > 0);
      if (race) {
        race.scrollIntoView();
        return race;
      }
      all.find((d) => !d.hasAttribute("data-drawn-at"))?.scrollIntoView();
      return null;
    },
    null,
    { timeout: 120_000, polling: 200 },
  );
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  const result = await handle.evaluate(async (gd, how) => {
    const names = gd._transitionData._frames.map((f) => f.name);
    const button = gd.layout.updatemenus?.[0]?.buttons[0].args[1] ?? { mode: "immediate", transition: { duration: 0 } };
    const painted = () => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) {
      if (how === "page") {
        gd.adaptiveLrShowFrame(i % names.length);
        await painted();
      } else {
        await window.Plotly.animate(gd, [names[i % names.length]], { ...button, mode: "immediate", frame: { duration: 0, redraw: how === "redraw" } });
      }
    }
    return { ms: performance.now() - t0, frames: 60 };
  }, how);
  await page.close();
  return result;
}

/** The baseline page: the executed notebook exported by plain nbconvert, next to the site's files. */
function baselinePage(name, dir) {
  const jupyter = findJupyterPython();
  if (!jupyter) return null;
  const r = spawnSync(jupyter.python, ["-m", "nbconvert", "--to", "html", "--output-dir", dir, "--output", `${name}.baseline`, path.join(site, `${name}.ipynb`)], {
    encoding: "utf8",
  });
  if (r.status !== 0) return null;
  const file = path.join(dir, `${name}.baseline.html`);
  // Offline like the site: the same local MathJax, no require.js.
  const html = fs
    .readFileSync(file, "utf8")
    .replace(/<script src="https:[^"]*require[^"]*"><\/script>/, "")
    .replace(/https:\/\/cdnjs\.cloudflare\.com\/ajax\/libs\/mathjax\/[^/]+\/MathJax\.js\?config=TeX-AMS_CHTML-full,Safe/, "mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe");
  fs.writeFileSync(file, html);
  return file;
}

async function main() {
  if (!fs.existsSync(path.join(site, "index.html"))) throw new Error(`no site in ${site}: run npm start first`);
  const names = fs.readdirSync(site).filter((f) => f.endsWith(".ipynb")).map((f) => f.replace(/\.ipynb$/, ""));
  const pages = names.filter((n) => prefixes.some((p) => n.startsWith(p))).sort();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "bench-site-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const f = (ms) => (ms / 1000).toFixed(2);
  try {
    say(`# lectures site benchmark (${new Date().toISOString()}, ${os.cpus().length} cores, headless Chromium from file://)`);
    say("");
    say("Times in seconds from navigation (figures: see the column). Baseline: the same notebook exported by plain nbconvert, plotly.js inlined, all figures drawn at load.");
    say("");
    say("| page | CPU | first formula | baseline | figures in view | baseline | what | goals |");
    say("|---|---:|---:|---:|---:|---:|---|---|");
    for (const name of pages) {
      const baseline = quick ? null : baselinePage(name, site);
      for (const throttle of [1, 4]) {
        const m = await measure(context, path.join(site, `${name}.html`), throttle);
        const b = baseline ? await measure(context, baseline, throttle) : null;
        const goals = throttle === 1 ? `formula ≤ 1.5 ${m.firstFormula <= 1500 ? "✓" : "✗"}, figures ≤ 1.0 ${m.figures <= 1000 ? "✓" : "✗"}` : `figures ≤ 4 ${m.figures <= 4000 ? "✓" : "✗"}`;
        say(`| ${name} | ${throttle}× | ${f(m.firstFormula)} | ${b ? f(b.firstFormula) : "–"} | ${f(m.figures)} | ${b ? f(b.figures) + (b.atLoad ? " (drawn at load, from navigation)" : "") : "–"} | ${m.what} | ${goals} |`);
      }
      if (baseline) fs.rmSync(baseline, { force: true });
    }
    const racePage = names.find((n) => n.startsWith("05"));
    if (racePage) {
      say("");
      say("| race (05) | CPU | 60 frames, Play (markers moved in place) (s) | plotly animate, moving traces redrawn (s) | ratio | plotly animate, every frame redrawn (s) | ratio | goal ≤ 6 s at 4× |");
      say("|---|---:|---:|---:|---:|---:|---:|---|");
      for (const throttle of [1, 4]) {
        const r = await race(context, path.join(site, `${racePage}.html`), throttle, "page");
        const q = await race(context, path.join(site, `${racePage}.html`), throttle, "quick");
        const b = await race(context, path.join(site, `${racePage}.html`), throttle, "redraw");
        say(`| ${racePage} | ${throttle}× | ${f(r.ms)} | ${f(q.ms)} | ${(r.ms / q.ms).toFixed(2)} | ${f(b.ms)} | ${(r.ms / b.ms).toFixed(2)} | ${throttle === 4 ? (r.ms <= 6000 ? "✓" : "✗") : ""} |`);
      }
    }
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
  say("");
  for (const row of exploreTable(await benchExplore())) say(row);
  fs.writeFileSync(outFile, lines.join("\n") + "\n");
  console.log(`\nwritten to ${path.relative(process.cwd(), outFile)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
