/**
 * Explorable figures in a real headless Chromium, offline from file://: the controls are
 * labelled and reachable by keyboard; moving one redraws the run, and the drawn trajectory
 * is the one Node computes with the module for the same value (to 1e-12); without
 * JavaScript only the figure's own output is there, no dead controls.
 */
/// <reference lib="dom" />
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { promisify } from "node:util";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import * as A from "adaptive-lr";
import * as P from "adaptive-lr/plot";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const UPDATES = 10_000;
const REPO = resolve(__dirname, "..", "..");

/** The valley with gradient descent's η on a slider (notebook 2's figure, shorter). */
function valleyFigure(): P.ExplorableFigure {
  const valley = A.convexValley();
  const first = A.run({ surface: valley, optimizer: A.sgd({ lr: 1e-7 }), updates: UPDATES });
  return P.explorable(P.contourPlot(valley, { logLevels: true, decades: 5, levels: 20,
    trajectories: [{ name: "gradient descent", theta: first }], title: "The valley, η on a slider" }), {
    controls: { eta: { label: "learning rate η", min: 1e-8, max: 3e-6, log: true, value: 1e-7, lecture: "the lecture's small η" } },
    constants: { valley, updates: UPDATES },
    compute: ({ eta }, { valley, updates }, m) => {
      const t = m.run({ surface: valley, optimizer: m.sgd({ lr: eta }), updates });
      return { traces: m.pathTraces(1, t), note: t.diverged ? `diverged at update ${t.diverged.update}` : `final loss ${m.fmt(t.loss[t.updates])}` };
    },
  });
}

/** Adagrad with decay on a checkbox. */
function decayFigure(): P.ExplorableFigure {
  const valley = A.convexValley();
  const first = A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: 1 }), updates: UPDATES });
  return P.explorable(P.contourPlot(valley, { logLevels: true, decades: 3, levels: 16,
    trajectories: [{ name: "Adagrad", theta: first }], title: "Adagrad, decay on a checkbox" }), {
    controls: { decay: { label: "decay ηᵗ = η/√(t+1)", value: false } },
    constants: { valley, updates: UPDATES },
    compute: ({ decay }, { valley, updates }, m) => {
      const lr = decay ? m.inverseSqrtDecay(1) : 1;
      const t = m.run({ surface: valley, optimizer: m.lectureAdagrad({ lr }), updates });
      return { traces: m.pathTraces(1, t) };
    },
  });
}

function page(figures: P.ExplorableFigure[]): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>explore</title></head><body>\n` +
    P.plotlyScriptHtml() + P.exploreScriptHtml() + figures.map((f) => P.explorableHtml(f)).join("\n") + "</body></html>\n";
}

async function open(html: string, javaScriptEnabled = true): Promise<{ page: Page; errors: string[]; close(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "explore-"));
  const file = join(dir, "page.html");
  writeFileSync(file, html);
  const context: BrowserContext = await chromium.launchPersistentContext(join(dir, "profile"), {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1000, height: 900 }, javaScriptEnabled,
  });
  await context.setOffline(true);
  const p = await context.newPage();
  const errors: string[] = [];
  p.on("pageerror", (e) => errors.push(e.message));
  await p.goto(`file://${file}`);
  return { page: p, errors, close: async () => { await context.close(); rmSync(dir, { recursive: true, force: true }); } };
}

interface Drawn { values: Record<string, number | boolean>; x: (number | null)[]; y: (number | null)[]; customdata: number[]; end: (number | null)[] }

async function drawn(p: Page, index: number, redraws: number): Promise<Drawn> {
  const sel = `.adaptive-lr-plot >> nth=${index}`;
  await p.waitForFunction(([i, n]) => Number(document.querySelectorAll(".adaptive-lr-plot")[i as number].getAttribute("data-explore-redraws") ?? 0) >= (n as number),
    [index, redraws], { timeout: 60_000 });
  return p.locator(sel).evaluate((div) => {
    const d = (div as unknown as { data: { x: (number | null)[]; y: (number | null)[]; customdata: number[] }[] }).data;
    return { values: JSON.parse(div.getAttribute("data-explore-values")!), x: d[1].x, y: d[1].y, customdata: d[1].customdata, end: [d[2].x[0], d[2].y[0]] };
  });
}

function assertSameRun(got: Drawn, t: A.Trajectory): void {
  const want = P.thinPath(t.theta, 2, P.EXPLORE_MAX_POINTS);
  assert.deepEqual(got.customdata, want.index, "the same updates drawn");
  assert.equal(got.x.length, want.x.length);
  let worst = 0;
  want.x.forEach((x, k) => {
    worst = Math.max(worst, Math.abs((got.x[k] as number) - (x as number)) / Math.max(1, Math.abs(x as number)));
    worst = Math.max(worst, Math.abs((got.y[k] as number) - (want.y[k] as number)) / Math.max(1, Math.abs(want.y[k] as number)));
  });
  assert.ok(worst <= 1e-12, `largest relative difference ${worst}`);
  assert.deepEqual(got.end, [want.x[want.x.length - 1], want.y[want.y.length - 1]]);
}

test("moving η by keyboard redraws the run Node computes; the checkbox switches decay on", { timeout: 180_000 }, async () => {
  const valley = A.convexValley();
  const { page: p, errors, close } = await open(page([valleyFigure(), decayFigure()]));
  try {
    await p.waitForSelector(".adaptive-lr-plot[data-explore-ready]", { timeout: 60_000 });
    // Every control has a visible label and shows its value and the lecture's.
    const controls = await p.$$eval("form.adaptive-lr-explore [data-control]", (inputs) => inputs.map((i) => ({
      id: i.id, type: (i as HTMLInputElement).type,
      label: document.querySelector(`label[for="${i.id}"]`)?.textContent ?? "",
      value: document.getElementById(`${i.id}-value`)?.textContent ?? "",
      lecture: i.parentElement?.querySelector(".adaptive-lr-lecture")?.textContent ?? "",
    })));
    assert.deepEqual(controls.map((c) => [c.type, c.label, c.value]),
      [["range", "learning rate η", "1e-7"], ["checkbox", "decay ηᵗ = η/√(t+1)", "off"]]);
    assert.match(controls[0].lecture, /the lecture.s setting: 1e-7 \(the lecture.s small η\)/);

    // Tab reaches the slider; arrow keys move it.
    const slider = controls[0].id;
    let tabs = 0;
    while ((await p.evaluate(() => document.activeElement?.id)) !== slider) {
      await p.keyboard.press("Tab");
      assert.ok(++tabs < 60, "the slider is reachable with Tab");
    }
    for (let k = 0; k < 20; k++) await p.keyboard.press("ArrowRight");
    await p.waitForFunction(() => JSON.parse(document.querySelector(".adaptive-lr-plot")!.getAttribute("data-explore-values") ?? "{}").eta > 3e-7);
    const moved = await drawn(p, 0, 1);
    const eta = moved.values.eta as number;
    assert.ok(eta > 1e-7 && eta < 3e-6, `η moved to ${eta}`);
    assertSameRun(moved, A.run({ surface: valley, optimizer: A.sgd({ lr: eta }), updates: UPDATES }));
    assert.equal(await p.locator(`#${slider}-value`).textContent(), A.fmt(eta));
    // The subtitle naming the lecture's settings is for static copies: in the page the controls say them.
    assert.equal(await p.locator(".adaptive-lr-plot >> nth=0").evaluate((d) => (d as unknown as { layout: { title: { text: string } } }).layout.title.text),
      "The valley, η on a slider");
    // Only the run is redrawn: the contour map is still there.
    assert.ok(await p.locator(".adaptive-lr-plot >> nth=0").evaluate((d) => d.querySelectorAll("g.contourlayer path").length > 0),
      "the contour map survives the redraw");

    // Past 2/λmax the run diverges, and the note says at which update.
    await p.locator(`#${slider}`).fill("100");
    const top = await drawn(p, 0, 2);
    const blown = A.run({ surface: valley, optimizer: A.sgd({ lr: top.values.eta as number }), updates: UPDATES });
    assert.ok(blown.diverged, "η = 3e-6 diverges");
    assertSameRun(top, blown);
    await p.waitForFunction((u) => (document.querySelector("[id$='-note']")?.textContent ?? "").includes(`diverged at update ${u}`), blown.diverged!.update);

    // The checkbox, by keyboard: Tab to it, Space.
    const box = controls[1].id;
    while ((await p.evaluate(() => document.activeElement?.id)) !== box) {
      await p.keyboard.press("Tab");
      assert.ok(++tabs < 200, "the checkbox is reachable with Tab");
    }
    await p.keyboard.press("Space");
    const decayed = await drawn(p, 1, 1);
    assert.equal(decayed.values.decay, true);
    assertSameRun(decayed, A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: A.inverseSqrtDecay(1) }), updates: UPDATES }));

    // Back to the lecture's settings: exactly the figure as drawn in the kernel.
    await p.locator("form.adaptive-lr-explore >> nth=0").locator("[data-reset]").click();
    const back = await drawn(p, 0, 3);
    assert.equal(back.values.eta, 1e-7);
    assertSameRun(back, A.run({ surface: valley, optimizer: A.sgd({ lr: 1e-7 }), updates: UPDATES }));
    assert.deepEqual(errors, []);
  } finally {
    await close();
  }
});

test("without JavaScript the controls stay hidden: only the figure's output is there", { timeout: 120_000 }, async () => {
  const { page: p, close } = await open(page([valleyFigure()]), false);
  try {
    assert.equal(await p.locator("form.adaptive-lr-explore").isVisible(), false);
    assert.equal(await p.locator("form.adaptive-lr-explore").count(), 1);
  } finally {
    await close();
  }
});

test("the page code is small: the module's optimizers and run loop, without plotly.js or mathjs", () => {
  const code = P.exploreScriptHtml();
  // mathjs alone is over 600 kB minified, plotly.js 1.8 MB: neither fits.
  assert.ok(code.length < 100_000, `${code.length} bytes`);
  assert.doesNotMatch(code, /plotly\.js v\d/);
});

test("explorable refuses what the page could not recompute, naming it", () => {
  const f = P.contourPlot(A.convexValley(), {});
  const control = { eta: { label: "η", min: 1e-8, max: 1e-5, log: true, value: 1e-7 } };
  const outer = 5;
  assert.throws(() => P.explorable(f, { controls: control, constants: {}, compute: () => ({ traces: [], note: String(outer) }) }),
    /compute failed at the controls' first values: outer is not defined \(compute runs in the page with only its arguments/);
  assert.throws(() => P.explorable(f, { controls: { eta: { ...control.eta, value: 1 } }, constants: {}, compute: () => ({ traces: [] }) }),
    /control "eta": value 1 is outside its range 1e-8 \.\. 0\.00001/);
  assert.throws(() => P.explorable(f, { controls: control, constants: { f: () => 1 }, compute: () => ({ traces: [] }) }),
    /constants\.f is a function/);
  const k = 3; // a loss written by hand closes over its numbers: the page cannot have them
  const net = { dimension: 2, loss: (p: ArrayLike<number>) => k * p[0], gradient: (_: ArrayLike<number>, out: Float64Array) => out.fill(k) };
  assert.throws(() => P.explorable(f, { controls: control, constants: { net }, compute: () => ({ traces: [] }) }),
    /constants\.net is a loss that cannot be sent to the page/);
  assert.throws(() => P.explorable(f, { controls: control, constants: {}, compute: () => ({ traces: [{ index: 99, x: [], y: [] }] }) }),
    /index 99; the figure has traces 0 … /);
});

test("in a notebook run by the real kernel: the page code once, the figure output plain, the controls live in nbconvert's page", { timeout: 300_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), "explore-nb-"));
  const cell = (source: string, id: string) => ({ cell_type: "code", execution_count: null, id, metadata: {}, outputs: [], source });
  const figure = (eta: number) => `show(explorable(contourPlot(valley, { trajectories: [{ name: "gradient descent", theta: first }] }), {
  controls: { eta: { label: "learning rate η", min: 1e-8, max: 3e-6, log: true, value: ${eta} } },
  constants: { surface: valley, updates: ${UPDATES} },
  compute: (v, c, m) => ({ traces: m.pathTraces(1, m.run({ surface: c.surface, optimizer: m.sgd({ lr: v.eta }), updates: c.updates })) }),
}));`;
  const nb = {
    cells: [
      cell('import { convexValley, run, sgd, show, loadPlotly } from "adaptive-lr";\nimport { contourPlot, explorable } from "adaptive-lr/plot";\nloadPlotly();\n' +
        "const valley = convexValley();\nconst first = run({ surface: valley, optimizer: sgd({ lr: 1e-7 }), updates: 100 });", "setup"),
      cell(figure(1e-7), "one"),
      cell(figure(2e-7), "two"),
    ],
    metadata: { kernelspec: { name: "adaptive-lr", display_name: "TypeScript (adaptive-lr)", language: "typescript" } },
    nbformat: 4, nbformat_minor: 5,
  };
  writeFileSync(join(dir, "explore.ipynb"), JSON.stringify(nb));
  const env = { ...process.env, JUPYTER_PATH: join(REPO, ".jupyter") };
  const jupyter = (args: string[]) => promisify(execFile)("/usr/bin/jupyter", args, { env, cwd: dir, maxBuffer: 1 << 26 });
  try {
    await jupyter(["nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.timeout=240", "--output", "executed", "explore.ipynb"]);
    const executed = JSON.parse(readFileSync(join(dir, "executed.ipynb"), "utf8")) as
      { cells: { outputs: { output_type: string; data?: Record<string, unknown> }[] }[] };
    const outputs = executed.cells.flatMap((c) => c.outputs);
    assert.deepEqual(outputs.filter((o) => o.output_type === "error"), []);
    const html = outputs.map((o) => String(o.data?.["text/html"] ?? "")).join("");
    assert.equal(html.split('data-adaptive-lr="explore.js"').length - 1, 1, "the page code is inlined once");
    const figures = outputs.filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
    assert.equal(figures.length, 2);
    for (const f of figures) {
      const fig = f.data!["application/vnd.plotly.v1+json"] as { layout: { title: { text: string } } };
      assert.deepEqual(Object.keys(fig), ["data", "layout"]);
      // A static copy names the settings it is drawn at.
      assert.match(fig.layout.title.text, /<sup>drawn at the lecture's settings: learning rate η = [12]e-7<\/sup>$/);
    }

    await jupyter(["nbconvert", "--to", "html", "--output", "executed", "executed.ipynb"]);
    const { page: p, errors, close } = await open(readFileSync(join(dir, "executed.html"), "utf8"));
    try {
      await p.waitForFunction(() => document.querySelectorAll(".adaptive-lr-plot[data-explore-ready]").length === 2, null, { timeout: 120_000 });
      const second = p.locator("form.adaptive-lr-explore >> nth=1").locator("input[type=range]");
      await second.focus();
      await p.keyboard.press("ArrowLeft");
      const moved = await drawn(p, 1, 1);
      const eta = moved.values.eta as number;
      assert.ok(eta < 2e-7, `η moved down to ${eta}`);
      assertSameRun(moved, A.run({ surface: A.convexValley(), optimizer: A.sgd({ lr: eta }), updates: UPDATES }));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
