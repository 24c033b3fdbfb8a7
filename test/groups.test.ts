/* Parameter groups: each slice of θ stepped by its own optimizer, as if alone. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

const grads = (() => {
  const random = A.seededRandom(8).uniform;
  return Array.from({ length: 60 }, () => Float64Array.from({ length: 5 }, () => random() - 0.5));
})();

test("each group takes exactly the steps its optimizer takes on its slice alone", () => {
  const grouped = A.paramGroups([
    { size: 3, optimizer: A.adam({ lr: 0.01 }) },
    { size: 2, optimizer: A.sgd({ lr: 0.1 }) },
  ]);
  const alone = [A.adam({ lr: 0.01 }), A.sgd({ lr: 0.1 })];
  const p = new Float64Array([1, 2, 3, 4, 5]);
  const a = p.slice(0, 3);
  const b = p.slice(3);
  for (const g of grads) {
    grouped.step(p, g);
    alone[0].step(a, g.slice(0, 3));
    alone[1].step(b, g.slice(3));
  }
  assert.deepEqual(Array.from(p), [...a, ...b]);
  assert.equal(grouped.t, 60);
  assert.deepEqual(Array.from(grouped.m!).slice(0, 3), Array.from(alone[0].m!));
  assert.ok(Array.from(grouped.m!).slice(3).every(Number.isNaN), "plain SGD has no m");
  assert.equal(grouped.name, "groups(Adam ×3, SGD ×2)");
});

test("groups run on a surface, and save and load like one optimizer", () => {
  const make = () => A.paramGroups([{ size: 1, optimizer: A.adam({ lr: 0.05 }) }, { size: 1, optimizer: A.rmsprop({ lr: 0.01 }) }]);
  const r = A.run({ surface: A.convexValley(), optimizer: make(), updates: 50 });
  assert.equal(r.updates, 50);
  const original = make();
  const p = new Float64Array([0.5, -0.5]);
  const g2 = grads.map((g) => g.slice(0, 2));
  for (const g of g2.slice(0, 30)) original.step(p, g);
  const resumed = make();
  resumed.loadStateDict(JSON.parse(JSON.stringify(original.stateDict())));
  const q = Float64Array.from(p);
  for (const g of g2.slice(30)) {
    original.step(p, g);
    resumed.step(q, g);
  }
  assert.deepEqual(Array.from(q), Array.from(p));
});

test("bad groups are refused by name", () => {
  const adam = A.adam();
  assert.throws(() => A.paramGroups([]), /paramGroups: give at least one group/);
  assert.throws(() => A.paramGroups([{ size: 0, optimizer: A.adam() }]), /groups\[0\]\.size must be an integer ≥ 1, got 0/);
  assert.throws(() => A.paramGroups([{ size: 1, optimizer: adam }, { size: 1, optimizer: adam }]), /groups\[1\] reuses the optimizer of an earlier group/);
  assert.throws(() => A.paramGroups([{ size: 2, optimizer: A.adam() }]).step(new Float64Array(3), new Float64Array(3)), /must be Float64Arrays of length 2/);
});
