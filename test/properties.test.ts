/* Invariants that hold for any gradients (property-based, seeded). */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as A from "adaptive-lr";

// Gradients from 1e-100 to 1e3 in size, and exact zeros (squares of smaller ones underflow).
const component = fc.oneof(fc.constant(0), fc.double({ min: -1e3, max: 1e3, noNaN: true }).filter((x) => Math.abs(x) > 1e-100));
const grads = fc.array(fc.array(component, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 40 });

test("lecture Adagrad never steps more than η·√(t+1) in any coordinate, and exactly η on the first", () => {
  fc.assert(
    fc.property(grads, fc.double({ min: 1e-4, max: 10, noNaN: true }), (gs, lr) => {
      const opt = A.lectureAdagrad({ lr });
      const p = new Float64Array(3);
      gs.forEach((g, t) => {
        const before = Float64Array.from(p);
        opt.step(p, Float64Array.from(g));
        for (let i = 0; i < 3; i++) {
          const d = Math.abs(p[i] - before[i]);
          // |g|/RMS(g) ≤ √(t+1), with equality at t = 0 for g ≠ 0.
          assert.ok(d <= lr * Math.sqrt(t + 1) * (1 + 1e-12), `step ${d} at t=${t}`);
          if (t === 0 && g[i] !== 0) assert.ok(Math.abs(d - lr) <= 1e-15 * lr + Number.EPSILON);
        }
      });
    }),
    { seed: 11, numRuns: 200 },
  );
});

test("Adam's step is bounded: |Δθ| ≤ η·(1−β₁)/√((1−β₂)(1−β₁²/β₂))·√(1−β₂ᵗ)/(1−β₁ᵗ) (Cauchy–Schwarz on m and v)", () => {
  const [b1, b2, lr] = [0.9, 0.999, 0.1];
  fc.assert(
    fc.property(grads, (gs) => {
      const opt = A.adam({ lr, betas: [b1, b2] });
      const p = new Float64Array(3);
      gs.forEach((g, k) => {
        const t = k + 1;
        const before = Float64Array.from(p);
        opt.step(p, Float64Array.from(g));
        const bound = ((lr * (1 - b1)) / Math.sqrt((1 - b2) * (1 - (b1 * b1) / b2))) * (Math.sqrt(1 - b2 ** t) / (1 - b1 ** t));
        for (let i = 0; i < 3; i++) {
          assert.ok(Number.isFinite(p[i]));
          assert.ok(Math.abs(p[i] - before[i]) <= bound * (1 + 1e-9), `t=${t}: |Δθ| = ${Math.abs(p[i] - before[i])} > ${bound}`);
        }
      });
    }),
    { seed: 12, numRuns: 200 },
  );
});

test("σ of every scale part is non-negative, and finite", () => {
  fc.assert(
    fc.property(grads, (gs) => {
      const parts = [A.rootMeanSquare(), A.rootSumSquare(), A.rmsScale({ alpha: 0.9 }), A.rmsScale({ alpha: 0.9, centered: true }), A.adamScale({ beta: 0.99 })];
      for (const part of parts) {
        part.init(3);
        gs.forEach((g, t) => {
          const u = Float64Array.from(g);
          part.update(u, Float64Array.from(g), t);
          for (const s of part.sigma) assert.ok(s >= 0);
        });
      }
    }),
    { seed: 13, numRuns: 100 },
  );
});

test("weight decay: coupled adds λθ to g; decoupled (AdamW) shrinks θ by (1 − ηλ) first", () => {
  fc.assert(
    fc.property(fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: -5, max: 5, noNaN: true }), (theta, g) => {
      const coupled = A.sgd({ lr: 0.1, weightDecay: 0.5 });
      const p = new Float64Array([theta]);
      coupled.step(p, new Float64Array([g]));
      assert.ok(Math.abs(p[0] - (theta - 0.1 * (g + 0.5 * theta))) <= 1e-12 * Math.max(1, Math.abs(theta)));
      const decoupled = A.chain({ lr: 0.1, weightDecay: 0.5, decoupled: true, parts: [] });
      const q = new Float64Array([theta]);
      decoupled.step(q, new Float64Array([g]));
      assert.ok(Math.abs(q[0] - (theta * (1 - 0.05) - 0.1 * g)) <= 1e-12 * Math.max(1, Math.abs(theta)));
    }),
    { seed: 14 },
  );
});
