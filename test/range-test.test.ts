/* The learning-rate range test on the lecture's convex valley, where theory says where it must turn. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";
import * as Analysis from "adaptive-lr/analysis";

test("on a quadratic valley the loss rises only once η > 2/λmax, and then the test stops", () => {
  const valley = A.convexValley();
  const lambdaMax = Analysis.largestEigenvalue(valley.hessian(valley.start!), 2);
  const edge = 2 / lambdaMax;
  for (const [minLr, maxLr, updates] of [[1e-5, 10, 100], [1e-4, 1, 300], [1e-6, 100, 60]] as const) {
    const r = Analysis.lrRangeTest({ surface: valley, optimizer: (lr) => A.sgd({ lr }), minLr, maxLr, updates });
    assert.notEqual(r.stopped, "end", "η passes 2/λmax, so the loss must blow up");
    for (let t = 1; t < r.losses.length; t++) {
      // Gradient descent on a quadratic: each eigen-direction's loss shrinks by (1 − ηλ)², so a rise needs |1 − ηλmax| > 1.
      if (r.losses[t] > r.losses[t - 1]) assert.ok(r.lrs[t] > edge, `loss rose at η = ${r.lrs[t]} ≤ 2/λmax = ${edge}`);
    }
    assert.ok(r.lrs[r.lrs.length - 1] > edge, "it stops past the edge of stability");
    assert.ok(r.lrs.includes(r.steepest) && r.steepest <= r.lrs[r.lrs.length - 1]);
    assert.ok(r.lrs[0] === minLr && r.lrs.every((x, t) => t === 0 || x > r.lrs[t - 1]));
  }
});

test("the range test refuses a bad range by name", () => {
  const valley = A.convexValley();
  assert.throws(() => Analysis.lrRangeTest({ surface: valley, optimizer: (lr) => A.sgd({ lr }), minLr: 1, maxLr: 0.1 }), /Invalid max_lr: 0.1 \(maxLr must be a finite number with 1 < maxLr\)/);
  assert.throws(() => Analysis.lrRangeTest({ surface: valley, optimizer: A.sgd() as never }), /lrRangeTest: optimizer must be a function from a learning rate/);
});
