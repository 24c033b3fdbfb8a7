/* An optimizer saved as JSON and loaded into a fresh one continues the run exactly. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

function gradients(n: number, updates: number, seed: number): Float64Array[] {
  const random = A.seededRandom(seed).uniform;
  return Array.from({ length: updates }, () => Float64Array.from({ length: n }, () => (random() - 0.5) * 10 ** Math.floor(random() * 6 - 3)));
}

const presets: [string, () => A.Optimizer][] = [
  ["sgd, Nesterov momentum", () => A.sgd({ lr: 0.01, momentum: 0.9, nesterov: true })],
  ["adagrad with lrDecay", () => A.adagrad({ lrDecay: 0.01 })],
  ["rmsprop, centered, momentum", () => A.rmsprop({ centered: true, momentum: 0.5 })],
  ["adam, AMSGrad", () => A.adam({ amsgrad: true })],
  ["adamw", () => A.adamw()],
  ["radam (rectifier switching on)", () => A.radam()],
  ["nadam (μ product)", () => A.nadam()],
  ["adamax", () => A.adamax()],
  ["adadelta", () => A.adadelta()],
  ["lecture RMSProp", () => A.lectureRmsprop({ lr: 0.01, alpha: 0.9 })],
  ["warmup schedule", () => A.adam({ lr: A.warmupCosine({ lr: 0.01, warmupSteps: 5, totalSteps: 200 }) })],
];

for (const n of [5, 12_000]) {
  test(`saved after 40 updates and loaded into a fresh optimizer, every preset continues bit for bit (${n} parameters)`, () => {
    for (const [label, make] of presets) {
      const grads = gradients(n, 80, 3);
      const original = make();
      const p = new Float64Array(n).fill(0.5);
      for (const g of grads.slice(0, 40)) original.step(p, g);
      const saved = JSON.stringify(original.stateDict());
      const resumed = make();
      resumed.loadStateDict(JSON.parse(saved));
      assert.equal(resumed.t, 40, label);
      const q = Float64Array.from(p);
      for (const g of grads.slice(40)) {
        original.step(p, g);
        resumed.step(q, g);
      }
      assert.deepEqual(Array.from(q), Array.from(p), `${label}: θ`);
      assert.deepEqual(resumed.sigma && Array.from(resumed.sigma), original.sigma && Array.from(original.sigma), `${label}: σ`);
      assert.equal(resumed.lr, original.lr, `${label}: ηᵗ`);
    }
  });
}

test("a state without its saved arrays would not continue: loading is what makes the difference", () => {
  const grads = gradients(3, 20, 5);
  const original = A.adam();
  const p = new Float64Array(3);
  for (const g of grads.slice(0, 10)) original.step(p, g);
  const fresh = A.adam();
  const q = Float64Array.from(p);
  for (const g of grads.slice(10)) {
    original.step(p, g);
    fresh.step(q, g);
  }
  assert.notDeepEqual(Array.from(q), Array.from(p));
});

test("NaN and Infinity survive JSON; a state of other parts or sizes is refused by name", () => {
  const opt = A.radam();
  const saved = JSON.parse(JSON.stringify(opt.stateDict()));
  assert.equal(saved.lr, "NaN");
  A.radam().loadStateDict(saved);
  const adam = A.adam();
  adam.step(new Float64Array(2), new Float64Array([1, 2]));
  assert.throws(() => A.rmsprop().loadStateDict(adam.stateDict()), /loadStateDict: this RMSprop has parts \[σ: RMSProp\], the saved Adam has \[m: moving average, bias-corrected; σ: moving average of g², bias-corrected\]/);
  const broken = JSON.parse(JSON.stringify(adam.stateDict()));
  broken.parts[1].state.v = [1];
  assert.throws(() => A.adam().loadStateDict(broken), /loadStateDict: σ: moving average of g², bias-corrected's v has 1 values, needs 2/);
});
