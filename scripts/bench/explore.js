"use strict";
/*
 * How long an explorable figure takes from the reader's input to the redrawn figure, in
 * headless Chromium from file://: notebook 2's figure (gradient descent on the valley,
 * 10,000 updates per run), the slider moved to 40 positions one after another; each time
 * from the input event to the first animation frame after Plotly.restyle has finished
 * (recompute + thinning + redraw + paint). Baseline, measured in the same run: the same
 * runs, computed beforehand, redrawn by Plotly.restyle (which recomputes every trace, the
 * contour map too), as a figure whose axes follow the data must be.
 * Goal: ≤ 100 ms for 10,000 updates. Used by `npm run bench:site`; alone:
 * `node scripts/bench/explore.js [--throttle 4]`.
 */
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { chromium } = require("playwright-core");

const A = require(path.join(__dirname, "..", "..", "src", "dist", "index.js"));
const P = require(path.join(__dirname, "..", "..", "src", "dist", "plot", "index.js"));
const UPDATES = 10_000;
const POSITIONS = 40;

function figure() {
  const valley = A.convexValley();
  const first = A.run({ surface: valley, optimizer: A.sgd({ lr: 1e-7 }), updates: UPDATES });
  return P.explorable(P.contourPlot(valley, { logLevels: true, decades: 5, levels: 20, trajectories: [{ name: "gradient descent", theta: first }] }), {
    controls: { eta: { label: "learning rate η", min: 1e-8, max: 3e-6, log: true, value: 1e-7 } },
    constants: { surface: valley, updates: UPDATES },
    compute: (v, c, m) => ({ traces: m.pathTraces(1, m.run({ surface: c.surface, optimizer: m.sgd({ lr: v.eta }), updates: c.updates })) }),
  });
}

/** Input → redrawn and painted, per slider position, in ms; `precomputed`: restyle only. */
async function redraws(page, precomputed) {
  return page.evaluate(async ([n, pre]) => {
    const div = document.querySelector(".adaptive-lr-plot");
    const input = document.querySelector("form.adaptive-lr-explore input[type=range]");
    const frame = () => new Promise((r) => requestAnimationFrame(() => r()));
    const positions = Array.from({ length: n }, (_, k) => 5 + k * 2); // 1.3e-8 … 8e-7: every run stable
    // The baseline's data: each position's traces, recomputed before timing starts.
    const { kit, recompute } = window.adaptiveLrExplore;
    const spec = div.adaptiveLrSpec;
    const ready = pre ? positions.map((p) => recompute(spec, { eta: Number(p) }, kit, div.data.length).traces) : [];
    const times = [];
    for (let k = 0; k < n; k++) {
      const before = Number(div.getAttribute("data-explore-redraws") ?? 0);
      const t0 = performance.now();
      if (pre) {
        const t = ready[k];
        await window.Plotly.restyle(div, { x: t.map((u) => u.x), y: t.map((u) => u.y), customdata: t.map((u) => u.customdata) }, t.map((u) => u.index));
      } else {
        input.value = String(positions[k]);
        input.dispatchEvent(new Event("input", { bubbles: true }));
        while (Number(div.getAttribute("data-explore-redraws") ?? 0) === before) await new Promise((r) => setTimeout(r, 0));
      }
      await frame();
      times.push(performance.now() - t0);
    }
    return times;
  }, [POSITIONS, precomputed]);
}

const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];

/** @param {{ throttles?: number[] }} [options] @returns {Promise<{ throttle: number, median: number, max: number, baseline: number }[]>} */
async function benchExplore({ throttles = [1, 4] } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-explore-"));
  const fig = figure();
  const file = path.join(dir, "page.html");
  // The spec is kept on the div for the baseline (the page code has it in a closure).
  fs.writeFileSync(file, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>bench</title></head><body>\n${P.plotlyScriptHtml()}${P.exploreScriptHtml()}${P.explorableHtml(fig)}` +
    `<script>document.querySelector(".adaptive-lr-plot").adaptiveLrSpec = ${JSON.stringify(fig.explore)};</script></body></html>\n`);
  const context = await chromium.launchPersistentContext(path.join(dir, "profile"), {
    executablePath: "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  const results = [];
  try {
    for (const throttle of throttles) {
      const page = await context.newPage();
      await page.setViewportSize({ width: 1100, height: 900 });
      const cdp = await context.newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
      await page.goto(`file://${file}`);
      await page.waitForSelector(".adaptive-lr-plot[data-explore-ready]", { timeout: 120_000 });
      const measured = await redraws(page, false);
      const baseline = await redraws(page, true);
      results.push({ throttle, median: median(measured), max: Math.max(...measured), baseline: median(baseline) });
      await page.close();
    }
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}

/** The table rows bench-site prints. */
function exploreTable(results) {
  const rows = [
    `| explorable figure (02) | CPU | input → redrawn, median (ms) | slowest (ms) | baseline: Plotly.restyle of precomputed runs (ms) | ratio | goal ≤ 100 ms |`,
    "|---|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of results) {
    rows.push(`| η slider, ${UPDATES.toLocaleString("en-US")} updates, ${POSITIONS} positions | ${r.throttle}× | ${r.median.toFixed(1)} | ${r.max.toFixed(1)} | ${r.baseline.toFixed(1)} | ${(r.median / r.baseline).toFixed(2)} | ${r.throttle === 1 ? (r.median <= 100 ? "✓" : "✗") : ""} |`);
  }
  return rows;
}

module.exports = { benchExplore, exploreTable };

if (require.main === module) {
  const i = process.argv.indexOf("--throttle");
  const throttles = i >= 0 ? [Number(process.argv[i + 1])] : [1, 4];
  benchExplore({ throttles }).then((r) => console.log(exploreTable(r).join("\n")), (e) => {
    console.error(e.stack ?? String(e));
    process.exitCode = 1;
  });
}
