/**
 * Details a reader meets in every figure: lines at least 3:1 against what they are drawn
 * on, hover numbers with 4 significant digits and update counts as integers, log axes
 * that never tick at NaN or Infinity, and a layout re-planned for a phone's width.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";

type Loose = Record<string, unknown>;

/** Figures from the builders, with the colours notebooks pick themselves (Okabe–Ito's light ones). */
function figures(): Record<string, Plot.Figure> {
  const valley = A.convexValley();
  const light = ["#E69F00", "#56B4E9", "#CC79A7", "#009E73", "#999999"];
  const runs = light.map((color, i) => ({
    name: `run ${i}`,
    color,
    theta: A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: 1 + i }), updates: 500 }),
  }));
  const y = Array.from({ length: 40 }, (_, k) => 1 / (k + 1));
  return {
    contour: Plot.contourPlot(valley, { trajectories: runs, logLevels: true, resolution: 20 }),
    race: Plot.racePlot(valley, runs, { frames: 5, resolution: 20 }),
    lines: Plot.linesPlot(light.map((color, i) => ({ name: `l${i}`, y, color })), { title: "t", xLabel: "x", yLabel: "y" }),
    loss: Plot.lossAndGradNormPlot(runs.map((r) => ({ name: r.name, loss: r.theta.loss, gradNorm: r.theta.gradNorm }))),
    schedule: Plot.schedulePlot([1, 2, 3, 4, 5, 6, 7].map((k) => ({ name: `η${k}`, schedule: (t: number) => k / Math.sqrt(t + 1) })), 100),
    band: Plot.bandPlot([0, 1, 2, 3, 4, 5, 6].map((k) => ({ name: `b${k}`, runs: [y, y.map((v) => v * (k + 2))] })), { title: "t", xLabel: "x", yLabel: "y" }),
  };
}

test("every line stands at least 3:1 against its background once shown (plot or contour map), colours chosen in notebooks included", () => {
  let checked = 0;
  for (const [name, figure] of Object.entries(figures())) {
    Plot.withContrast(figure);
    const traces = figure.data as unknown as Loose[];
    const contour = traces.find((t) => t.type === "contour");
    const darkest = contour
      ? (contour.colorscale as [number, string][]).map((s) => s[1]).sort((a, b) => Plot.contrastRatio(b, "#000000") - Plot.contrastRatio(a, "#000000"))[0]
      : "#ffffff";
    for (const t of traces) {
      if (t.type !== "scatter" || !String(t.mode).includes("lines")) continue;
      const color = (t.line as Loose).color as string;
      if (!/^#/.test(color)) continue; // translucent reference lines and bands are not series
      // A faint path (opacity) is seen as its colour blended into the background.
      const opacity = typeof t.opacity === "number" ? t.opacity : 1;
      const ratio = Plot.contrastRatio(opacity < 1 ? Plot.blend(color, darkest, opacity) : color, darkest);
      assert.ok(ratio >= 3, `${name}: "${t.name}" ${color} is ${ratio.toFixed(2)}:1 against ${darkest}`);
      checked++;
    }
  }
  assert.ok(checked > 30, `lines checked: ${checked}`);
  // The darkening keeps the hue and stops as soon as 3:1 is reached.
  assert.equal(Plot.legible("#0072B2", "#ffffff"), "#0072B2");
  const orange = Plot.legible("#E69F00", "#ffffff");
  assert.ok(Plot.contrastRatio(orange, "#ffffff") >= 3 && Plot.contrastRatio(orange, "#ffffff") < 3.2, orange);
  assert.throws(() => Plot.contrastRatio("orange", "#ffffff"), /colours must be "#rrggbb"/);
});

test("hover labels: numbers to 4 significant digits, update counts as whole numbers with separators", () => {
  for (const [name, figure] of Object.entries(figures())) {
    for (const t of figure.data as unknown as Loose[]) {
      const template = t.hovertemplate as string | undefined;
      if (!template) continue;
      for (const m of template.matchAll(/%\{([^}:]+)(?::([^}]*))?\}/g)) {
        const [, field, format] = m;
        if (field === "text" || field === "hovertext" || field === "fullData.name") continue;
        const counts = /update %\{[^}]*\}$|t = %\{[^}]*\}$/.test(template.slice(0, (m.index ?? 0) + m[0].length));
        assert.equal(format, counts ? ",.0f" : ".4g", `${name}: "${template}" formats ${field} as ${format ?? "plotly's default"}`);
      }
    }
  }
});

test("a log axis over more than 308 decades gets finite decade ticks, not NaN or Infinity", () => {
  const fig = Plot.linesPlot([{ name: "diverging", x: [1, 2, 3], y: [1e-300, 1, 1e300] }], { title: "t", xLabel: "x", yLabel: "y", logY: true });
  Plot.byDecades(fig);
  const dtick = (fig.layout.yaxis as { dtick?: number }).dtick;
  assert.ok(Number.isFinite(dtick) && dtick! >= 100, `dtick ${dtick}`);
});

test("a figure 390 px wide: title wrapped to the width, legend and colour bar below the plot, the race's slider under its buttons", () => {
  const { race, contour, lines } = figures();
  const phone = Plot.fitToWidth(race, 374);
  const layout = phone.layout as unknown as Loose;
  const titleLines = String((layout.title as Loose).text).split("<br>").map((l) => l.replace(/<[^>]*>/g, ""));
  assert.ok(titleLines.every((l) => l.length * 9.2 <= 374 - 24), JSON.stringify(titleLines));
  assert.deepEqual({ ...(layout.legend as Loose), tracegroupgap: undefined, itemsizing: undefined }, { orientation: "h", x: 0, xanchor: "left", y: 0, yanchor: "bottom", yref: "container", tracegroupgap: undefined, itemsizing: undefined });
  const bar = ((phone.data as unknown as Loose[]).find((t) => t.type === "contour")!.colorbar) as Loose;
  assert.equal(bar.orientation, "h");
  assert.ok((bar.y as number) < 0, "the colour bar below the plot area");
  assert.ok((layout.height as number) > (race.layout.height as number), "the figure grows by what moved below");
  assert.equal(((layout.sliders as Loose[])[0].pad as Loose).l, 0);
  // Wide enough: unchanged, the same object.
  assert.equal(Plot.fitToWidth(contour, 800), contour);
  assert.equal(Plot.fitToWidth(lines, Plot.NARROW_WIDTH), lines);
  // The builder's own figure is not changed.
  assert.notEqual(race.layout.legend?.yref === "container" && race.layout.legend?.y === 0, true);
});

test("the race's paths keep their own colours on the map once made to stand 3:1: a reader tells the runs apart", () => {
  const valley = A.convexValley();
  // The module's own colours, as notebooks' races use them.
  const runs = [0, 1, 2, 3, 4].map((i) => ({ name: `run ${i}`, theta: A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: 1 + i }), updates: 100 }) }));
  const figure = Plot.withContrast(Plot.racePlot(valley, runs, { frames: 5, resolution: 20 }));
  const paths = (figure.data as unknown as Loose[]).filter((t) => t.type === "scatter" && String(t.mode).includes("lines"));
  assert.equal(paths.length, runs.length);
  const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const colours = paths.map((t) => rgb((t.line as Loose).color as string));
  // Not darkened to near black (at 0.45 opacity every one came out #0D0600 or so), still saturated, each its own.
  for (const c of colours) {
    const [max, min] = [Math.max(...c), Math.min(...c)];
    assert.ok(max >= 80 && (max - min) / max >= 0.3, `a colour, not a dark grey: rgb(${c})`);
  }
  colours.forEach((a, i) => colours.forEach((b, j) => {
    if (i < j) assert.ok(a.reduce((d, v, k) => d + Math.abs(v - b[k]), 0) >= 40, `runs ${i} and ${j} look alike: rgb(${a}) and rgb(${b})`);
  }));
});

test("3-D lines stand at least 3:1 against the surface they lie on (its darkest colour) and the scene", () => {
  const valley = A.convexValley();
  const light = ["#E69F00", "#56B4E9", "#CC79A7", "#009E73", "#F0E442"];
  const runs = light.map((color, i) => ({ name: `run ${i}`, color, theta: A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: 1 + i }), updates: 100 }) }));
  const figure = Plot.withContrast(Plot.surfacePlot3d(valley, { trajectories: runs, resolution: 10 }));
  const traces = figure.data as unknown as Loose[];
  const surface = traces.find((t) => t.type === "surface")!;
  const darkest = (surface.colorscale as [number, string][]).map((s) => s[1]).sort((a, b) => Plot.contrastRatio(a, "#000000") - Plot.contrastRatio(b, "#000000"))[0];
  const lines = traces.filter((t) => t.type === "scatter3d" && String(t.mode).includes("lines"));
  assert.ok(lines.length >= light.length, `3-D lines: ${lines.length}`);
  for (const t of lines) {
    const color = (t.line as Loose).color as string;
    for (const background of [darkest, "#ffffff"]) {
      const ratio = Plot.contrastRatio(color, background);
      assert.ok(ratio >= 3, `"${t.name}" ${color} is ${ratio.toFixed(2)}:1 against ${background}`);
    }
  }
  // The colours notebooks chose were light: they were darkened, keeping their order.
  assert.notEqual((lines[0].line as Loose).color, light[0]);
});

test("a diverged run is clipped where it passes 10¹² times where the runs started, and the figure says so", () => {
  // Gradient descent on the valley with η above 2/λmax: the loss grows by hundreds of decades.
  const valley = A.convexValley();
  const diverged = A.run({ surface: valley, optimizer: A.sgd({ lr: 1 }), updates: 300 });
  const steady = A.run({ surface: valley, optimizer: A.adam({ lr: 0.1 }), updates: 300 });
  const finite = Array.from(diverged.loss).filter(Number.isFinite);
  assert.ok(Math.max(...finite) > 1e100, `the run diverges (max loss ${Math.max(...finite)})`);
  const figure = Plot.lossAndGradNormPlot([
    { name: "gradient descent, η = 1", loss: diverged.loss, gradNorm: diverged.gradNorm },
    { name: "Adam, η = 0.1", loss: steady.loss, gradNorm: steady.gradNorm },
  ]);
  const before = JSON.parse(JSON.stringify(figure.data)) as Loose[];
  Plot.clipOverflow(figure);
  const traces = figure.data as unknown as Loose[];
  const notes = (figure.layout.annotations ?? []).filter((a) => a.text.startsWith("▲ clipped at"));
  assert.ok(notes.length >= 1, "the figure says what was clipped");
  for (const note of notes) assert.match(note.text, /^▲ clipped at \d\.\d\de\+\d+: gradient descent, η = 1 \(up to \d\.\d\de\+\d+\)$/);
  const byAxis = new Map<string, number>();
  traces.forEach((t, i) => {
    const axis = (t.yaxis as string | undefined) ?? "y";
    const first = (before[i].y as (number | null)[]).find((v) => typeof v === "number");
    if (typeof first === "number") byAxis.set(axis, Math.max(byAxis.get(axis) ?? 0, Math.abs(first)));
  });
  traces.forEach((t, i) => {
    const bound = byAxis.get((t.yaxis as string | undefined) ?? "y")! * Plot.OVERFLOW_FACTOR;
    const y = t.y as (number | null)[];
    assert.ok(y.every((v) => v === null || Math.abs(v) <= bound * (1 + 1e-12)), `${t.name}: within ${bound}`);
    if (String(t.name).startsWith("Adam")) assert.deepEqual(y, before[i].y, "a run that stays is untouched");
  });
  // Ticks stay finite on the clipped axes.
  Plot.byDecades(figure);
  for (const [key, axis] of Object.entries(figure.layout)) if (/^yaxis/.test(key) && (axis as Loose).dtick !== undefined) assert.ok(Number.isFinite((axis as Loose).dtick));
  // Nothing to clip: the figure is left as it was, without a note.
  const calm = Plot.lossAndGradNormPlot([{ name: "Adam", loss: steady.loss, gradNorm: steady.gradNorm }]);
  const copy = JSON.parse(JSON.stringify(calm));
  assert.deepEqual(JSON.parse(JSON.stringify(Plot.clipOverflow(calm))), copy);
});
