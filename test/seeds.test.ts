import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as A from "adaptive-lr";
import * as Plot from "adaptive-lr/plot";
import * as Analysis from "adaptive-lr/analysis";

test("quantile interpolates between order statistics like numpy's default", () => {
  assert.equal(Analysis.quantile([4, 1, 3, 2], 0), 1);
  assert.equal(Analysis.quantile([4, 1, 3, 2], 1), 4);
  assert.ok(Math.abs(Analysis.quantile([4, 1, 3, 2], 0.1) - 1.3) < 1e-12);
  assert.equal(Analysis.quantile([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(Analysis.quantile([7], 0.3), 7);
  assert.equal(Analysis.quantile([1, Infinity, Infinity], 0.9), Infinity);
});

test("quantile lies between the minimum and the maximum and grows with q", () => {
  const values = fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 });
  fc.assert(
    fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (v, p, q) => {
      const [lo, hi] = p <= q ? [p, q] : [q, p];
      const a = Analysis.quantile(v, lo);
      const b = Analysis.quantile(v, hi);
      return Math.min(...v) <= a && a <= b && b <= Math.max(...v);
    }),
    { numRuns: 200, seed: 10 },
  );
});

test("band gives the median and the quantile edges at every update", () => {
  const runs = [
    [1, 10, 5],
    [2, 20, 5],
    [3, 30, 5],
    [4, 40, 5],
    [5, 50, 5],
  ];
  const b = Analysis.band(runs, { lower: 0.25, upper: 1 });
  assert.deepEqual(Array.from(b.median), [3, 30, 5]);
  assert.deepEqual(Array.from(b.lower), [2, 20, 5]);
  assert.deepEqual(Array.from(b.upper), [5, 50, 5]);
  assert.deepEqual(b.quantiles, [0.25, 1]);
  assert.equal(b.runs, 5);
  const d = Analysis.band(runs);
  assert.deepEqual(d.quantiles, [0.1, 0.9]);
  assert.ok(Math.abs(d.lower[0] - 1.4) < 1e-12 && Math.abs(d.upper[1] - 46) < 1e-12);
});

test("band refuses what it cannot summarise, naming the culprit", () => {
  assert.throws(() => Analysis.band([]), /runs is empty/);
  assert.throws(() => Analysis.band([[1, 2], [1]]), /runs\[1\] has 1 values but runs\[0\] has 2/);
  assert.throws(() => Analysis.band([[1, NaN]]), /runs\[0\]\[1\] is NaN/);
  assert.throws(() => Analysis.band([[1]], { lower: 0.6, upper: 0.5 }), /upper.*0\.6 ≤ upper ≤ 1/);
  assert.throws(() => Analysis.band([[1]], { lower: -0.1 }), /lower must be a finite number with 0 ≤ lower ≤ 1/);
  assert.throws(() => Analysis.quantile([], 0.5), /values is empty/);
  assert.throws(() => Analysis.quantile([1], 2), /q must be a finite number with 0 ≤ q ≤ 1/);
});

test("bandPlot draws a filled band and a median line per group, titled and labelled", () => {
  const runs = (shift: number) => [0, 1, 2].map((s) => Array.from({ length: 5000 }, (_, k) => shift + s + Math.sin(k / 50)));
  const fig = Plot.bandPlot(
    [
      { name: "Adam", runs: runs(0) },
      { name: "Adam + warmup", runs: runs(10), color: "#0072B2" },
    ],
    { title: "Loss", xLabel: "update t", yLabel: "L(θ)", lower: 0, upper: 1, logY: true },
  );
  assert.equal(fig.data.length, 4);
  const [edge, line] = fig.data as Plot.ScatterTrace[];
  assert.equal(edge.fill, "toself");
  assert.match(edge.fillcolor ?? "", /^rgba\(213, 94, 0, 0\.18\)$/, "the line's colour, translucent");
  assert.equal(edge.showlegend, false);
  assert.equal(line.name, "Adam");
  assert.ok(line.x.length < 5000, "long series are thinned");
  // The outline goes out along the upper edge and back along the lower one.
  assert.equal(edge.x.length, 2 * line.x.length);
  assert.equal(edge.y[0], 2);
  assert.equal(edge.y[edge.y.length - 1], 0);
  assert.equal(line.y[0], 1);
  assert.equal((fig.data[3] as Plot.ScatterTrace).line?.color, "#0072B2");
  assert.match(fig.layout.title.text, /line: median of 3 seeded runs; band: min to max/);
  assert.equal(fig.layout.yaxis?.type, "log");
  assert.ok(Plot.figureBytes(fig) <= Plot.FIGURE_BUDGET_BYTES);
});

test("bandPlot checks its inputs", () => {
  const ok = { title: "t", xLabel: "x", yLabel: "y" };
  assert.throws(() => Plot.bandPlot([], ok), /groups must hold at least one/);
  assert.throws(() => Plot.bandPlot([{ name: "a", runs: [[1, 2]] }], { ...ok, xLabel: "" }), /options.xLabel must be a non-empty string/);
  assert.throws(() => Plot.bandPlot([{ name: "a", runs: [[1, 2]] }], { ...ok, x: [1] }), /x has 1 values but the runs have 2/);
  assert.throws(() => Plot.bandPlot([{ name: "a", runs: [[1, 2]] }, { name: "b", runs: [[1]] }], ok), /group "b" has runs of 1 values/);
  assert.throws(() => Plot.bandPlot([{ name: "a", runs: [[1, 2]], color: "red" }], ok), /Invalid color: "red"/);
});
