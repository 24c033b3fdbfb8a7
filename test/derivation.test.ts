// Checked derivations: every step checked with mathjs, symbolically where it can and
// numerically over the declared domains always; a wrong step fails naming itself.
import { test } from "node:test";
import assert from "node:assert/strict";
import { derivation, seededRandom } from "adaptive-lr";
import { DerivationError, parseDomain } from "adaptive-lr/analysis";

test("a true chain passes, and says which steps were proved symbolically and which numerically", () => {
  const d = derivation("Adam's first moment", { beta: "0 <= beta < 1", t: "integer 0 .. 60", g: "real" })
    .start("(1 - beta) * Sum(beta^(t - k) * g, k, 0, t)", "unroll mᵗ")
    .equals("(1 - beta) * g * (1 - beta^(t + 1)) / (1 - beta)", "geometric series")
    .equals("(1 - beta^(t + 1)) * g", "cancel 1 − β")
    .check();
  assert.deepEqual(d.steps.map((s) => s.method), ["numeric", "symbolic"]);
  assert.deepEqual(d.steps.map((s) => s.points), [200, 200]);
  assert.match(d.tex, /^\\begin\{aligned\}.*\\sum_\{\{k\}=0\}\^\{\{t\}\}.*\\checkmark\\;\\text\{geometric series; numeric, 200 points\}.*\\end\{aligned\}$/);
  assert.match(d.text, /= \(1 - beta\^\(t \+ 1\)\) \* g {4}✓ cancel 1 − β; symbolic/);
  assert.match(d.text, /for 0 ≤ beta < 1, t ∈ \{0, …, 60\}, -10 ≤ g ≤ 10$/);
});

test("a wrong step fails, naming the step, the relation and a counterexample with both sides' values", () => {
  const wrong = () =>
    derivation("torch's Adagrad", { eta: "positive", t: "integer 0 .. 100", S: "positive", g: "real" })
      .start("eta * g / sqrt(S)")
      .equals("eta / sqrt(t + 1) * g / sqrt(S / (t + 1))", "divide and multiply by √(t+1)")
      .equals("eta / (t + 1) * g / sqrt(S / (t + 1))", "a wrong power")
      .check();
  assert.throws(wrong, (err: unknown) => {
    assert.ok(err instanceof DerivationError);
    assert.equal(err.step, 2);
    assert.equal(err.relation, "=");
    assert.match(err.message, /derivation "torch's Adagrad", step 2 does not hold: eta \/ sqrt\(t \+ 1\) \* g \/ sqrt\(S \/ \(t \+ 1\)\) = eta \/ \(t \+ 1\)/);
    assert.match(err.message, /at eta = [\d.e-]+, t = \d+, S = [\d.e-]+, g = -?[\d.e-]+ the left side is -?[\d.e-]+ and the right side is -?[\d.e-]+/);
    const { eta, t, S, g } = err.counterexample;
    const [left, right] = [(eta / Math.sqrt(t + 1)) * g / Math.sqrt(S / (t + 1)), (eta / (t + 1)) * g / Math.sqrt(S / (t + 1))];
    assert.ok(Math.abs(left - right) > 1e-9 * Math.abs(left), "the counterexample really is one");
    return true;
  });
});

test("domains are honoured: √(S²) = S holds for positive S and fails without the assumption", () => {
  assert.equal(derivation("root", { S: "positive" }).start("sqrt(S^2)").equals("S").check().steps[0].method, "numeric");
  assert.throws(() => derivation("root", { S: "real" }).start("sqrt(S^2)").equals("S").check(), /step 1 does not hold.*at S = -/);
  // An identity mathjs proves by cancelling 1 − β fails at the excluded end β = 1 if the domain includes it.
  const cancel = (domain: string) => derivation("cancel", { beta: domain, g: "real" })
    .start("(1 - beta) * g / (1 - beta)").equals("g").check();
  assert.equal(cancel("0 <= beta < 1").steps[0].method, "symbolic");
  assert.throws(() => cancel("0 .. 1"), /at beta = 1, g = .* the left side is NaN/);
});

test("inequalities and equivalences: gradient descent's bound on a quadratic, the Transformer's peak", () => {
  const bound = derivation("stability", { eta: "positive", lambda: "positive" })
    .start("abs(1 - eta * lambda) < 1").iff("0 < eta * lambda < 2").iff("eta < 2 / lambda").check();
  assert.deepEqual(bound.steps.map((s) => s.relation), ["<=>", "<=>"]);
  assert.match(bound.tex, /\\iff/);
  assert.throws(() => derivation("bound", { eta: "positive", lambda: "positive" })
    .start("abs(1 - eta * lambda) < 1").iff("eta < 1 / lambda").check(), /step 1 does not hold.*the left side is true and the right side is false/);
  const peak = derivation("peak", { d: "integer 1 .. 1024", w: "integer 1 .. 10000", s: "integer 1 .. 100000" })
    .start("d^(-0.5) * min(s^(-0.5), s * w^(-1.5))").atMost("d^(-0.5) * w^(-0.5)").check();
  assert.equal(peak.steps[0].relation, "<=");
  assert.throws(() => derivation("peak", { w: "integer 1 .. 10", s: "integer 1 .. 10" })
    .start("min(s^(-0.5), s * w^(-1.5))").lessThan("w^(-0.5)").check(), /step 1 does not hold: .* < w\^\(-0\.5\) — at w = \d+, s = \d+/);
  // A symbolic inequality: the difference simplifies to a positive constant.
  assert.equal(derivation("plus one", { x: "real" }).start("x").lessThan("x + 1").check().steps[0].method, "symbolic");
});

test("domains: the grammar, integer and open ends, and their edges are sampled", () => {
  const beta = parseDomain("beta", "0 <= beta < 1");
  assert.equal(beta.text, "0 ≤ beta < 1");
  assert.equal(beta.tex, "0 \\le \\beta < 1");
  const r = seededRandom(4);
  const draws = Array.from({ length: 2000 }, () => beta.sample(r));
  assert.ok(draws.every((x) => x >= 0 && x < 1));
  assert.ok(draws.includes(0), "the closed end is drawn");
  assert.ok(Math.max(...draws) > 1 - 1e-5, "the open end is approached");
  const t = parseDomain("t", "integer 0 .. 3");
  const ts = new Set(Array.from({ length: 500 }, () => t.sample(r)));
  assert.deepEqual([...ts].sort(), [0, 1, 2, 3]);
  assert.equal(parseDomain("t", "integer 0 < t <= 3").text, "t ∈ {1, …, 3}");
  for (const bad of ["", "between 0 and 1", "1 .. 0", "0 < x < 1", "integer 0.2 .. 0.8"]) {
    assert.throws(() => parseDomain("beta", bad), /derivation: Invalid domain for beta/, bad);
  }
});

test("bad input is refused with the name of what is wrong", () => {
  assert.throws(() => derivation("", {}), /title must be a non-empty string/);
  assert.throws(() => derivation("x", { x: "real" }, { tolerence: 1 } as never), /unknown option "tolerence" \(options: tolerance, absoluteTolerance, points, seed\)/);
  assert.throws(() => derivation("x", { x: "real" }, { points: 0 }), /Invalid points: 0 \(points must be an integer with 1 ≤ points ≤ 100000\)/);
  assert.throws(() => derivation("x", { x: "real" }).start("x + y"), /"x \+ y" uses y, which has no domain \(declared: x\)/);
  assert.throws(() => derivation("x", { x: "real" }).start("x +"), /cannot parse "x \+"/);
  assert.throws(() => derivation("x", { x: "real" }).equals("x"), /start\(expression\) before the first step/);
  assert.throws(() => derivation("x", { x: "real" }).start("x").check(), /needs start\(\) and at least one step/);
  assert.throws(() => derivation("x", { x: "real" }).start("x").step("~" as never, "x"), /Invalid relation: ~/);
});

test("claim: prints ✓ outside a kernel, throws ClaimError with the figures, and takes only a boolean", async () => {
  const { claim } = await import("adaptive-lr");
  assert.throws(() => claim("falls", false, { L: 2.5 }), (err: unknown) =>
    err instanceof Error && err.name === "ClaimError" && /✗ claim does not hold: falls — L = 2\.5/.test(err.message));
  assert.throws(() => claim("truthy is not enough", 1 as unknown as boolean), /claim: holds must be a boolean \(true or false\), got number/);
  assert.doesNotThrow(() => claim("holds", true));
});
