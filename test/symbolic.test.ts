import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as A from "adaptive-lr";
import * as Analysis from "adaptive-lr/analysis";

const RULE = "d_model^(-0.5) * min(step^(-0.5), step * warmup_steps^(-1.5))";

test("the Transformer rule's branches meet at step = warmup_steps, its peak", () => {
  const r = Analysis.minOfPowerLaws(RULE, "step");
  assert.deepEqual(r.exponents, [-0.5, 1]);
  assert.equal(r.kind, "peak");
  assert.equal(r.meet.text, "warmup_steps");
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 20000 }), (d, w) => {
      const scope = { d_model: d, warmup_steps: w };
      const close = (a: number, b: number) => Math.abs(a - b) <= 1e-12 * b;
      return close(r.meet.evaluate(scope), w) && close(r.value.evaluate(scope), (d * w) ** -0.5);
    }),
    { numRuns: 100, seed: 3 },
  );
});

test("the symbolic peak is the maximum of the module's transformerSchedule", () => {
  const r = Analysis.minOfPowerLaws(RULE, "step");
  const scope = { d_model: 256, warmup_steps: 1000 };
  const s = A.transformerSchedule({ dModel: 256, warmupSteps: 1000 });
  const values = Array.from({ length: 5000 }, (_, t) => s(t));
  const best = values.indexOf(Math.max(...values));
  assert.equal(best + 1, r.meet.evaluate(scope)); // step = t + 1
  assert.ok(Math.abs(values[best] - r.value.evaluate(scope)) < 1e-15);
});

test("LaTeX uses the names given for symbols", () => {
  const r = Analysis.minOfPowerLaws(RULE, "step", { tex: { d_model: "d_{\\mathrm{model}}" } });
  assert.match(r.expression.tex, /\{d_\{\\mathrm\{model\}\}\}\^\{-0\.5\}\\cdot\\min/);
  assert.match(r.value.tex, /d_\{\\mathrm\{model\}\}/);
});

test("rules that only rise or only fall are told apart from a peak", () => {
  const up = Analysis.minOfPowerLaws("min(x, 2 * x^2)", "x");
  assert.equal(up.kind, "rising");
  assert.equal(up.meet.evaluate(), 0.5);
  const down = Analysis.minOfPowerLaws("min(x^(-1), 4 * x^(-2))", "x");
  assert.equal(down.kind, "falling");
  assert.equal(down.meet.evaluate(), 4);
});

test("what is not a min of two power laws is refused, saying why", () => {
  assert.throws(() => Analysis.minOfPowerLaws("step^(-0.5)", "step"), /exactly one min\(A, B\)/);
  assert.throws(() => Analysis.minOfPowerLaws("min(step, step^2) * min(step, 1)", "step"), /found 2 min calls/);
  assert.throws(() => Analysis.minOfPowerLaws("min(exp(step), step)", "step"), /branch 1, exp\(step\), is not a power law/);
  assert.throws(() => Analysis.minOfPowerLaws("min(step, 3 * step)", "step"), /never meet/);
  assert.throws(() => Analysis.minOfPowerLaws("min(step, ", "step"), /cannot parse/);
  assert.throws(() => Analysis.minOfPowerLaws("min(step, 1)", "2x"), /Invalid variable: "2x"/);
});
