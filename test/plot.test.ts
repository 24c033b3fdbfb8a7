import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import vm from "node:vm";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";
import type { Figure, ScatterTrace, ContourTrace, SurfaceTrace, Scatter3dTrace, BarTrace, Trace } from "adaptive-lr/plot";
import { globalOnlyScript, inlineSafe } from "adaptive-lr/plot";

// ---------- deterministic inputs ----------

/** mulberry32: a small seeded generator, so every run sees the same numbers. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const N = 100_000;

/** A slowly falling, slightly noisy series with isolated one-point spikes up (and one down). */
function spikySeries(seed: number): { values: Float64Array; spikes: number[] } {
  const r = rng(seed);
  const values = Float64Array.from({ length: N }, (_, k) => 10 * Math.exp(-k / 20_000) + 0.01 * r());
  // Spikes near the end of the run, where Adagrad sprays: one point jumps, the next is back.
  const spikes = [80_011, 86_500, 91_234, 95_001, 97_777, 99_990];
  spikes.forEach((k, i) => (values[k] = i === 2 ? -50 : 40 + 10 * i));
  return { values, spikes };
}

/** A 2-D path like Adagrad's on the valley: sliding along b, w on the floor, isolated sprays in w. */
function sprayingPath(seed: number): { theta: Float64Array; spikes: number[] } {
  const r = rng(seed);
  const theta = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) {
    theta[2 * k] = -120 - 68 * (1 - Math.exp(-k / 30_000));
    theta[2 * k + 1] = 2.6 + 0.001 * (r() - 0.5);
  }
  const spikes = [90_001, 93_333, 96_000, 99_500];
  spikes.forEach((k, i) => (theta[2 * k + 1] = i % 2 === 0 ? 4.9 : -3.1));
  return { theta, spikes };
}

/** A quadratic valley given as a plain object: f(θ), window and minimum, no Surface needed. */
const bowl = {
  name: "bowl",
  f: (t: ArrayLike<number>) => (t[0] - 1) ** 2 + 10 * (t[1] + 0.5) ** 2,
  window: [
    [-3, 3],
    [-2, 2],
  ] as const,
  minimum: [1, -0.5],
  variables: ["b", "w"],
};

function scatter(fig: Figure): ScatterTrace[] {
  return fig.data.filter((t): t is ScatterTrace => t.type === "scatter");
}

function named(fig: Figure, name: string): Trace {
  const t = fig.data.find((d) => d.name === name);
  assert.ok(t, `no trace named ${name} in ${fig.data.map((d) => d.name).join(", ")}`);
  return t;
}

function assertLabelled(fig: Figure): void {
  assert.ok(fig.layout.title.text.length > 0, "title");
  const axes = fig.layout.scene ? [fig.layout.scene.xaxis, fig.layout.scene.yaxis, fig.layout.scene.zaxis] : [fig.layout.xaxis, fig.layout.yaxis];
  for (const a of axes) assert.ok(a?.title?.text, "every axis has a label");
  const lines = fig.data.filter((t) => t.showlegend !== false && t.type !== "contour" && t.type !== "surface");
  if (lines.length > 1) assert.equal(fig.layout.showlegend, true, "a legend when more than one line");
}

// ---------- thinning ----------

test("thin keeps every point of a short series", () => {
  const s = Plot.thin([3, 1, 2], 100);
  assert.deepEqual(s, { x: [0, 1, 2], y: [3, 1, 2] });
});

test("thin keeps isolated one-point spikes of a 100,000-point series, exactly, and its extremes", () => {
  const { values, spikes } = spikySeries(1);
  const s = Plot.thin(values, 2000);
  assert.ok(s.x.length <= 2000, `${s.x.length} points`);
  assert.ok(s.x.length > 1000, "uses most of its budget");
  for (const k of spikes) {
    const i = s.x.indexOf(k);
    assert.ok(i >= 0, `spike at ${k} dropped`);
    assert.equal(s.y[i], Plot.thin([values[k]], 10).y[0]);
  }
  assert.equal(s.x[0], 0);
  assert.equal(s.x[s.x.length - 1], N - 1);
  assert.ok(s.x.every((k, i) => i === 0 || k > s.x[i - 1]), "indices increase");
  const max = Math.max(...values);
  const min = Math.min(...values);
  assert.ok(s.y.includes(Plot.thin([max], 10).y[0]) && s.y.includes(Plot.thin([min], 10).y[0]));
});

test("thin keeps a spike wherever it is (property, fast-check)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 9_998 }), fc.integer({ min: 200, max: 600 }), fc.boolean(), (k, maxPoints, up) => {
      const values = Float64Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 500));
      values[k] = up ? 5 : -5;
      return Plot.thin(values, maxPoints).x.includes(k);
    }),
    { seed: 42, numRuns: 200 },
  );
});

test("thinPath keeps Adagrad-like sprays of a 100,000-point path and its turning points", () => {
  const { theta, spikes } = sprayingPath(2);
  const p = Plot.thinPath(theta, 2, 1500);
  assert.ok(p.index.length <= 1500);
  for (const k of spikes) assert.ok(p.index.includes(k), `spray at ${k} dropped`);
  // A zig-zag whose corners are not extremes of either coordinate within their stretch.
  const corners = [25_000, 50_000, 75_000];
  const zig = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) {
    const leg = corners.filter((c) => k > c).length;
    const along = k - (leg === 0 ? 0 : corners[leg - 1]);
    const base = leg === 0 ? [0, 0] : [zig[2 * corners[leg - 1]], zig[2 * corners[leg - 1] + 1]];
    const dir = [
      [1, 0],
      [1, 1],
      [1, 0],
      [1, 1],
    ][leg];
    zig[2 * k] = base[0] + dir[0] * along;
    zig[2 * k + 1] = base[1] + dir[1] * along;
  }
  const z = Plot.thinPath(zig, 2, 500);
  for (const c of corners) assert.ok(z.index.some((k) => Math.abs(k - c) <= 1), `corner at ${c} dropped`);
});

test("thinning rejects a budget it cannot meet, naming maxPoints", () => {
  assert.throws(() => Plot.thin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3), /maxPoints must be an integer ≥ 6/);
  assert.throws(() => Plot.thinPath([1, 2, 3], 2), /not a multiple of dimension 2/);
});

// ---------- contour map ----------

test("contourPlot: contour of the surface, labelled paths, start dot, minimum ×", () => {
  const path = [2.5, 1.5, 1.8, 0.2, 1.1, -0.45];
  const fig = Plot.contourPlot(bowl, { trajectories: [{ name: "GD", theta: path }, { name: "Adagrad", theta: [-2, 1, 0, 0, 1, -0.5] }], resolution: 25 });
  assertLabelled(fig);
  assert.equal(fig.layout.xaxis?.title?.text, "b");
  assert.equal(fig.layout.yaxis?.title?.text, "w");
  const contour = fig.data[0] as ContourTrace;
  assert.equal(contour.type, "contour");
  assert.equal(contour.x.length, 25);
  assert.equal(contour.z.length, 25);
  assert.ok(contour.z.every((row) => row.length === 25));
  assert.equal(contour.z[0][0], bowl.f([-3, -2]), "z[row j][column i] = f(x[i], y[j])");
  assert.equal(contour.z[24][0], bowl.f([-3, 2]));
  const gd = named(fig, "GD") as ScatterTrace;
  assert.deepEqual(gd.x, [2.5, 1.8, 1.1]);
  assert.deepEqual(gd.y, [1.5, 0.2, -0.45]);
  const min = named(fig, "minimum") as ScatterTrace;
  assert.equal(min.marker?.symbol, "x");
  assert.deepEqual([min.x[0], min.y[0]], [1, -0.5]);
  const start = named(fig, "start") as ScatterTrace;
  assert.equal(start.marker?.symbol, "circle");
  assert.deepEqual(start.x, [2.5, -2]);
  assert.deepEqual(start.y, [1.5, 1]);
  assert.equal(fig.layout.showlegend, true);
});

test("contourPlot accepts a Trajectory (dimension > 2 rows) and takes θ₀, θ₁", () => {
  const theta = Float64Array.from([0, 0, 9, 1, 1, 9, 2, 2, 9]);
  const trajectory = { dimension: 3, theta, updates: 2 };
  const fig = Plot.contourPlot(bowl, { trajectories: [{ name: "run", theta: trajectory }], resolution: 10 });
  const t = named(fig, "run") as ScatterTrace;
  assert.deepEqual(t.x, [0, 1, 2]);
  assert.deepEqual(t.y, [0, 1, 2]);
});

test("contourPlot with log-spaced levels labels the colour bar with the levels themselves", () => {
  const fig = Plot.contourPlot(bowl, { logLevels: true, levels: 9, decades: 4, resolution: 20 });
  const c = fig.data[0] as ContourTrace;
  assert.deepEqual(c.contours.start, 0);
  assert.deepEqual(c.contours.end, 8);
  const ticks = c.colorbar?.ticktext ?? [];
  assert.equal(ticks.length, 8);
  const values = ticks.map(Number);
  // Geometric above the grid's minimum: successive gaps above it grow by a constant factor.
  assert.ok(values.every((v, i) => i === 0 || v > values[i - 1]), `increasing: ${ticks}`);
  assert.ok(c.customdata, "hover shows L itself");
  assert.throws(() => Plot.contourPlot(bowl, { levels: [3, 2] }), /levels must be ≥ 2 finite numbers, increasing/);
});

test("contourPlot reports bad options by name and range", () => {
  assert.throws(() => Plot.contourPlot(bowl, { resolution: 1 }), /resolution must be an integer with 5 ≤ resolution ≤ 300/);
  assert.throws(() => Plot.contourPlot(bowl, { window: [[1, 0], [0, 1]] }), /window must be \[\[xmin, xmax\], \[ymin, ymax\]\]/);
  assert.throws(() => Plot.contourPlot({ name: "no window", f: bowl.f }), /no window/);
  assert.throws(() => Plot.contourPlot(bowl, { trajectory: [] } as never), /unknown option 'trajectory'/);
  assert.throws(() => Plot.contourPlot(bowl, { trajectories: [{ name: "odd", theta: [1, 2, 3] }] }), /not a positive multiple of its dimension 2/);
});

test("contourPlot works with the module's Surface and Trajectory", () => {
  const valley = A.convexValley();
  const run = A.run({ surface: valley, optimizer: A.sgd({ lr: 1e-7 }), updates: 200 });
  const fig = Plot.contourPlot(valley, { trajectories: [{ name: "GD", theta: run }], resolution: 20 });
  assert.equal(fig.layout.xaxis?.title?.text, valley.variables[0]);
  const min = named(fig, "minimum") as ScatterTrace;
  assert.ok(Math.abs((min.x[0] as number) - valley.minimum![0]) < 1e-4);
});

// ---------- the size budget, with 100,000-point inputs ----------

test("every builder keeps one figure under 200 KB with 100,000-point inputs, spikes included", () => {
  const paths = [1, 2, 3].map((s) => sprayingPath(s));
  const series = [4, 5, 6].map((s) => spikySeries(s));
  const valley = { ...bowl, window: [[-200, -100], [-5, 5]] as const, minimum: [-188, 2.67] };
  const trajectories = paths.map((p, i) => ({ name: `run ${i}`, theta: p.theta }));
  const sigma = new Float64Array(2 * N);
  series[0].values.forEach((v, t) => {
    sigma[2 * t] = Math.abs(v) + 1;
    sigma[2 * t + 1] = 1000 * (Math.abs(v) + 1);
  });
  const figures: Record<string, Figure> = {
    contour: Plot.contourPlot(valley, { trajectories, logLevels: true }),
    surface3d: Plot.surfacePlot3d(valley, { trajectories: trajectories.slice(0, 2) }),
    lossAndGradNorm: Plot.lossAndGradNormPlot(series.map((s, i) => ({ name: `run ${i}`, loss: s.values, gradNorm: s.values }))),
    schedule: Plot.schedulePlot(series.map((s, i) => ({ name: `η ${i}`, values: s.values })), N),
    sigma: Plot.sigmaPlot(sigma, 2, ["b", "w"]),
    eigenvalues: Plot.eigenvaluePlot(series[1].values),
    race: Plot.racePlot(valley, trajectories, { frames: 100 }),
  };
  for (const [name, fig] of Object.entries(figures)) {
    const bytes = Plot.figureBytes(fig);
    assert.ok(bytes < Plot.FIGURE_BUDGET_BYTES, `${name}: ${bytes} bytes`);
    assertLabelled(fig);
  }
  // The thinned contour paths still hold every spray.
  const run0 = named(figures.contour, "run 0") as ScatterTrace;
  for (const k of paths[0].spikes) assert.ok((run0.customdata as number[]).includes(k), `spray ${k} lost in the contour map`);
  const loss0 = figures.lossAndGradNorm.data[0] as ScatterTrace;
  for (const k of series[0].spikes) assert.ok(loss0.x.includes(k), `spike ${k} lost in the loss curve`);
  // A budget too small for the fixed part is an error that says what to change.
  assert.throws(() => Plot.contourPlot(valley, { resolution: 300, maxBytes: 20_000 }), /lower resolution or frames/);
});

// ---------- other builders ----------

test("surfacePlot3d: the grid as a surface, runs lifted onto it, start and minimum ×", () => {
  const fig = Plot.surfacePlot3d(bowl, { trajectories: [{ name: "GD", theta: [2, 1, 1, -0.5] }], resolution: 12 });
  assertLabelled(fig);
  const s = fig.data[0] as SurfaceTrace;
  assert.equal(s.type, "surface");
  assert.equal(s.z.length, 12);
  const gd = named(fig, "GD") as Scatter3dTrace;
  assert.deepEqual(gd.z, [bowl.f([2, 1]), bowl.f([1, -0.5])]);
  // The × is two strokes crossing at the minimum, at its height L = 0.
  const min = named(fig, "minimum") as Scatter3dTrace;
  const mid = (a: readonly (number | null)[]) => ((a[0] as number) + (a[1] as number)) / 2;
  assert.ok(Math.abs(mid(min.x) - 1) < 1e-9 && Math.abs(mid(min.y) - -0.5) < 1e-9);
  assert.ok(Math.abs(mid(min.x.slice(3)) - 1) < 1e-9 && Math.abs(mid(min.y.slice(3)) - -0.5) < 1e-9);
  assert.deepEqual(min.z, [0, 0, null, 0, 0]);
  assert.ok((min.y[0] as number) < (min.y[1] as number) && (min.y[3] as number) > (min.y[4] as number), "the strokes cross");
  assert.equal(fig.layout.scene?.zaxis?.title?.text, "L(θ)");
});

test("lossAndGradNormPlot: loss above, ‖g‖ below, one shared x axis, log option", () => {
  const run = { loss: [4, 2, 1, 0.5], gradNorm: [3, 3, 2.9, 3.1] };
  const fig = Plot.lossAndGradNormPlot(run, { logY: { loss: true } });
  assertLabelled(fig);
  const [loss, grad] = fig.data as ScatterTrace[];
  assert.deepEqual(loss.y, run.loss);
  assert.deepEqual(grad.y, run.gradNorm);
  assert.deepEqual(loss.x, [0, 1, 2, 3]);
  assert.equal(loss.xaxis, undefined, "both on the one x axis");
  assert.equal(grad.xaxis, undefined);
  assert.equal(grad.yaxis, "y2");
  assert.equal(fig.layout.xaxis?.anchor, "y2");
  assert.equal(fig.layout.yaxis?.type, "log");
  assert.equal(fig.layout.yaxis2?.type, "linear");
  assert.ok(fig.layout.yaxis2?.title?.text?.includes("‖g‖"));
  const two = Plot.lossAndGradNormPlot([{ name: "a", ...run }, { name: "b", ...run }]);
  assert.equal(two.data.length, 4);
  assert.deepEqual(two.data.map((t) => t.name), ["a", "a", "b", "b"]);
  assert.throws(() => Plot.lossAndGradNormPlot({ loss: [1, 2], gradNorm: [1] }), /2 losses and 1 gradient norms/);
});

test("schedulePlot: ηᵗ of each schedule at each step, legend for several", () => {
  const fig = Plot.schedulePlot(
    [
      { name: "constant", schedule: () => 0.1 },
      { name: "1/√(t+1)", schedule: (t) => 0.1 / Math.sqrt(t + 1) },
      { name: "given", values: [1, 2, 3, 4, 5] },
    ],
    5,
  );
  assertLabelled(fig);
  const decay = named(fig, "1/√(t+1)") as ScatterTrace;
  assert.deepEqual(decay.x, [0, 1, 2, 3, 4]);
  assert.deepEqual(
    decay.y,
    [0, 1, 2, 3, 4].map((t) => Number((0.1 / Math.sqrt(t + 1)).toPrecision(7))),
  );
  assert.equal(fig.layout.showlegend, true);
  const custom = Plot.schedulePlot([{ name: "at t", schedule: (t) => t }], [10, 20, 40]);
  assert.deepEqual((custom.data[0] as ScatterTrace).y, [10, 20, 40]);
  assert.throws(() => Plot.schedulePlot([{ name: "x", values: [1, 2] }], 3), /has 2 values for 3 steps/);
  assert.throws(() => Plot.schedulePlot([], 3), /at least one schedule/);
});

test("sigmaPlot: one line per parameter, named, log scale by default", () => {
  const sigma = [1, 100, 2, 200, 3, 300];
  const fig = Plot.sigmaPlot(sigma, 2, ["b", "w"]);
  assertLabelled(fig);
  const [b, w] = fig.data as ScatterTrace[];
  assert.equal(b.name, "σ of b");
  assert.deepEqual(b.y, [1, 2, 3]);
  assert.deepEqual(w.y, [100, 200, 300]);
  assert.equal(fig.layout.yaxis?.type, "log");
  assert.throws(() => Plot.sigmaPlot(sigma, 4), /not a positive multiple of dimension 4/);
  assert.throws(() => Plot.sigmaPlot(sigma, 2, ["b"]), /names has 1 entries for dimension 2/);
});

test("eigenvaluePlot: sorted spectrum, positive and negative in two colours, counts in the title", () => {
  const fig = Plot.eigenvaluePlot([3, -1, 0.5, -2, 7]);
  assertLabelled(fig);
  const neg = named(fig, "negative λ") as BarTrace;
  const pos = named(fig, "positive λ") as BarTrace;
  assert.deepEqual(neg.y, [-2, -1]);
  assert.deepEqual(pos.y, [0.5, 3, 7]);
  assert.deepEqual(neg.x, [1, 2]);
  assert.deepEqual(pos.x, [3, 4, 5]);
  assert.notEqual(neg.marker?.color, pos.marker?.color);
  assert.match(fig.layout.title.text, /3 positive, 2 negative \(minimum ratio 0.6\)/);
  const tol = Plot.eigenvaluePlot([1e-9, -1e-9, 1], { tolerance: 1e-6 });
  assert.ok(tol.data.some((t) => t.name?.startsWith("|λ| ≤")));
  assert.throws(() => Plot.eigenvaluePlot([1, NaN]), /must be finite/);
});

test("racePlot: animated markers on the paths, slider and play button", () => {
  const a = [0, 0, 1, 0, 2, 0, 3, 0];
  const b = [0, 1, 0.5, 0.5];
  const fig = Plot.racePlot(bowl, [{ name: "A", theta: a }, { name: "B", theta: b }], { frames: 4, resolution: 10 });
  assertLabelled(fig);
  const frames = fig.frames ?? [];
  assert.equal(frames.length, 4);
  assert.deepEqual(frames.map((f) => f.name), ["t=0", "t=1", "t=2", "t=3"]);
  // Frame t moves each run's marker to θᵗ; a finished run stays at its end.
  const last = frames[3];
  assert.deepEqual(last.data.map((d) => [d.x?.[0], d.y?.[0]]), [
    [3, 0],
    [0.5, 0.5],
  ]);
  for (const i of last.traces) assert.equal(fig.data[i].type, "scatter");
  assert.equal(fig.layout.sliders?.[0].steps.length, 4);
  assert.equal(fig.layout.sliders?.[0].steps[2].args[0]?.[0], "t=2");
  const buttons = fig.layout.updatemenus?.[0].buttons ?? [];
  assert.deepEqual(buttons.map((x) => x.method), ["animate", "animate"]);
  assert.match(buttons[0].label, /Play/);
  // Frames redraw only the moving markers; those and the paths lie on axes drawn over the
  // contour map's (x2/y2 overlaying x/y), which a frame's quick redraw leaves alone.
  assert.equal(buttons[0].args[1].frame.redraw, false);
  assert.equal(fig.layout.sliders?.[0].steps[2].args[1].frame.redraw, false);
  for (const i of last.traces) assert.deepEqual([(fig.data[i] as ScatterTrace).xaxis, (fig.data[i] as ScatterTrace).yaxis], ["x2", "y2"]);
  assert.equal((fig.data.find((t) => t.type === "contour") as { xaxis?: string }).xaxis, undefined);
  assert.deepEqual([fig.layout.xaxis2?.overlaying, fig.layout.xaxis2?.matches, fig.layout.yaxis2?.overlaying, fig.layout.yaxis2?.matches], ["x", "x", "y", "y"]);
  assert.throws(() => Plot.racePlot(bowl, []), /at least one run/);
  assert.throws(() => Plot.racePlot(bowl, [{ name: "A", theta: a }], { frames: 1 }), /frames must be an integer with 2 ≤ frames/);
});

// ---------- the surface's own start ----------

test("contourPlot, surfacePlot3d and racePlot mark the surface's start when no run begins there", () => {
  const withStart = { ...bowl, start: [2, 1] };
  const starts = (fig: Figure): [unknown, unknown] => {
    const s = named(fig, "start") as ScatterTrace;
    return [s.x, s.y];
  };
  assert.deepEqual(starts(Plot.contourPlot(withStart, { resolution: 8 })), [[2], [1]], "no runs: the surface's start alone");
  const from = (x: number, y: number) => [{ name: "GD", theta: [x, y, 1, 0] }];
  assert.deepEqual(starts(Plot.contourPlot(withStart, { resolution: 8, trajectories: from(2, 1) })), [[2], [1]], "a run begins there: one dot");
  assert.deepEqual(starts(Plot.contourPlot(withStart, { resolution: 8, trajectories: from(0, 0) })), [[0, 2], [0, 1]]);
  assert.ok(!Plot.contourPlot(bowl, { resolution: 8 }).data.some((t) => t.name === "start"), "no start anywhere: no dot");
  assert.deepEqual(starts(Plot.racePlot(withStart, from(0, 0), { frames: 2, resolution: 6 })), [[0, 2], [0, 1]]);
  const lifted = named(Plot.surfacePlot3d(withStart, { resolution: 8 }), "start") as Scatter3dTrace;
  assert.deepEqual([lifted.x, lifted.y, lifted.z], [[2], [1], [bowl.f([2, 1])]], "on the surface, at L(start)");
  // Without a window, the drawn window takes in the start.
  const fig = Plot.contourPlot({ name: "no window", f: bowl.f, start: [5, -4], minimum: [1, -0.5] }, { resolution: 8 });
  const [x, y] = [fig.layout.xaxis?.range ?? [0, 0], fig.layout.yaxis?.range ?? [0, 0]];
  assert.ok(x[0] < 1 && x[1] > 5 && y[0] < -4 && y[1] > -0.5, `window ${JSON.stringify([x, y])}`);
});

// ---------- colour-bar labels ----------

test("colour-bar labels of log levels stay distinct in a narrow window, with only the digits needed", () => {
  // L ≈ 1.14·10⁵ all over: log levels crowd just above it, the case that read "1.14e5" twice.
  const high = { name: "high floor", f: (t: ArrayLike<number>) => 114_000 + t[0] ** 2 + t[1] ** 2, window: [[-1, 1], [-1, 1]] as const };
  const c = Plot.contourPlot(high, { logLevels: true, levels: 12, decades: 4, resolution: 21 }).data[0] as ContourTrace;
  const ticks = c.colorbar?.ticktext ?? [];
  assert.equal(ticks.length, 8);
  assert.equal(new Set(ticks).size, ticks.length, `distinct labels: ${ticks.join(", ")}`);
  const values = ticks.map(Number);
  assert.ok(values.every((v, i) => i === 0 || v > values[i - 1]), `increasing: ${ticks.join(", ")}`);
  // A wide window keeps the short labels.
  const wide = Plot.contourPlot(bowl, { logLevels: true, levels: 9, resolution: 20 }).data[0] as ContourTrace;
  const significant = (label: string): number => label.replace(/e.*$/, "").replace(/[-.]/g, "").replace(/^0+/, "").length;
  for (const label of wide.colorbar?.ticktext ?? []) assert.ok(significant(label) <= 3, `3 significant digits: ${label}`);
});

// ---------- layout: titles, legends and colour bars apart ----------

const RUN_NAMES = ["gradient descent, η = 10⁻⁷", "Adagrad, η = 1", "RMSProp, α = 0.9", "Adam, β₁ = 0.9", "momentum, β = 0.9", "Adam + warmup", "Adagrad, η = 3"];

test("legends: above the plot under the title (plotly makes room for its rows), or a column at the side for many lines", () => {
  /** The legend's top in px below the figure's top edge, when it hangs from the title. */
  const legendTop = (fig: Figure): number => {
    const l = fig.layout.legend;
    assert.equal(l?.yref, "container", "placed in the figure's coordinates: plotly reserves its height above the plot");
    assert.equal(l?.yanchor, "top");
    assert.equal(l?.orientation, "h");
    return (1 - (l?.y ?? 1)) * (fig.layout.height ?? 0);
  };
  const schedules = (n: number, title?: string) =>
    Plot.schedulePlot(RUN_NAMES.slice(0, n).map((name, i) => ({ name, values: [i, i + 1] })), 2, { title });
  const few = schedules(2);
  const top = legendTop(few);
  assert.ok(top >= 30 && top < (few.layout.margin?.t ?? 0), `under the title, above the least top margin: ${top} px`);
  assert.equal(few.layout.title.yref, "container", "the title pinned to the figure's top edge");
  assert.equal(few.layout.title.yanchor, "top");
  const wrapped = schedules(2, "a title long enough to wrap onto a second line in the figure, which pushes the legend down");
  assert.ok(legendTop(wrapped) >= top + 20, "a two-line title moves the legend down by a line");
  const many = schedules(6);
  assert.equal(many.layout.legend?.orientation, "v", "many lines: a column at the side, which never wraps into the title");
  assert.ok((many.layout.legend?.x ?? 0) > 1, "outside the plot area");

  // The race has a colour bar at the right: however many runs, the legend stays above the plot.
  const race = (n: number) =>
    Plot.racePlot(bowl, RUN_NAMES.slice(0, n).map((name, i) => ({ name, theta: [i / 10, 0, i / 10 + 0.5, -0.5] })), { frames: 2, resolution: 6 });
  const [r2, r7] = [race(2), race(7)];
  assert.equal(legendTop(r7), legendTop(r2));
  assert.ok(r7.layout.title.text.length <= 70, `a short default title for many runs: ${r7.layout.title.text}`);
  assert.match(r2.layout.title.text, /gradient descent, η = 10⁻⁷ vs Adagrad, η = 1/);
  // The slider starts clear of the play and pause buttons at any width (a px pad, not a fraction).
  assert.ok((r7.layout.sliders?.[0].pad?.l ?? 0) >= 150);
  legendTop(Plot.surfacePlot3d(bowl, { trajectories: RUN_NAMES.map((name, i) => ({ name, theta: [i / 10, 0, 1, 1] })), resolution: 6 }));
  legendTop(Plot.contourPlot(bowl, { trajectories: RUN_NAMES.map((name, i) => ({ name, theta: [i / 10, 0, 1, 1] })), resolution: 6 }));
});

test("long titles wrap at spaces, and the top margin makes room for every line", () => {
  const words = "Adam with and without warmup on the crescent surface: final loss of five seeded runs against the peak learning rate";
  const short = Plot.eigenvaluePlot([1, -1], { title: "short" });
  const long = Plot.eigenvaluePlot([1, -1], { title: words });
  const lines = long.layout.title.text.split("<br>");
  assert.ok(lines.length >= 2, long.layout.title.text);
  for (const line of lines) assert.ok(line.length <= 70, `line of ${line.length} characters`);
  assert.equal(lines.join(" "), words, "no word lost or broken");
  assert.ok((long.layout.margin?.t ?? 0) >= (short.layout.margin?.t ?? 0) + 20 * (lines.length - 1));
  assert.match(Plot.figureHtml(long), new RegExp(`aria-label="${words}"`), "read as one sentence");
});

// ---------- text is text ----------

const NASTY = `<img src=x onerror="alert(1)"> & </script><!-- 'q'`;

test("titles, names and labels are escaped for plotly, which shows them literally", () => {
  const fig = Plot.contourPlot(
    { ...bowl, name: NASTY, variables: ["<b>b</b>", "w & v"] },
    { trajectories: [{ name: "<i>run</i>", theta: [0, 0, 1, 1] }], resolution: 8 },
  );
  assert.ok(fig.layout.title.text.startsWith("&lt;img src=x onerror=\"alert(1)\"&gt; &amp; &lt;/script&gt;&lt;!-- 'q'"));
  assert.equal(fig.layout.xaxis?.title?.text, "&lt;b&gt;b&lt;/b&gt;");
  assert.equal(fig.layout.yaxis?.title?.text, "w &amp; v");
  assert.ok(fig.data.some((t) => t.name === "&lt;i&gt;run&lt;/i&gt;"));
  for (const f of [Plot.schedulePlot([{ name: "<b>", values: [1] }], 1, { title: "<a>" }), Plot.eigenvaluePlot([1], { title: "a<b" })]) {
    const json = JSON.stringify(f);
    assert.ok(!json.includes("<b>") && !json.includes("<a>") && !json.includes("a<b"), "no tag reaches plotly");
  }
});

test("figureHtml: one script element whatever the text, JSON safe inside it, round-trips", () => {
  const fig = Plot.contourPlot({ ...bowl, name: NASTY }, { resolution: 6 });
  fig.layout.title.text = NASTY; // even unescaped text set by hand cannot break out
  const html = Plot.figureHtml(fig, { id: "fig-1" });
  assert.equal(html.match(/<script/gi)?.length, 1);
  assert.equal(html.match(/<\/script/gi)?.length, 1);
  assert.ok(!html.includes("<!--"));
  assert.ok(!html.includes("<img"));
  assert.match(html, /aria-label="&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt; &amp; &lt;\/script&gt;&lt;!-- &#39;q&#39;/);
  const json = /var figure = (.*);\n/.exec(html)?.[1];
  assert.ok(json);
  assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(fig)));
  assert.throws(() => Plot.figureHtml(fig, { id: 'x" onload="y' }), /Invalid id/);
  assert.equal(Plot.scriptJson("</script><!--&"), '"\\u003c/script\\u003e\\u003c!--\\u0026"');
  assert.equal(Plot.escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
});

test("figureHtml: a large figure goes in packed (gzip, base64), the same bytes every time, and unpacks to its JSON", () => {
  const big = Plot.contourPlot(bowl, { resolution: 120 });
  const json = JSON.stringify(big);
  assert.ok(json.length > Plot.PACK_FIGURES_OVER_BYTES, "the fixture is over the threshold");
  const html = Plot.figureHtml(big, { id: "fig-big" });
  assert.match(html, /var figure = null;/);
  const packed = /var packedFigure = "([A-Za-z0-9+/=]+)";/.exec(html)?.[1];
  assert.ok(packed, "the packed figure is in the script");
  assert.deepEqual(JSON.parse(gunzipSync(Buffer.from(packed, "base64")).toString("utf8")), JSON.parse(json));
  assert.ok(html.length < json.length * 0.8, `${html.length} bytes of HTML for ${json.length} of JSON`);
  assert.equal(Plot.figureHtml(big, { id: "fig-big" }), html, "the same figure, the same bytes");
  // A small figure stays readable.
  assert.match(Plot.figureHtml(Plot.eigenvaluePlot([1, -1]), { id: "fig-small" }), /var figure = \{"data"/);
});

test("each figure gets its own div id", () => {
  const fig = Plot.eigenvaluePlot([1, -1]);
  const ids = [Plot.figureHtml(fig), Plot.figureHtml(fig)].map((h) => /id="([^"]+)"/.exec(h)?.[1]);
  assert.ok(ids[0] && ids[1] && ids[0] !== ids[1]);
});

// ---------- plotly.js inlined where require.js is present ----------

/** A UMD header as plotly.js 2.x has: with require.js present it calls define() instead of setting window.Plotly. */
const UMD = `!function(t){if("object"==typeof exports&&"undefined"!=typeof module)module.exports=t();else if("function"==typeof define&&define.amd)define([],t);else{("undefined"!=typeof window?window:"undefined"!=typeof global?global:"undefined"!=typeof self?self:this).Plotly=t()}}(function(){return {version:"2.x", s:"</script>"}});`;

/** A page with require.js (define.amd), and optionally CommonJS globals as some webviews have. */
function amdPage(commonJs = false): { context: vm.Context; defined: unknown[] } {
  const defined: unknown[] = [];
  const define = Object.assign((...args: unknown[]) => defined.push(args), { amd: {} });
  const context = vm.createContext(commonJs ? { define, module: { exports: {} }, exports: {} } : { define });
  context.window = context;
  context.self = context;
  return { context, defined };
}

test("plotly.js runs with define, module and exports hidden, so window.Plotly is set under require.js", () => {
  // Control: as is, the bundle registers with require.js and window.Plotly stays unset.
  const bare = amdPage();
  vm.runInContext(UMD, bare.context);
  assert.equal(bare.defined.length, 1);
  assert.equal(bare.context.Plotly, undefined);
  const cjs = amdPage(true);
  vm.runInContext(UMD, cjs.context);
  assert.equal(cjs.context.Plotly, undefined, "with module/exports around, it goes to module.exports");
  // Wrapped: window.Plotly is set, define untouched, and the "</script>" inside is neutralised.
  const wrapped = amdPage();
  const script = globalOnlyScript(inlineSafe(UMD, "test bundle"));
  assert.ok(!/<\/script/i.test(script));
  vm.runInContext(script, wrapped.context);
  assert.equal(wrapped.defined.length, 0);
  const wrappedCjs = amdPage(true);
  vm.runInContext(script, wrappedCjs.context);
  assert.equal(wrappedCjs.context.Plotly.version, "2.x");
  assert.equal(wrapped.context.Plotly.version, "2.x");
  assert.equal(wrapped.context.Plotly.s, "</script>", "the escape changes no value");
  // A second copy does nothing.
  const first = wrapped.context.Plotly;
  vm.runInContext(script, wrapped.context);
  assert.equal(wrapped.context.Plotly, first);
  assert.throws(() => inlineSafe("a='<!--'; b='<script>'", "bad"), /cannot be inlined safely/);
});

test("the real plotly.js bundle is inlined once, from the npm package", () => {
  const html = Plot.plotlyScriptHtml();
  assert.equal(html.match(/<\/script/gi)?.length, 1, "nothing in the bundle closes the script early");
  assert.ok(html.includes("(function (define, module, exports) {"));
  assert.ok(!/<script[^>]+src=/i.test(html), "no external script");
  // The bundle itself, gzipped and base64-encoded: it unpacks to the custom bundle, byte for byte.
  const packed = /\)\("([A-Za-z0-9+/=]+)"\)\.then\(/.exec(html)?.[1] ?? "";
  assert.ok(packed.length > 500_000, "the bundle itself, not a CDN link");
  const bundle = readFileSync(join(__dirname, "..", "..", "src", "dist", "plotly.min.js"), "utf8").replace(/<\/(script)/gi, "<\\/$1");
  assert.equal(gunzipSync(Buffer.from(packed, "base64")).toString("utf8"), bundle);
  assert.match(Plot.plotlyVersion(), /^\d+\.\d+\.\d+$/);
  const page = Plot.pageHtml([Plot.eigenvaluePlot([1, -1])]);
  assert.equal(page.match(/data-adaptive-lr="plotly\.js"/g)?.length, 1);
});

// ---------- show and progress, outside and inside a (stand-in) kernel ----------

test("show outside a tslab kernel says where it works and what to use instead", () => {
  assert.throws(() => A.show(Plot.eigenvaluePlot([1])), /tslab kernel.*figureHtml/);
  assert.throws(() => A.loadPlotly(), /tslab kernel/);
  const p = Plot.progress({ total: 10 });
  assert.equal(p.live, false);
  assert.equal(p.update(1, 1), false);
  p.done();
  assert.throws(() => Plot.progress({ total: 0 }), /total must be an integer ≥ 1/);
});

/** A stand-in tslab on disk, loaded like the kernel loads it, recording what the cell would show. */
function standInKernel(): { sent: { data: Record<string, unknown>; update: boolean }[]; htmls: string[]; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), "tslab-"));
  const dist = join(dir, "node_modules", "tslab", "dist");
  mkdirSync(dist, { recursive: true });
  writeFileSync(join(dist, "jupyter.js"), "exports.lastWriteDisplayData = null;\n");
  writeFileSync(
    join(dist, "public.js"),
    `const j = require("./jupyter");
function make(id) { let n = 0; const raw = (type, s) => j.lastWriteDisplayData({ data: { [type]: s }, metadata: {}, transient: { display_id: id } }, id !== undefined && n++ > 0);
  return { html: (s) => raw("text/html", s), text: (s) => raw("text/plain", s) }; }
exports.display = make(undefined);
exports.newDisplay = () => make("d" + Math.random());
`,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const jupyter = require(join(dist, "jupyter.js")) as { lastWriteDisplayData: unknown };
  const sent: { data: Record<string, unknown>; update: boolean }[] = [];
  jupyter.lastWriteDisplayData = (content: { data: Record<string, unknown> }, update: boolean) => sent.push({ data: content.data, update });
  return {
    sent,
    htmls: [],
    cleanup: () => {
      jupyter.lastWriteDisplayData = null;
      for (const k of Object.keys(require.cache)) if (k.startsWith(dir)) delete require.cache[k];
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test("show sends text/html, the plotly MIME bundle and text/plain; plotly.js only the first time", () => {
  const k = standInKernel();
  try {
    const fig = Plot.eigenvaluePlot([2, -1], { title: "a < b" });
    A.show(fig);
    A.show(fig);
    assert.equal(k.sent.length, 2);
    const [first, second] = k.sent.map((s) => s.data);
    assert.deepEqual(Object.keys(first).sort(), ["application/vnd.plotly.v1+json", "text/html", "text/plain"]);
    assert.deepEqual(first[Plot.PLOTLY_MIME], JSON.parse(JSON.stringify({ data: fig.data, layout: fig.layout })));
    assert.equal(first["text/plain"], "[figure: a < b]");
    assert.ok((first["text/html"] as string).includes("(function (define, module, exports)"));
    assert.ok(!(second["text/html"] as string).includes("(function (define, module, exports)"));
    A.loadPlotly(); // explicit: always sends, the page may have been reloaded
    assert.ok((k.sent[2].data["text/html"] as string).includes("(function (define, module, exports)"));
  } finally {
    k.cleanup();
  }
});

test("progress redraws one display in place, at most every everyMs, with a live loss curve", () => {
  const k = standInKernel();
  try {
    const p = Plot.progress({ total: 1000, label: "<GD>", everyMs: 60_000 });
    assert.equal(p.live, true);
    assert.equal(p.update(1, 100), true);
    for (let t = 2; t <= 1000; t++) assert.equal(p.update(t, 100 / t), false);
    p.done();
    assert.equal(k.sent.length, 2);
    assert.deepEqual(k.sent.map((s) => s.update), [false, true]);
    const html = k.sent[1].data["text/html"] as string;
    assert.match(html, /&lt;GD&gt;: t = 1,000 \/ 1,000 \(100%\) · L = 0.1 · [\d.]+ s, done/);
    assert.match(html, /<polyline [^>]*points="[\d., ]+"/);
  } finally {
    k.cleanup();
  }
});

// ---------- builders that replaced hand-built notebook figures ----------

test("linesPlot: x defaults to the index; reference lines span every series' x range", () => {
  const fig = Plot.linesPlot([{ name: "a", y: [1, 2, 3] }, { name: "b", x: [2, 5], y: [1, 1] }],
    { title: "t", xLabel: "x", yLabel: "y", referenceLines: [{ name: "rule", y: 100 }] });
  const [a, , rule] = fig.data as ScatterTrace[];
  assert.deepEqual(a.x, [0, 1, 2]);
  assert.deepEqual(rule.x, [0, 5]);
  assert.deepEqual(rule.y, [100, 100]);
  assert.equal(rule.name, "rule");
  assert.throws(() => Plot.linesPlot([{ name: "a", y: [1] }], { title: "t", xLabel: "x", yLabel: "y", referenceLines: [{ name: "r", y: NaN }] }), /finite/);
});

test("panelsPlot: stacked panels on one x axis, markers on each panel's first series, xRange cuts the data", () => {
  const y = Array.from({ length: 100 }, (_, k) => k * k);
  const fig = Plot.panelsPlot([
    { series: [{ name: "top", y }], yLabel: "top" },
    { series: [{ name: "bottom", y: y.map((v) => v + 1) }], yLabel: "bottom", logY: true },
  ], { title: "t", xLabel: "update t", xRange: [10, 50], markers: { name: "events", x: [5, 20, 30] } });
  const traces = fig.data as ScatterTrace[];
  const marks = traces.filter((t) => t.name === "events");
  assert.equal(marks.length, 2);
  assert.deepEqual(marks[0].x, [20, 30], "the event at 5 is outside the range");
  assert.deepEqual(marks[0].y, [400, 900]);
  assert.deepEqual(marks[1].y, [401, 901]);
  assert.equal(marks[1].yaxis, "y2");
  assert.equal(traces[0].x[0], 10);
  assert.equal(fig.layout.yaxis2?.type, "log");
  assert.equal(fig.layout.xaxis?.anchor, "y2");
  assert.ok(fig.layout.yaxis!.domain![0] > fig.layout.yaxis2!.domain![1], "first panel above the second");
  // A reference line on a panel whose series has no x and no xRange spans 0 … n−1.
  const ruled = Plot.panelsPlot([{ series: [{ name: "a", y }], yLabel: "a", referenceLines: [{ name: "rule", y: 50 }] }],
    { title: "t", xLabel: "x" }).data as ScatterTrace[];
  assert.deepEqual(ruled.find((t) => t.name === "rule")?.x, [0, 99]);
  assert.throws(() => Plot.panelsPlot([], { title: "t", xLabel: "x" }), /1 to 4 panels/);
  assert.throws(() => Plot.panelsPlot([{ series: [{ name: "a", y }], yLabel: "a" }], { title: "t", xLabel: "x", xRange: [5, 1] }), /xRange/);
});

test("sideBySide: the right figure moves to x2/y2, without a second colour bar or repeated legend entries", () => {
  const bowl = { name: "bowl", f: (t: ArrayLike<number>) => t[0] ** 2 + t[1] ** 2, window: [[-1, 1], [-1, 1]] as [number, number][], minimum: [0, 0] };
  const left = Plot.contourPlot(bowl, { resolution: 10, trajectories: [{ name: "a", theta: [1, 1, 0, 0] }] });
  const right = Plot.contourPlot(bowl, { resolution: 10, trajectories: [{ name: "b", theta: [-1, 1, 0, 0] }] });
  const fig = Plot.sideBySide(left, right, { title: "both", labels: ["L", "R"] });
  const moved = fig.data.slice(left.data.length);
  assert.ok(moved.every((t) => (t as ScatterTrace).xaxis === "x2" && (t as ScatterTrace).yaxis === "y2"));
  assert.equal((moved.find((t) => t.type === "contour") as ContourTrace).showscale, false);
  assert.equal(moved.find((t) => t.name === "minimum")?.showlegend, false);
  assert.notEqual(moved.find((t) => t.name === "b")?.showlegend, false);
  assert.deepEqual(fig.layout.annotations?.map((a) => a.text), ["L", "R"]);
  assert.throws(() => Plot.sideBySide(fig, right, { title: "x" }), /single 2-D panel/);
});

test("scatterPlot: one marker trace per group, open markers hollow, every point kept", () => {
  const fig = Plot.scatterPlot([{ name: "a", x: [1, 2], y: [3, 4], text: ["p", "q"] }, { name: "b", x: [5], y: [6], open: true, color: "#999999" }],
    { title: "t", xLabel: "x", yLabel: "y", logY: true });
  const [a, b] = fig.data as ScatterTrace[];
  assert.equal(a.mode, "markers");
  assert.deepEqual(a.text, ["p", "q"]);
  assert.equal(b.marker?.color, "rgba(0,0,0,0)");
  assert.equal(fig.layout.yaxis?.type, "log");
  assert.throws(() => Plot.scatterPlot([{ name: "a", x: [1], y: [] }], { title: "t", xLabel: "x", yLabel: "y" }), /must be equal/);
});

test("eigenvaluePlot range, lossAndGradNormPlot lossLabel, contourPlot marks and per-update markers", () => {
  assert.deepEqual(Plot.eigenvaluePlot([-1, 2, 50], { range: [-2, 3] }).layout.yaxis?.range, [-2, 3]);
  assert.throws(() => Plot.eigenvaluePlot([1], { range: [3, 1] }), /range must be \[low, high\]/);
  const lg = Plot.lossAndGradNormPlot({ loss: [2, 1], gradNorm: [1, 0.5] }, { lossLabel: "L − L*" });
  assert.equal(lg.layout.yaxis?.title?.text, "L − L*");
  assert.equal(lg.data[0].name, "L − L*");
  const bowl = { name: "bowl", f: (t: ArrayLike<number>) => t[0] ** 2 + t[1] ** 2, window: [[-1, 1], [-1, 1]] as [number, number][] };
  const fig = Plot.contourPlot(bowl, { resolution: 10, trajectories: [{ name: "run", theta: [1, 1, 0, 0], markerSize: 6 }],
    marks: [{ name: "spikes", theta: [0.5, 0.25], text: ["update 3"] }] });
  const run = fig.data.find((t) => t.name === "run") as ScatterTrace;
  assert.equal(run.mode, "lines+markers");
  assert.equal(run.marker?.size, 6);
  const marks = fig.data.find((t) => t.name === "spikes") as ScatterTrace;
  assert.deepEqual([marks.x, marks.y], [[0.5], [0.25]]);
  assert.throws(() => Plot.contourPlot(bowl, { resolution: 10, marks: [{ name: "odd", theta: [1] }] }), /flat/);
});

test("byDecades: log axes spanning decades are ticked at whole decades, others keep plotly's ticks", () => {
  const wide = Plot.linesPlot([{ name: "a", x: [1, 2, 3], y: [1e-9, 1e-3, 10] }], { title: "t", xLabel: "x", yLabel: "y", logY: true });
  assert.equal(Plot.byDecades(wide).layout.yaxis?.dtick, 2, "ten decades: every second one (at most six labels)");
  const few = Plot.linesPlot([{ name: "a", x: [1, 2], y: [0.01, 1] }], { title: "t", xLabel: "x", yLabel: "y", logY: true });
  assert.equal(Plot.byDecades(few).layout.yaxis?.dtick, 1);
  const narrow = Plot.linesPlot([{ name: "a", x: [1, 2], y: [2, 8] }], { title: "t", xLabel: "x", yLabel: "y", logY: true });
  assert.equal(Plot.byDecades(narrow).layout.yaxis?.dtick, undefined, "under a decade: plotly's 2, 5 ticks stay");
  const linear = Plot.linesPlot([{ name: "a", x: [1, 2], y: [1e-9, 10] }], { title: "t", xLabel: "x", yLabel: "y" });
  assert.equal(Plot.byDecades(linear).layout.yaxis?.dtick, undefined, "linear axes are left alone");
  const named = Plot.linesPlot([{ name: "a", x: [1, 2], y: [0.01, 1] }], { title: "t", xLabel: "x", yLabel: "y", logY: true });
  assert.equal(Plot.byDecades(named, "xaxis").layout.yaxis?.dtick, undefined, "only the axes named");
});
