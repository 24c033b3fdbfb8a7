/*
 * Parity with torch.optim: every optimizer and option, 200+ updates each, replaying the
 * gradients torch saw (fixtures/torch/generate.py, float64), so only the update rule is
 * compared. Tolerance per iterate and component: 1e-12 + 1e-10·|reference| (JavaScript has
 * no fused multiply-add, so bit-exactness is impossible).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { adadelta, adagrad, adam, adamax, adamw, nadam, radam, rmsprop, sgd, type Optimizer } from "adaptive-lr";

interface Case {
  name: string;
  optimizer: string;
  options: Record<string, unknown>;
  params0: number[];
  grads: number[][];
  params: number[][];
}

const fixture = JSON.parse(readFileSync(join(__dirname, "../../test/fixtures/torch/parity.json"), "utf8")) as { torch: string; cases: Case[] };

const factories: Record<string, (o: never) => Optimizer> = { sgd, adagrad, rmsprop, adam, adamw, radam, nadam, adamax, adadelta };

test("fixtures cover every optimizer with at least 200 updates", () => {
  const seen = new Set(fixture.cases.map((c) => c.optimizer));
  assert.deepEqual([...seen].sort(), Object.keys(factories).sort());
  for (const c of fixture.cases) assert.ok(c.grads.length >= 200, `${c.name}: ${c.grads.length} updates`);
});

test("fixtures cover every option of every optimizer", () => {
  const options: Record<string, string[]> = {
    sgd: ["momentum", "dampening", "nesterov", "weightDecay"],
    adagrad: ["lrDecay", "weightDecay", "initialAccumulatorValue", "eps"],
    rmsprop: ["alpha", "eps", "weightDecay", "momentum", "centered"],
    adam: ["betas", "eps", "weightDecay", "amsgrad"],
    adamw: ["amsgrad", "weightDecay"],
    radam: ["betas", "eps", "weightDecay"],
    nadam: ["betas", "weightDecay", "momentumDecay"],
    adamax: ["betas", "eps", "weightDecay"],
    adadelta: ["rho", "eps", "weightDecay"],
  };
  for (const [name, list] of Object.entries(options)) {
    for (const option of list) {
      assert.ok(
        fixture.cases.some((c) => c.optimizer === name && option in c.options),
        `no fixture for ${name} with ${option}`,
      );
    }
  }
});

for (const c of fixture.cases) {
  test(`torch ${fixture.torch} parity: ${c.name}`, () => {
    const opt = factories[c.optimizer](c.options as never);
    const params = Float64Array.from(c.params0);
    const grads = new Float64Array(params.length);
    c.grads.forEach((g, k) => {
      grads.set(g);
      opt.step(params, grads);
      const ref = c.params[k];
      for (let i = 0; i < ref.length; i++) {
        const err = Math.abs(params[i] - ref[i]);
        if (!(err <= 1e-12 + 1e-10 * Math.abs(ref[i]))) {
          assert.fail(`${c.name}: update ${k + 1}, parameter ${i}: ${params[i]} vs torch ${ref[i]} (error ${err})`);
        }
      }
    });
    assert.equal(opt.t, c.grads.length);
  });
}
