import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as A from "adaptive-lr";

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-15 * Math.max(1, Math.abs(b));
const t = fc.integer({ min: 0, max: 200_000 });

test("closed forms", () => {
  fc.assert(
    fc.property(t, (t) => {
      assert.equal(A.constant(0.3)(t), 0.3);
      assert.ok(close(A.stepDecay({ lr: 0.1, stepSize: 30, gamma: 0.5 })(t), 0.1 * 0.5 ** Math.floor(t / 30)));
      assert.ok(close(A.exponentialDecay({ lr: 0.1, gamma: 0.999 })(t), 0.1 * 0.999 ** t));
      assert.ok(close(A.inverseSqrtDecay(2)(t), 2 / Math.sqrt(t + 1)));
      const cos = A.cosineAnnealing({ lr: 1, totalSteps: 1000, minLr: 0.1 })(t);
      assert.ok(close(cos, t >= 1000 ? 0.1 : 0.1 + 0.9 * (1 + Math.cos((Math.PI * t) / 1000)) / 2));
      const d = 512;
      const w = 4000;
      assert.ok(close(A.transformerSchedule({ dModel: d, warmupSteps: w })(t), d ** -0.5 * Math.min((t + 1) ** -0.5, (t + 1) * w ** -1.5)));
    }),
    { numRuns: 300, seed: 2 },
  );
});

test("the Transformer schedule peaks at step = warmupSteps with value (d·w)^−0.5", () => {
  const s = A.transformerSchedule({ dModel: 512, warmupSteps: 4000 });
  const values = Array.from({ length: 20000 }, (_, k) => s(k));
  const peak = values.indexOf(Math.max(...values));
  assert.equal(peak + 1, 4000);
  assert.ok(close(values[peak], (512 * 4000) ** -0.5));
});

test("linear warmup rises to η in warmupSteps updates, then stays", () => {
  const s = A.linearWarmup({ lr: 0.1, warmupSteps: 10 });
  assert.ok(close(s(0), 0.01));
  assert.ok(close(s(9), 0.1));
  assert.equal(s(1000), 0.1);
  fc.assert(fc.property(fc.integer({ min: 0, max: 20 }), (t) => s(t + 1) >= s(t)));
});

test("join restarts each schedule's clock at its boundary; warmupCosine is warmup then cosine", () => {
  const j = A.join([A.constant(1), (t) => t], [5]);
  assert.deepEqual([0, 4, 5, 6].map(j), [1, 1, 0, 1]);
  const wc = A.warmupCosine({ lr: 1, warmupSteps: 10, totalSteps: 110 });
  assert.ok(close(wc(9), 1));
  assert.ok(close(wc(10), 1));
  assert.ok(close(wc(60), 0.5));
  assert.equal(wc(110), 0);
});

test("ResNet-110 recipe: 0.01 for 400 iterations, then 0.1, ÷10 at 32k and 48k", () => {
  const s = A.resnetCifar110();
  assert.deepEqual([0, 399, 400, 31999, 32000, 48000].map(s), [0.01, 0.01, 0.1, 0.1, 0.01, 0.001]);
});

test("every schedule is non-negative and finite for any step", () => {
  const all = [
    A.stepDecay({ lr: 0.1, stepSize: 7 }),
    A.exponentialDecay({ lr: 0.1, gamma: 0.9 }),
    A.inverseSqrtDecay(0.1),
    A.cosineAnnealing({ lr: 0.1, totalSteps: 100 }),
    A.linearWarmup({ lr: 0.1, warmupSteps: 100 }),
    A.transformerSchedule({ dModel: 64, warmupSteps: 100 }),
    A.warmupCosine({ lr: 0.1, warmupSteps: 10, totalSteps: 100 }),
    A.resnetCifar110(),
  ];
  fc.assert(fc.property(fc.integer({ min: 0, max: 1e7 }), (t) => all.every((s) => Number.isFinite(s(t)) && s(t) >= 0)), { seed: 3 });
});
