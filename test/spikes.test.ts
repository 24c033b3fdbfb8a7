import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";
import * as Analysis from "adaptive-lr/analysis";

/** A 2-D path whose step t has length lengths[t], turning 90° each step. */
function pathOf(lengths: readonly number[]): A.Path {
  const theta = [0, 0];
  lengths.forEach((s, t) => {
    const [x, y] = theta.slice(-2);
    theta.push(t % 2 ? x + s : x, t % 2 ? y : y + s);
  });
  return { theta: Float64Array.from(theta), dimension: 2 };
}

/** Quiet steps of length 1e-3·(0.5 … 1.5), seeded. */
function quiet(n: number, seed: number): number[] {
  const r = A.seededRandom(seed);
  return Array.from({ length: n }, () => 1e-3 * r.between(0.5, 1.5));
}

function naiveQuantile(values: readonly number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const p = q * (s.length - 1);
  const lo = Math.floor(p);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (p - lo) * (s[hi] - s[lo]);
}

test("stepLengths are the Euclidean lengths ‖θᵗ⁺¹ − θᵗ‖", () => {
  const steps = Analysis.stepLengths({ theta: [0, 0, 3, 4, 3, 4, 3, 5], dimension: 2 });
  assert.deepEqual(Array.from(steps), [5, 0, 1]);
  assert.deepEqual(Array.from(Analysis.stepLengths({ theta: [1, 2, 3, 4, 5, 6], dimension: 3 })), [Math.sqrt(27)]);
  assert.equal(Analysis.stepLengths({ theta: [1, 2], dimension: 2 }).length, 0);
});

test("trailingQuantile equals sorting each window of the values before t", () => {
  const r = A.seededRandom(7);
  // Repeated values too, so removal from the sorted window must pick the right copy.
  const values = Array.from({ length: 300 }, () => Math.round(r.between(0, 20)) / 4);
  for (const window of [1, 2, 7, 50]) {
    for (const q of [0, 0.1, 0.5, 0.9, 1]) {
      const got = Analysis.trailingQuantile(values, window, q);
      for (let t = 0; t < values.length; t++) {
        if (t < window) assert.ok(Number.isNaN(got[t]), `window ${window}, t ${t}: no full window yet`);
        else assert.equal(got[t], naiveQuantile(values.slice(t - window, t), q), `window ${window}, q ${q}, t ${t}`);
      }
    }
  }
});

test("detectSpikes finds isolated and multi-step spikes, with their start, end and peak", () => {
  const lengths = quiet(5000, 1);
  lengths[1500] = 1; // one huge step
  for (let t = 3000; t < 3010; t++) lengths[t] = 0.2 + 0.01 * (t - 3000); // a burst, longest at t = 3009
  const spikes = Analysis.detectSpikes(pathOf(lengths));
  assert.equal(spikes.length, 2);
  assert.deepEqual([spikes[0].start, spikes[0].end, spikes[0].peak], [1500, 1500, 1500]);
  assert.deepEqual([spikes[1].start, spikes[1].end, spikes[1].peak], [3000, 3009, 3009]);
  assert.ok(Math.abs(spikes[0].length - 1) < 1e-12);
  assert.ok(spikes[0].ratio > 100 && spikes[0].ratio === spikes[0].length / spikes[0].baseline);
  assert.ok(spikes[0].baseline > 5e-4 && spikes[0].baseline < 1e-3, `baseline ${spikes[0].baseline}`);
});

test("a step just under or over factor × baseline is judged by the rule exactly", () => {
  const lengths = new Array<number>(1200).fill(1e-3);
  lengths[1100] = 0.0999; // 99.9 × the baseline
  assert.equal(Analysis.detectSpikes(pathOf(lengths)).length, 0);
  lengths[1100] = 0.1001;
  assert.equal(Analysis.detectSpikes(pathOf(lengths)).length, 1);
  assert.equal(Analysis.detectSpikes(pathOf(lengths), { factor: 200 }).length, 0);
});

test("quiet runs never spike; early steps are judged against the shorter history, the first minHistory not at all", () => {
  assert.deepEqual(Analysis.detectSpikes(pathOf(quiet(5000, 2))), []);
  const early = quiet(2000, 3);
  early[50] = 10; // fewer than 100 steps before it: not judged
  assert.deepEqual(Analysis.detectSpikes(pathOf(early)), []);
  assert.deepEqual(Analysis.detectSpikes(pathOf(early), { minHistory: 20 }).map((s) => s.peak), [50]);
  early[500] = 10; // 500 steps of history: judged against them
  assert.deepEqual(Analysis.detectSpikes(pathOf(early)).map((s) => s.peak), [500]);
});

test("trailingQuantile with minCount uses all earlier values until the window is full", () => {
  const r = A.seededRandom(9);
  const values = Array.from({ length: 120 }, () => r.between(0, 1));
  const got = Analysis.trailingQuantile(values, 50, 0.1, 10);
  for (let t = 0; t < values.length; t++) {
    if (t < 10) assert.ok(Number.isNaN(got[t]));
    else assert.equal(got[t], naiveQuantile(values.slice(Math.max(0, t - 50), t), 0.1), `t ${t}`);
  }
  assert.throws(() => Analysis.trailingQuantile(values, 50, 0.1, 51), /Invalid minCount: 51 \(minCount must be an integer with 1 ≤ minCount ≤ 50\)/);
});

test("spiking steps closer than gap are one spike, farther apart are two", () => {
  const lengths = quiet(4000, 4);
  lengths[2000] = 1;
  lengths[2050] = 1;
  assert.equal(Analysis.detectSpikes(pathOf(lengths)).length, 1);
  assert.equal(Analysis.detectSpikes(pathOf(lengths), { gap: 49 }).length, 2);
});

test("the low-quantile baseline sees spikes after long rises, where a median baseline misses them", () => {
  // Cycles of 1000 steps as late in a constant-η Adagrad run: 400 quiet, 500 rising
  // (30× quiet, not spikes yet), 100 spiking. Quiet steps are under half of any window.
  const lengths = quiet(10_000, 5).map((s, t) => (t % 1000 < 400 ? s : t % 1000 < 900 ? 0.03 : 1));
  const low = Analysis.detectSpikes(pathOf(lengths));
  assert.deepEqual(low.map((s) => [s.start, s.end]), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((k) => [k * 1000 + 900, k * 1000 + 999]));
  assert.deepEqual(Analysis.detectSpikes(pathOf(lengths), { quantile: 0.5 }), []);
});

test("minStep keeps round-off jitter of a run that stopped from counting as a spike", () => {
  const lengths = new Array<number>(1500).fill(0);
  lengths[1200] = 1e-15;
  assert.equal(Analysis.detectSpikes(pathOf(lengths)).length, 1, "baseline 0: any movement is 'infinitely' larger");
  assert.equal(Analysis.detectSpikes(pathOf(lengths), { minStep: 1e-12 }).length, 0);
});

test("stepRatios gives what the rule compares: step / baseline, NaN before minHistory steps", () => {
  const lengths = quiet(1500, 6);
  lengths[1300] = 0.5;
  const r = Analysis.stepRatios(pathOf(lengths));
  assert.equal(r.factor, 100);
  assert.ok(Number.isNaN(r.ratio[99]) && Number.isFinite(r.ratio[100]));
  assert.ok(Math.abs(r.ratio[1300] - 0.5 / r.baseline[1300]) < 1e-9);
  let above = 0;
  for (const x of r.ratio) if (x > r.factor) above++;
  assert.equal(above, 1);
});

test("on the valley, the lecture's Adagrad with η = 1 spikes again and again; with ηᵗ = η/√(t+1) it never does", () => {
  const valley = A.convexValley();
  const constant = A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: 1 }), updates: 100_000 });
  const decayed = A.run({ surface: valley, optimizer: A.lectureAdagrad({ lr: A.inverseSqrtDecay(1) }), updates: 100_000 });
  const spikes = Analysis.detectSpikes(constant);
  assert.ok(spikes.length >= 30, `${spikes.length} spikes`);
  assert.ok(spikes.some((s) => s.peak > 90_000), "still spiking near the end of the run");
  for (const s of spikes) assert.ok(s.length > 1, `spike at ${s.peak} is a step of ${s.length}`);
  assert.deepEqual(Analysis.detectSpikes(decayed), []);
});

test("bad options and paths are rejected with the parameter and its valid range", () => {
  const p = pathOf(quiet(10, 8));
  assert.throws(() => Analysis.detectSpikes(p, { window: 0 }), /Invalid window: 0 \(window must be an integer with 1 ≤ window\)/);
  assert.throws(() => Analysis.detectSpikes(p, { factor: 0.5 }), /Invalid factor: 0\.5 \(factor must be a finite number with 1 ≤ factor\)/);
  assert.throws(() => Analysis.detectSpikes(p, { quantile: 2 }), /Invalid quantile: 2 \(quantile must be a finite number with 0 ≤ quantile ≤ 1\)/);
  assert.throws(() => Analysis.detectSpikes(p, { gap: 1.5 }), /Invalid gap: 1\.5/);
  assert.throws(() => Analysis.detectSpikes(p, { minStep: -1 }), /Invalid minStep: -1/);
  assert.throws(() => Analysis.detectSpikes(p, { window: 50, minHistory: 60 }), /Invalid minHistory: 60 \(minHistory must be an integer with 1 ≤ minHistory ≤ 50\)/);
  assert.throws(() => Analysis.detectSpikes(p, { windw: 10 } as Analysis.SpikeOptions), /unknown option 'windw'; valid options are window, minHistory, factor/);
  assert.throws(() => Analysis.stepLengths({ theta: [0, 0, 1], dimension: 2 }), /theta's length 3 is not a multiple of dimension 2/);
  assert.throws(() => Analysis.stepLengths({ theta: [0, 0, NaN, 1], dimension: 2 }), /step 0 .* is not finite/);
  assert.throws(() => Analysis.trailingQuantile([1, Infinity], 1), /values\[1\] is Infinity/);
  assert.throws(() => Analysis.trailingQuantile([1, 2], 1, -0.1), /Invalid quantile: -0\.1 \(q must be/);
});
