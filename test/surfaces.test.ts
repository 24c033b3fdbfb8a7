import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import * as A from "adaptive-lr";

test("gradients and Hessians from mathjs agree with finite differences", () => {
  for (const s of [A.rosenbrock(), A.crescent(), A.saddle(), A.surface("exp(x) * sin(y) + log(1 + x^2) * tanh(y)")]) {
    fc.assert(
      fc.property(fc.double({ min: -1.5, max: 1.5, noNaN: true }), fc.double({ min: -1.5, max: 1.5, noNaN: true }), (x, y) => {
        const g = s.gradient([x, y], new Float64Array(2));
        const H = s.hessian([x, y], new Float64Array(4));
        const h = 1e-6;
        for (let i = 0; i < 2; i++) {
          const plus = [x, y];
          const minus = [x, y];
          plus[i] += h;
          minus[i] -= h;
          const fd = (s.loss(plus) - s.loss(minus)) / (2 * h);
          assert.ok(Math.abs(fd - g[i]) <= 1e-5 * Math.max(1, Math.abs(g[i])), `${s.name} ∂${i}: ${fd} vs ${g[i]}`);
          const gp = s.gradient(plus, new Float64Array(2));
          const gm = s.gradient(minus, new Float64Array(2));
          for (let j = 0; j < 2; j++) {
            const fdH = (gp[j] - gm[j]) / (2 * h);
            assert.ok(Math.abs(fdH - H[j * 2 + i]) <= 1e-4 * Math.max(1, Math.abs(fdH)), `${s.name} H${j}${i}`);
          }
        }
        assert.equal(H[1], H[2]);
      }),
      { numRuns: 30, seed: 1 },
    );
  }
});

test("LaTeX of f, ∇f and H comes from mathjs", () => {
  const s = A.surface("x^2 - y^2");
  assert.match(s.tex.f, /^\{\s*x\}\^\{2\}-\{\s*y\}\^\{2\}$/);
  // variables mathjs also knows as units (b: byte) are set as variables, not upright
  assert.doesNotMatch(A.convexValley().tex.gradient[0], /\\mathrm\{b\}/);
  assert.match(A.convexValley().tex.gradient[0], /10\\cdot\{b\}/);
  assert.equal(s.tex.gradient.length, 2);
  assert.equal(s.tex.hessian[1][1], "-2");
});

test("compiled functions check the point's length", () => {
  const s = A.saddle();
  assert.throws(() => s.loss([1, 2, 3]), /theta has length 3 but the surface has 2 variables \(x, y\)/);
});

test("the crescent's slope along its floor goes gentle → steep → gentle", () => {
  const c = A.crescent();
  const slope = (x: number) => Math.abs(c.gradient([x, 0.2 * x * x], new Float64Array(2))[0]);
  assert.ok(slope(0) > 10 * slope(-2.5) && slope(0) > 10 * slope(2));
});
