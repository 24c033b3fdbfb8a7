/**
 * The custom plotly.js bundle (scripts/plotly/bundle.js): it holds every trace type any
 * figure builder emits, checked on figures from every builder and in real Chromium,
 * where each type is drawn; and it stays small.
 */
/// <reference lib="dom" />
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";

const REPO = resolve(__dirname, "..", "..");
const BUNDLE = join(REPO, "src", "dist", "plotly.min.js");
const { TRACE_TYPES } = require(join(REPO, "src", "dist", "plot", "traces.js")) as { TRACE_TYPES: readonly string[] };

/** One figure from every builder, with every option that adds traces of its own. */
function everyBuilder(): Record<string, Plot.Figure> {
  const valley = A.convexValley();
  const runs = [A.sgd({ lr: 1e-7 }), A.lectureAdagrad({ lr: 1 })].map((optimizer, i) => ({
    name: `run ${i}`,
    theta: A.run({ surface: valley, optimizer, updates: 300, recordSigma: true }),
  }));
  const y = Array.from({ length: 50 }, (_, k) => 1 / (k + 1));
  const contour = Plot.contourPlot(valley, { trajectories: runs, logLevels: true, resolution: 20 });
  return {
    contourPlot: contour,
    surfacePlot3d: Plot.surfacePlot3d(valley, { trajectories: runs, resolution: 20 }),
    lossAndGradNormPlot: Plot.lossAndGradNormPlot(runs.map((r) => ({ name: r.name, loss: r.theta.loss, gradNorm: r.theta.gradNorm }))),
    schedulePlot: Plot.schedulePlot([{ name: "1/√t", schedule: (t: number) => 1 / Math.sqrt(t + 1) }], 100),
    sigmaPlot: Plot.sigmaPlot(runs[1].theta.sigma!, 2, ["b", "w"]),
    eigenvaluePlot: Plot.eigenvaluePlot([3, -1, 0.5]),
    racePlot: Plot.racePlot(valley, runs, { frames: 5, resolution: 20 }),
    linesPlot: Plot.linesPlot([{ name: "a", y }], { title: "t", xLabel: "x", yLabel: "y", referenceLines: [{ name: "r", y: 0.5 }] }),
    panelsPlot: Plot.panelsPlot([{ series: [{ name: "a", y }], yLabel: "a" }], { title: "t", xLabel: "x", markers: { name: "m", x: [3] } }),
    sideBySide: Plot.sideBySide(contour, Plot.contourPlot(valley, { resolution: 20 }), { title: "both" }),
    scatterPlot: Plot.scatterPlot([{ name: "a", x: [1, 2], y: [3, 4] }], { title: "t", xLabel: "x", yLabel: "y" }),
    bandPlot: Plot.bandPlot([{ name: "a", runs: [y, y.map((v) => 2 * v)] }], { title: "t", xLabel: "x", yLabel: "y" }),
  };
}

test("every trace type that a figure builder emits is one the bundle registers", () => {
  const used = new Set<string>();
  for (const [builder, figure] of Object.entries(everyBuilder())) {
    for (const trace of [...figure.data, ...(figure.frames ?? []).flatMap((f) => f.data)]) {
      const type = (trace as { type?: string }).type ?? "scatter"; // a frame's trace keeps its trace's type
      assert.ok(TRACE_TYPES.includes(type), `${builder} emits a "${type}" trace, which the bundle lacks (add it to TRACE_TYPES in src/plot/traces.ts)`);
      used.add(type);
    }
  }
  assert.deepEqual([...used].sort(), [...TRACE_TYPES].sort(), "and every bundled type is used by some builder");
  const bytes = statSync(BUNDLE).size;
  assert.ok(bytes <= 2_000_000, `the bundle is ${bytes} bytes (goal: at most 2 MB minified)`);
  assert.match(readFileSync(BUNDLE, "utf8").slice(0, 200), new RegExp(`custom bundle: ${TRACE_TYPES.join(", ")} `));
});

test("the bundle in Chromium: plotly registers exactly those trace types and draws a figure of each", { timeout: 120_000 }, async () => {
  const profile = mkdtempSync(join(tmpdir(), "bundle-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.setContent("<!DOCTYPE html><html><head><meta charset='utf-8'></head><body></body></html>");
    await page.addScriptTag({ path: BUNDLE });
    const registered = await page.evaluate(() => Object.keys((window as unknown as { Plotly: { PlotSchema: { get(): { traces: object } } } }).Plotly.PlotSchema.get().traces));
    assert.deepEqual([...registered].sort(), [...TRACE_TYPES].sort());
    const figures = everyBuilder();
    const drawn = await page.evaluate(async (figs) => {
      const Plotly = (window as unknown as { Plotly: { newPlot(div: HTMLElement, f: unknown): Promise<HTMLElement> } }).Plotly;
      const out: Record<string, string[]> = {};
      for (const [name, fig] of Object.entries(figs)) {
        const div = document.createElement("div");
        div.style.width = "800px";
        document.body.appendChild(div);
        try {
          await Plotly.newPlot(div, fig);
        } catch (e) {
          throw new Error(`${name}: ${e}`);
        }
        // What plotly drew, by trace type: SVG trace groups and the WebGL scene.
        out[name] = Array.from(div.querySelectorAll(".trace, .contourlayer > g, .gl-container canvas")).map((e) => e.getAttribute("class") ?? "");
      }
      return out;
    }, JSON.parse(JSON.stringify(figures)) as Record<string, unknown>);
    assert.deepEqual(errors, []);
    for (const [name, classes] of Object.entries(drawn)) assert.ok(classes.length > 0, `${name}: something drawn`);
    assert.ok(drawn.contourPlot.some((c) => /contour/.test(c)), `contour drawn: ${JSON.stringify(drawn.contourPlot)}`);
    assert.ok(drawn.eigenvaluePlot.some((c) => /bars/.test(c)), "bars drawn");
    assert.ok(drawn.surfacePlot3d.some((c) => c === "" || /gl-canvas/.test(c)), "3-D scene drawn");
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
});
