import { test } from "node:test";
import assert from "node:assert/strict";
import { run, sgd, surface } from "adaptive-lr";
import { remaining } from "adaptive-lr/analysis";

// θ⁰ = (3, 4), θ¹ = (0, 2), θ² = (0, 0.5); θ* = (0, 0).
const path = { dimension: 2, theta: Float64Array.from([3, 4, 0, 2, 0, 0.5]) };

test("remaining: distance from the minimum and the share of the initial distance still left", () => {
  const r = remaining(path, [0, 0]);
  assert.equal(r.update, 2);
  assert.equal(r.distance, 0.5);
  assert.equal(r.initial, 5);
  assert.equal(r.fraction, 0.1);
  assert.equal(remaining(path, [0, 0], { update: 1 }).fraction, 0.4);
  assert.equal(remaining(path, [0, 0], { update: 0 }).fraction, 1);
});

test("remaining along a direction measures only that component (the direction need not be unit length)", () => {
  const alongX = remaining(path, [0, 0], { along: [-7, 0] });
  assert.equal(alongX.initial, 3);
  assert.equal(alongX.distance, 0);
  assert.equal(alongX.fraction, 0);
  const diagonal = remaining(path, [0, 0], { along: [1, 1], update: 1 });
  assert.ok(Math.abs(diagonal.distance - 2 / Math.SQRT2) < 1e-15 && Math.abs(diagonal.initial - 7 / Math.SQRT2) < 1e-15);
});

test("remaining accepts a Trajectory from the run loop: gradient descent on a bowl closes the gap as (1 − 2η)ᵗ", () => {
  const bowl = surface("x^2 + y^2", { start: [1, -2] });
  const t = run({ surface: bowl, optimizer: sgd({ lr: 0.1 }), updates: 10 });
  const r = remaining(t, [0, 0]);
  assert.equal(r.update, 10);
  assert.ok(Math.abs(r.fraction - 0.8 ** 10) < 1e-12, `fraction ${r.fraction}`);
});

test("remaining rejects bad input with a message naming the parameter", () => {
  assert.throws(() => remaining(path, [0]), /minimum has length 1 but the run has 2 parameters/);
  assert.throws(() => remaining(path, [0, NaN]), /minimum\[1\] is NaN/);
  assert.throws(() => remaining(path, [0, 0], { update: 3 }), /Invalid update: 3 \(update must be an integer with 0 ≤ update ≤ 2\)/);
  assert.throws(() => remaining(path, [0, 0], { update: 0.5 }), /Invalid update/);
  assert.throws(() => remaining(path, [0, 0], { along: [0, 0] }), /along must be a non-zero direction/);
  assert.throws(() => remaining({ dimension: 2, theta: [1, 2, 3] }, [0, 0]), /not a positive multiple of the dimension 2/);
  assert.throws(() => remaining(path, [3, 4]), /starts at the minimum/);
  assert.throws(() => remaining({ dimension: 2, theta: [1, 2, Infinity, 0] }, [0, 0]), /not finite at update 1/);
});
