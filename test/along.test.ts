import { test } from "node:test";
import assert from "node:assert/strict";
import { lectureRmsprop, run, surface } from "adaptive-lr";
import { coordinateSteps, gradientsAlong } from "adaptive-lr/analysis";

// L = x² + 3y², ∇L = (2x, 6y).
const bowl = surface("x^2 + 3 * y^2", { start: [1, -2] });

test("gradientsAlong gives ∇L at each recorded point, row-major", () => {
  const path = { dimension: 2, theta: Float64Array.from([1, -2, 0.5, 0, -1, 0.25]) };
  assert.deepEqual(Array.from(gradientsAlong(bowl, path)), [2, -12, 1, 0, -2, 1.5]);
});

test("gradientsAlong reproduces the gradients a run used: θᵏ⁺¹ = θᵏ − (η/σᵏ)·gᵏ for the lecture's RMSProp", () => {
  const lr = 0.1;
  const t = run({ surface: bowl, optimizer: lectureRmsprop({ lr, alpha: 0.5 }), updates: 20, recordSigma: true });
  const g = gradientsAlong(bowl, t);
  assert.equal(g.length, t.theta.length);
  for (let k = 0; k < t.updates; k++) {
    for (let i = 0; i < 2; i++) {
      const predicted = t.theta[2 * k + i] - lr * (g[2 * k + i] / t.sigma![2 * k + i]);
      assert.equal(t.theta[2 * (k + 1) + i], predicted);
    }
  }
});

test("coordinateSteps gives |θᵢᵏ⁺¹ − θᵢᵏ| per update for one parameter", () => {
  const path = { dimension: 2, theta: Float64Array.from([1, -2, 0.5, 0, -1, 0.25]) };
  assert.deepEqual(Array.from(coordinateSteps(path, 0)), [0.5, 1.5]);
  assert.deepEqual(Array.from(coordinateSteps(path, 1)), [2, 0.25]);
  assert.equal(coordinateSteps({ dimension: 1, theta: [3] }, 0).length, 0);
  // The lecture's RMSProp moves each parameter exactly η on its first update, whatever the gradient's size.
  const t = run({ surface: bowl, optimizer: lectureRmsprop({ lr: 0.3 }), updates: 1 });
  assert.ok(Math.abs(coordinateSteps(t, 0)[0] - 0.3) < 1e-15 && Math.abs(coordinateSteps(t, 1)[0] - 0.3) < 1e-15);
});

test("bad input: clear errors naming what is wrong", () => {
  const path = { dimension: 2, theta: [1, 2, 3] };
  assert.throws(() => gradientsAlong(bowl, path), /gradientsAlong: θ has 3 numbers, not a positive multiple of the dimension 2/);
  assert.throws(() => gradientsAlong(bowl, { dimension: 3, theta: [1, 2, 3] }), /the run has 3 parameters but the surface has 2/);
  assert.throws(() => gradientsAlong(bowl, { dimension: 0, theta: [] }), /Invalid dimension: 0/);
  assert.throws(() => coordinateSteps({ dimension: 2, theta: [1, 2] }, 2), /Invalid parameter index: 2 \(i must be an integer with 0 ≤ i < 2\)/);
  assert.throws(() => coordinateSteps({ dimension: 2, theta: [] }, 0), /θ has 0 numbers/);
});
