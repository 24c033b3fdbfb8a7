/* The torch-shaped schedules against torch.optim.lr_scheduler (fixtures/torch/generate.py). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as A from "adaptive-lr";

interface Case {
  schedule: "linearLr" | "polynomialDecay" | "cosineWarmRestarts" | "oneCycle" | "reduceOnPlateau";
  options: Record<string, unknown>;
  lrs: number[];
  losses?: number[];
}
const fixture = JSON.parse(readFileSync(join(__dirname, "../../test/fixtures/torch/schedules.json"), "utf8")) as { torch: string; cases: Case[] };

for (const [k, c] of fixture.cases.entries()) {
  test(`torch ${fixture.torch} parity: ${c.schedule} ${JSON.stringify(c.options)} (case ${k})`, () => {
    const schedule = (A[c.schedule] as (o: never) => A.Schedule)(c.options as never);
    c.lrs.forEach((expected, t) => {
      const got = schedule(t);
      assert.ok(Math.abs(got - expected) <= 1e-15 + 1e-12 * Math.abs(expected), `t = ${t}: ${got} vs torch ${expected}`);
      if (c.losses) (schedule as A.ObservingSchedule).observe(c.losses[t]);
    });
  });
}

test("the fixtures exercise each shape: ReduceLROnPlateau reduces, SGDR restarts, oneCycle rises and falls", () => {
  for (const c of fixture.cases) assert.ok(new Set(c.lrs).size > 2, `${c.schedule} changes more than once`);
  const sgdr = fixture.cases.find((c) => c.schedule === "cosineWarmRestarts")!.lrs;
  assert.ok(sgdr.some((x, t) => t > 0 && x > sgdr[t - 1]), "a restart");
});

test("run shows reduceOnPlateau the loss after each update: on a flat stretch η drops", () => {
  const schedule = A.reduceOnPlateau({ lr: 0.1, patience: 3 });
  // A flat surface: the loss never improves after the first point, so η drops every 4 updates.
  const flat = A.surface("0 * x + 1", { start: [0] });
  const r = A.run({ surface: flat, optimizer: A.sgd({ lr: schedule }), updates: 12 });
  assert.deepEqual(Array.from(r.lr).map((x) => +x.toPrecision(6)), [0.1, 0.1, 0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.01, 0.001, 0.001, 0.001]);
});

test("oneCycle past its totalSteps, and bad options, are refused by name", () => {
  assert.throws(() => A.oneCycle({ maxLr: 0.1, totalSteps: 10 })(10), /oneCycle: asked for update t = 10, but the cycle has totalSteps = 10 updates/);
  assert.throws(() => A.linearLr({ lr: 0.1, startFactor: 0 }), /Invalid start_factor value: 0/);
  assert.throws(() => A.cosineWarmRestarts({ lr: 0.1, t0: 0 }), /Invalid T_0: 0 \(t0 must be an integer with 1 ≤ t0\)/);
  assert.throws(() => A.reduceOnPlateau({ lr: 0.1, mode: "minimum" as never }), /Invalid mode: "minimum"/);
  assert.throws(() => A.polynomialDecay({ lr: 0.1, steps: 5 } as never), /polynomialDecay: unknown option 'steps'/);
});
