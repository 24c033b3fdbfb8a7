/**
 * Still pictures of figures, as `npm start` makes them (scripts/lectures/figure-images.js,
 * still_figures.py): drawn by the real custom plotly.js bundle in real headless Chromium,
 * not blank, the same bytes on a second drawing, SVG for a plain 2-D figure and a bitmap
 * for a 3-D one; put beside the interactive forms and inside the figure's div; and when
 * Chromium cannot be started, every figure keeps its interactive forms and a warning says why.
 */
/// <reference lib="dom" />
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";

const REPO = resolve(__dirname, "..", "..");
const PLOTLY = join(REPO, "src", "dist", "plotly.min.js");
type Picture = { mime: string; data: string; width: number; height: number } | { error: string };
const { figureImages } = require(join(REPO, "scripts", "lectures", "figure-images.js")) as {
  figureImages(figures: unknown[], options: { plotly: string; chromium?: string }): Promise<Picture[]>;
};
const { findJupyterPython } = require(join(REPO, "kernel", "jupyter.js")) as { findJupyterPython(): { python: string } | null };

/** Figures as show() sends them: a log-scale line plot, a contour map with a path, the 3-D surface. */
function figures(): Record<string, Plot.Figure> {
  const valley = A.convexValley();
  const theta = A.run({ surface: valley, optimizer: A.adam({ lr: 0.1 }), updates: 200 });
  const all: Record<string, Plot.Figure> = {
    lines: Plot.linesPlot([{ name: "loss", y: Array.from(theta.loss) }], { title: "loss", xLabel: "update", yLabel: "L(θ)", logY: true }),
    contour: Plot.contourPlot(valley, { trajectories: [{ name: "Adam", theta }], resolution: 40 }),
    surface: Plot.surfacePlot3d(valley, { trajectories: [{ name: "Adam", theta }], resolution: 20 }),
  };
  for (const f of Object.values(all)) Plot.withContrast(Plot.byDecades(f));
  return all;
}

const dataUrl = (p: { mime: string; data: string }) =>
  p.mime === "image/svg+xml" ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(p.data)}` : `data:${p.mime};base64,${p.data}`;

/** How much of a picture is drawn: the share of pixels unlike the corner's, and the number of colours. */
async function ink(urls: string[]): Promise<{ width: number; share: number; colours: number }[]> {
  const profile = mkdtempSync(join(tmpdir(), "still-ink-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
  });
  try {
    const page = await context.newPage();
    return await page.evaluate(async (list) => {
      const out = [];
      for (const url of list) {
        const img = new Image();
        img.src = url;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext("2d") as CanvasRenderingContext2D;
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const corner = `${px[0]},${px[1]},${px[2]}`;
        const colours = new Set<string>();
        let other = 0;
        for (let i = 0; i < px.length; i += 4) {
          const c = `${px[i]},${px[i + 1]},${px[i + 2]}`;
          colours.add(c);
          if (c !== corner) other++;
        }
        out.push({ width: img.naturalWidth, share: other / (px.length / 4), colours: colours.size });
      }
      return out;
    }, urls);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

test("each figure's picture is drawn by the plotly bundle in Chromium, not blank, the same bytes twice: SVG for a line plot, a bitmap for 3-D", { timeout: 300_000 }, async () => {
  const figs = figures();
  const names = Object.keys(figs);
  const first = await figureImages(Object.values(figs), { plotly: PLOTLY });
  const second = await figureImages(Object.values(figs), { plotly: PLOTLY });
  const pictures = first.map((p, i) => {
    assert.ok(!("error" in p), `${names[i]}: ${"error" in p ? p.error : ""}`);
    return p as Exclude<Picture, { error: string }>;
  });
  assert.deepEqual(second, first, "two drawings give the same bytes");
  const byName = Object.fromEntries(names.map((n, i) => [n, pictures[i]]));
  assert.equal(byName.lines.mime, "image/svg+xml");
  assert.match(byName.surface.mime, /^image\/(png|jpeg)$/);
  for (const p of pictures) assert.equal(p.width, 720);
  assert.equal(byName.surface.height, figs.surface.layout.height);
  const drawn = await ink(pictures.map(dataUrl));
  drawn.forEach((d, i) => {
    assert.ok(d.width >= 720, `${names[i]}: ${d.width} px wide`);
    assert.ok(d.share > 0.02 && d.colours > 20, `${names[i]} is blank: ${JSON.stringify(d)}`);
  });
  // The 3-D surface is drawn (WebGL in software), not only its axes: most of the picture is ink.
  assert.ok(drawn[names.indexOf("surface")].share > 0.2, `surface: ${JSON.stringify(drawn[names.indexOf("surface")])}`);
  // The animation's buttons and slider do nothing on paper: the race's picture has none.
  const valley = A.convexValley();
  const race = Plot.racePlot(valley, [{ name: "Adam", theta: A.run({ surface: valley, optimizer: A.adam({ lr: 0.1 }), updates: 50 }) }], { frames: 3, resolution: 20 });
  const [still] = await figureImages([race], { plotly: PLOTLY });
  assert.ok(!("error" in still) && (still.mime !== "image/svg+xml" || !/class="(updatemenu|slider)-container"/.test(still.data)), "no play button or slider");
});

/** Runs still_figures.add_still_pictures on `nb` in the Jupyter python; returns its warnings and the notebook after. */
function addStillPictures(nb: object, env: NodeJS.ProcessEnv): { warnings: string[]; nb: { cells: { outputs: { data: Record<string, unknown>; metadata: Record<string, unknown> }[] }[] } } {
  const jupyter = findJupyterPython();
  assert.ok(jupyter, "a Jupyter python");
  const script = [
    "import json, sys",
    `sys.path.insert(0, ${JSON.stringify(join(REPO, "scripts", "lectures"))})`,
    "import nbformat, still_figures",
    "nb = nbformat.reads(sys.stdin.read(), as_version=4)",
    `warnings = still_figures.add_still_pictures(nb, {"node": ${JSON.stringify(process.execPath)}, "plotly": ${JSON.stringify(PLOTLY)}})`,
    "print(json.dumps({'warnings': warnings, 'nb': nb}))",
  ].join("\n");
  const r = spawnSync(jupyter.python, ["-c", script], { input: JSON.stringify(nb), encoding: "utf8", env, timeout: 300_000, maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

function figureNotebook(figure: Plot.Figure) {
  const html = Plot.figureHtml(figure, { id: "adaptive-lr-plot-0123456789abcdef" });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      {
        cell_type: "code", id: "c1", metadata: {}, execution_count: 1, source: "show(figure)",
        outputs: [{ output_type: "display_data", metadata: {}, data: { "text/html": html, [Plot.PLOTLY_MIME]: { data: figure.data, layout: figure.layout }, "text/plain": "[figure]" } }],
      },
    ],
  };
}

test("the picture goes beside the interactive forms and inside the figure's div; without Chromium the figure stays interactive and a warning says why", { timeout: 300_000 }, () => {
  const lines = figures().lines;
  const nb = figureNotebook(lines);
  const done = addStillPictures(nb, process.env);
  assert.deepEqual(done.warnings, []);
  const output = done.nb.cells[0].outputs[0];
  assert.equal(typeof output.data["image/svg+xml"], "string");
  const height = lines.layout.height ?? 450;
  assert.deepEqual(output.metadata["image/svg+xml"], { width: 720, height });
  assert.ok(output.data[Plot.PLOTLY_MIME], "the plotly figure stays");
  const html = String(output.data["text/html"]);
  assert.match(html, new RegExp(`<div id="adaptive-lr-plot-0123456789abcdef" class="adaptive-lr-plot"[^>]*><img class="adaptive-lr-still" alt="loss" width="720" height="${height}" src="data:image/svg\\+xml;charset=utf-8,%3Csvg[^"]*"[^>]*></div>\n<script`));

  const without = addStillPictures(nb, { ...process.env, ADAPTIVE_LR_CHROMIUM: "/nonexistent/chromium" });
  assert.equal(without.warnings.length, 1);
  assert.match(without.warnings[0], /^no still pictures of its 1 figures \(.+\); they stay interactive only$/);
  assert.deepEqual(without.nb.cells[0].outputs, JSON.parse(JSON.stringify(nb.cells[0].outputs)), "outputs unchanged");
});
