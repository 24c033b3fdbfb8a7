import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";
import * as Analysis from "adaptive-lr/analysis";

test("relativeGap: 0 for equal runs, ‖a − b‖∞/‖b‖∞ otherwise, NaN never passes, lengths must match", () => {
  assert.equal(Analysis.relativeGap([1, -2, 3], [1, -2, 3]), 0);
  assert.equal(Analysis.relativeGap([1, -2, 3.5], [1, -2, 4]), 0.5 / 4);
  assert.equal(Analysis.relativeGap([0, 1e-3], [0, 0]), 1e-3); // absolute when b is all zeros
  assert.ok(Number.isNaN(Analysis.relativeGap([NaN, 1], [1, 1])));
  assert.ok(Number.isNaN(Analysis.relativeGap([1, NaN], [1, 1])));
  assert.throws(() => Analysis.relativeGap([1, 2], [1, 2, 3]), /a has 2 numbers and b has 3/);
});

test("updatesToReach: the first update at or below the threshold, undefined for never or a diverged run", () => {
  assert.equal(Analysis.updatesToReach({ loss: [5, 4, 3, 2, 3] }, 3), 2);
  assert.equal(Analysis.updatesToReach({ loss: [5, 4, 3] }, 9), 0);
  assert.equal(Analysis.updatesToReach({ loss: [5, 4, 3] }, 1), undefined);
  // stay: arriving for good, not touching the threshold and spraying out again
  assert.equal(Analysis.updatesToReach({ loss: [5, 2, 4, 2, 1] }, 3, { stay: true }), 3);
  assert.equal(Analysis.updatesToReach({ loss: [5, 2, 4] }, 3, { stay: true }), undefined);
  assert.equal(Analysis.updatesToReach({ loss: [1, 2] }, 3, { stay: true }), 0);
  const blown = A.run({ surface: A.convexValley(), optimizer: A.sgd({ lr: 1e-2 }), updates: 500 });
  assert.ok(blown.diverged);
  const [b, w] = A.convexValley().minimum!;
  assert.equal(Analysis.updatesToReach(blown, A.convexValley().loss([b, w]) + 1), undefined);
  assert.throws(() => Analysis.updatesToReach({ loss: [1] }, NaN), /Invalid threshold: NaN \(threshold must be a number/);
});

test("replay: feeds the gradients given, records θ, m, σ, m/σ and ηᵗ per update", () => {
  const g = [1, -1, 1, -1];
  const r = Analysis.replay({ optimizer: A.adam({ lr: 0.1, betas: [0.5, 0.75], eps: 0 }), gradients: g, start: [2] });
  assert.equal(r.dimension, 1);
  assert.equal(r.updates, 4);
  assert.equal(r.theta.length, 5);
  assert.equal(r.theta[0], 2);
  // By hand: m⁰ = 0.5, m¹ = 0.25 − 0.5 = −0.25; v⁰ = 0.25, v¹ = 0.1875 + 0.25 = 0.4375.
  assert.deepEqual(Array.from(r.m!.subarray(0, 2)), [0.5, -0.25]);
  assert.ok(Math.abs(r.sigma![0] - 1) < 1e-15, "bias-corrected σ⁰ = |g⁰|");
  assert.ok(Math.abs(r.sigma![1] - Math.sqrt(0.4375 / (1 - 0.75 ** 2))) < 1e-15);
  assert.ok(Math.abs(r.direction[1] - -0.25 / 0.75 / r.sigma![1]) < 1e-15);
  for (let t = 0; t < 4; t++) {
    assert.equal(r.lr[t], 0.1);
    assert.ok(Math.abs(r.theta[t + 1] - (r.theta[t] - 0.1 * r.direction[t])) < 1e-15);
  }
  const plain = Analysis.replay({ optimizer: A.sgd({ lr: 0.5 }), gradients: [[1, 2], [3, 4]] });
  assert.equal(plain.m, undefined, "no momentum part: no m");
  assert.equal(plain.sigma, undefined, "no scale part: no σ");
  assert.deepEqual(Array.from(plain.theta), [0, 0, -0.5, -1, -2, -3]);
  assert.throws(() => Analysis.replay({ optimizer: A.sgd(), gradients: [[1, 2], [3]] }), /gradients\[1\] has 1 numbers but gradients\[0\] has 2/);
  assert.throws(() => Analysis.replay({ optimizer: A.sgd(), gradients: [] }), /non-empty/);
  assert.throws(() => Analysis.replay({ optimizer: A.sgd(), gradients: [1], start: [0, 0] }), /start has 2 numbers/);
});

test("newtonMinimum: finds the valley's least-squares minimum, the crescent's, and refuses a saddle", () => {
  const valley = A.convexValley();
  const found = Analysis.newtonMinimum(valley, valley.start!, { tolerance: 1e-6 });
  assert.ok(Analysis.relativeGap(found, valley.minimum!) < 1e-12, `found ${found}, exact ${valley.minimum}`);
  const crescent = A.crescent();
  const c = Analysis.newtonMinimum(crescent, [2.9, 1.7]);
  const g = crescent.gradient(c, new Float64Array(2));
  assert.ok(Math.hypot(g[0], g[1]) <= 1e-10);
  assert.ok(Math.abs(c[0] - 3) < 1e-3 && Math.abs(c[1] - 0.2 * c[0] ** 2) < 1e-9, `crescent minimum ${c}`);
  assert.throws(() => Analysis.newtonMinimum(A.saddle(), [0.3, 0.2]), /not a minimum/);
  assert.throws(() => Analysis.newtonMinimum(valley, [0]), /start has 1 numbers but the surface has 2/);
  assert.throws(() => Analysis.newtonMinimum(valley, valley.start!, { iterations: 0 }), /Invalid iterations: 0/);
  assert.throws(() => Analysis.newtonMinimum(A.rosenbrock(), [-1.5, 2], { iterations: 1 }), /after 1 steps/);
});

test("linesPlot: titled and labelled, legend only for several series, gaps for non-finite values, text escaped", () => {
  const fig = Plot.linesPlot(
    [
      { name: "a<b>", x: [1, 2, 3], y: [1, Infinity, 3], markers: true },
      { name: "c", x: [1, 2, 3], y: [3, 2, 1], dash: "dash" },
    ],
    { title: "final loss & η", xLabel: "η", yLabel: "L", logX: true, logY: true },
  );
  assert.equal(fig.layout.title.text, "final loss &amp; η");
  assert.equal(fig.layout.xaxis?.title?.text, "η");
  assert.equal(fig.layout.xaxis?.type, "log");
  assert.equal(fig.layout.showlegend, true);
  const [a, c] = fig.data as Plot.ScatterTrace[];
  assert.equal(a.name, "a&lt;b&gt;");
  assert.deepEqual(a.y, [1, null, 3]);
  assert.equal(a.mode, "lines+markers");
  assert.equal(c.line?.dash, "dash");
  assert.equal(fig.layout.legend?.orientation, "h", "a few series: legend above the plot");
  assert.equal(Plot.linesPlot([{ name: "one", x: [0], y: [0] }], { title: "t", xLabel: "x", yLabel: "y" }).layout.showlegend, false);
  const many = Plot.linesPlot(Array.from({ length: 9 }, (_, i) => ({ name: `s${i}`, x: [0, 1], y: [i, i] })), { title: "t", xLabel: "x", yLabel: "y" });
  assert.equal(many.layout.legend?.orientation, "v", "many series: legend at the side, off the title");
  assert.throws(() => Plot.linesPlot([{ name: "one", x: [0], y: [0] }], { title: "", xLabel: "x", yLabel: "y" }), /options.title must be a non-empty string/);
  assert.throws(() => Plot.linesPlot([{ name: "one", x: [0, 1], y: [0] }], { title: "t", xLabel: "x", yLabel: "y" }), /2 x values and 1 y values/);
  // Long series are thinned into the figure budget.
  const n = 200_000;
  const long = Plot.linesPlot([{ name: "long", x: Float64Array.from({ length: n }, (_, i) => i), y: Float64Array.from({ length: n }, (_, i) => Math.sin(i)) }], {
    title: "t",
    xLabel: "x",
    yLabel: "y",
  });
  assert.ok(Plot.figureBytes(long) <= Plot.FIGURE_BUDGET_BYTES);
});
