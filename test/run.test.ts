import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";
import * as Analysis from "adaptive-lr/analysis";
import * as Nn from "adaptive-lr/nn";

test("the lecture's valley: gradient descent with η = 1e-7 for 100,000 updates ends near (−123.7, 2.48)", () => {
  const valley = A.convexValley();
  const r = A.run({ surface: valley, optimizer: A.sgd({ lr: 1e-7 }), updates: 100_000 });
  assert.equal(r.updates, 100_000);
  assert.equal(r.diverged, undefined);
  const [b, w] = r.point(100_000);
  assert.ok(Math.abs(b - -123.7) < 0.05 && Math.abs(w - 2.48) < 0.005, `ended at (${b}, ${w})`);
  // …and far from the minimum along b (≈ −188.4): most of the way is left.
  const [bStar] = valley.minimum!;
  assert.ok((b - bStar) / (-120 - bStar) > 0.9);
});

test("the valley's minimum and Hessian are the least-squares ones", () => {
  const v = A.convexValley();
  const [b, w] = v.minimum!;
  const g = v.gradient([b, w], new Float64Array(2));
  assert.ok(Math.abs(g[0]) < 1e-6 && Math.abs(g[1]) < 1e-3, `∇L at the minimum = ${g}`);
  // H = 2·[[n, Σx], [Σx, Σx²]] for linear regression, whatever the point.
  const x = A.POKEMON_CP.x;
  const sx = x.reduce((a, b) => a + b, 0);
  const sxx = x.reduce((a, b) => a + b * b, 0);
  assert.deepEqual(Array.from(v.hessian([0, 0], new Float64Array(4))), [20, 2 * sx, 2 * sx, 2 * sxx]);
});

test("divergence stops the run and reports where, never NaN silently", () => {
  const r = A.run({ surface: A.convexValley(), optimizer: A.sgd({ lr: 1e-2 }), updates: 1000 });
  assert.ok(r.diverged, "η = 1e-2 must diverge on the valley");
  assert.ok(r.diverged.update < 100, `diverged at update ${r.diverged.update}`);
  assert.equal(r.updates, r.diverged.update);
  assert.equal(r.loss.length, r.updates + 1);
  for (const L of r.loss) assert.ok(Number.isFinite(L));
  for (const x of r.theta) assert.ok(Number.isFinite(x));
  for (const x of r.gradNorm) assert.ok(Number.isFinite(x));
  assert.ok(!Number.isFinite(r.diverged.loss) || r.diverged.theta.some((x) => !Number.isFinite(x)) || r.diverged.gradient.some((x) => !Number.isFinite(x)));
});

test("each kind of divergence is reported with the last good update: parameters, loss, gradient", () => {
  // θ = 1, 0.5, 0.25, …: the loss or the gradient stops being finite once θ < 0.3, i.e. at θ².
  const halving = (bad: "loss" | "gradient"): A.Differentiable => ({
    dimension: 1,
    loss: (p) => (bad === "loss" && p[0] < 0.3 ? NaN : p[0] * p[0]),
    gradient: (p, out) => {
      out[0] = bad === "gradient" && p[0] < 0.3 ? Infinity : 2 * p[0];
      return out;
    },
  });
  for (const what of ["loss", "gradient"] as const) {
    const r = A.run({ surface: halving(what), optimizer: A.sgd({ lr: 0.25 }), updates: 10, start: [1] });
    assert.equal(r.diverged?.what, what);
    assert.equal(r.diverged?.update, 1, "update 1 produced θ² = 0.25");
    assert.deepEqual(Array.from(r.theta), [1, 0.5]);
    assert.deepEqual(r.diverged?.theta, [0.25]);
  }
  // The gradient is 1 everywhere; the second step of η = 1e308 overflows θ to −∞.
  const r = A.run({ surface: A.surface("x"), optimizer: A.sgd({ lr: 1e308 }), updates: 10, start: [0] });
  assert.equal(r.diverged?.what, "parameters");
  assert.equal(r.diverged?.update, 1);
  assert.deepEqual(Array.from(r.theta), [0, -1e308]);
  assert.deepEqual(r.diverged?.theta, [-Infinity]);
  assert.equal(r.diverged?.loss, -1e308, "the loss where the bad update started");
});

test("‖g‖ is recorded without overflow while g is finite", () => {
  const s = A.surface("1e200 * x");
  const r = A.run({ surface: s, optimizer: A.sgd({ lr: 0 }), updates: 1, start: [0] });
  assert.equal(r.gradNorm[0], 1e200);
});

test("a start point with a non-finite loss is refused", () => {
  assert.throws(() => A.run({ surface: A.surface("log(x)"), optimizer: A.sgd(), updates: 3, start: [-1] }), /the loss at the start point \[-1\] is NaN/);
});

test("the run records θ, loss, ‖g‖, ηᵗ and σ in typed arrays of the right sizes", () => {
  const r = A.run({ surface: A.rosenbrock(), optimizer: A.adam({ lr: A.inverseSqrtDecay(0.1) }), updates: 50, recordSigma: true });
  assert.equal(r.theta.length, 51 * 2);
  assert.equal(r.loss.length, 51);
  assert.equal(r.gradNorm.length, 51);
  assert.equal(r.lr.length, 50);
  assert.equal(r.sigma!.length, 100);
  assert.equal(r.lr[3], 0.1 / 2);
  assert.deepEqual(r.point(0), [-1.5, 2]);
  assert.deepEqual(Array.from(r.coordinate(0).subarray(0, 1)), [-1.5]);
  const g = A.rosenbrock().gradient([-1.5, 2], new Float64Array(2));
  assert.equal(r.gradNorm[0], Math.hypot(g[0], g[1]));
});

test("any Differentiable works, e.g. the MLP", () => {
  const net = Nn.mlp({ hidden: 8, data: Nn.sincData({ points: 32 }) });
  const r = A.run({ surface: net, optimizer: A.adam({ lr: 0.01 }), start: net.init(1), updates: 300 });
  assert.ok(r.loss[300] < r.loss[0] / 2, `loss ${r.loss[0]} → ${r.loss[300]}`);
});

test("run({ every: k }) records exactly the full run's points at updates 0, k, 2k, … and the last", () => {
  const make = (every?: number) =>
    A.run({ surface: A.crescent(), optimizer: A.adam({ lr: 0.05 }), updates: 103, recordSigma: true, ...(every === undefined ? {} : { every }) });
  const full = make();
  assert.equal(full.every, 1);
  assert.deepEqual(Array.from(full.updateIndex), Array.from({ length: 104 }, (_, k) => k));
  for (const k of [1, 2, 10, 103, 200]) {
    const r = make(k);
    const at = Array.from({ length: Math.floor(103 / k) + 1 }, (_, j) => j * k);
    if (at[at.length - 1] !== 103) at.push(103);
    assert.equal(r.every, k);
    assert.equal(r.updates, 103);
    assert.deepEqual(Array.from(r.updateIndex), at);
    assert.deepEqual(Array.from(r.loss), at.map((u) => full.loss[u]));
    assert.deepEqual(Array.from(r.gradNorm), at.map((u) => full.gradNorm[u]));
    assert.deepEqual(Array.from(r.lr), at.slice(0, -1).map((u) => full.lr[u]));
    assert.deepEqual(Array.from(r.coordinate(1)), at.map((u) => full.coordinate(1)[u]));
    assert.deepEqual(Array.from(r.sigma!), at.slice(0, -1).flatMap((u) => Array.from(full.sigma!.subarray(2 * u, 2 * u + 2))));
    for (const u of at) assert.deepEqual(r.point(u), full.point(u));
    assert.equal(Analysis.sigmaOf(r, 0).length, at.length - 1);
  }
  const r = make(10);
  assert.throws(() => r.point(15), /^RangeError: Invalid point index: 15 \(update 15 was not recorded: this run recorded every 10th update, k must be a multiple of 10 with 0 ≤ k ≤ 103, or the last, 103\)/);
  assert.equal(Analysis.updatesToReach(r, full.loss[57]), 60); // the first recorded update at or below it
});

test("a run with a stride that diverges ends, like a full run, on the last finite point", () => {
  // sgd with too large an η on x² doubles |x| each update until it overflows.
  const bowl = A.surface("x^2", { start: [1] });
  const full = A.run({ surface: bowl, optimizer: A.sgd({ lr: 1.5 }), updates: 5000 });
  assert.ok(full.diverged, "the full run diverges");
  for (const every of [7, 100]) {
    const r = A.run({ surface: bowl, optimizer: A.sgd({ lr: 1.5 }), updates: 5000, every });
    assert.deepEqual(r.diverged, full.diverged);
    assert.equal(r.updates, full.updates);
    const last = r.updateIndex[r.updateIndex.length - 1];
    assert.equal(last, full.updates);
    assert.deepEqual(r.point(last), full.point(last));
    assert.equal(r.loss[r.loss.length - 1], full.loss[full.updates]);
  }
});

test("run refuses a stride that is not a whole number ≥ 1, naming it and the range", () => {
  for (const every of [0, -1, 1.5, NaN, Infinity, "2"]) {
    assert.throws(
      () => A.run({ surface: A.saddle(), optimizer: A.sgd(), updates: 10, every: every as number }),
      /^RangeError: Invalid recording stride: .* \(every must be an integer with 1 ≤ every\)$/,
      String(every),
    );
  }
});

test("the loss figure of a run with a stride puts each record at its update", async () => {
  const { lossAndGradNormPlot } = await import("adaptive-lr/plot");
  const r = A.run({ surface: A.crescent(), optimizer: A.adam({ lr: 0.05 }), updates: 95, every: 10 });
  const [loss, grad] = lossAndGradNormPlot(r).data as { x: number[]; y: number[] }[];
  assert.deepEqual(loss.x, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 95]);
  assert.deepEqual(grad.x, loss.x);
  assert.equal(loss.y.length, r.loss.length);
});
