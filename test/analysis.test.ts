import { test } from "node:test";
import assert from "node:assert/strict";
import { saddle, surface } from "adaptive-lr";
import {
  analyzePoint, findCriticalPoint, hessianByDifferences, homeworkAnswer, mlpCriticalPoint, symmetricEigen,
} from "adaptive-lr/analysis";
import {
  activationPattern, frozenMlp, kinkMargin, mlp, mlpGaussNewton, mlpHessian, mlpHessianVector, sincData, withHessian,
} from "adaptive-lr/nn";

const hyperbolic = { f: ([x, y]: number[]) => x * x - y * y, gradient: ([x, y]: number[]) => [2 * x, -2 * y] };
const bowl = { f: ([x, y]: number[]) => x * x + y * y, gradient: ([x, y]: number[]) => [2 * x, 2 * y] };

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

test("x² − y² at the origin: a saddle point with minimum ratio 0.5, from f and ∇f alone", () => {
  const a = analyzePoint(hyperbolic, [0, 0]);
  assert.equal(a.hessianSource, "differences");
  assert.equal(a.gradNorm, 0);
  assert.equal(a.kind, "saddle point");
  assert.equal(a.minimumRatio, 0.5);
  assert.deepEqual(a.counts, { positive: 1, negative: 1, zero: 0 });
  assert.equal(a.homework, "saddle point");
  assert.ok(a.symmetric);
  // H = diag(2, −2): differences of an exact linear gradient are exact up to round-off.
  assert.ok(Math.abs(a.eigenvalues[0] + 2) < 1e-9 && Math.abs(a.eigenvalues[1] - 2) < 1e-9, `eigenvalues ${a.eigenvalues}`);
  // The escape direction of the saddle is ±y, the eigenvector of λ = −2.
  assert.ok(Math.abs(Math.abs(a.eigenvectors[0][1]) - 1) < 1e-9);
  // The module's saddle surface (exact symbolic Hessian) agrees.
  const s = analyzePoint(saddle(), [0, 0]);
  assert.equal(s.hessianSource, "exact");
  assert.equal(s.kind, "saddle point");
  assert.equal(s.minimumRatio, 0.5);
  assert.equal(s.hessianError, 0);
});

test("x² + y² at the origin: a local minimum, homework 'local minima like'; −x² − y²: a local maximum", () => {
  const a = analyzePoint(bowl, [0, 0]);
  assert.equal(a.kind, "local minimum");
  assert.equal(a.minimumRatio, 1);
  assert.equal(a.degenerate, false);
  assert.equal(a.homework, "local minima like");
  const cap = analyzePoint({ f: ([x, y]) => -x * x - y * y, gradient: ([x, y]) => [-2 * x, -2 * y] }, [0, 0]);
  assert.equal(cap.kind, "local maximum");
  assert.equal(cap.minimumRatio, 0);
  assert.equal(cap.homework, "saddle point"); // the homework's rule has no "maximum" answer: ratio ≤ 0.5
});

test("away from the critical point the homework says 'none of the above'", () => {
  const a = analyzePoint(bowl, [0.01, 0]);
  assert.ok(Math.abs(a.gradNorm - 0.02) < 1e-15);
  assert.equal(a.kind, "not a critical point"); // ‖g‖ = 0.02 is above the homework's 1e-3
  assert.equal(a.curvature, "local minimum"); // the Hessian's verdict, which alone says nothing about ‖g‖
  assert.equal(a.homework, "none of the above");
  assert.match(a.summary, /not a critical point \(curvature: local minimum\)/);
  assert.equal(analyzePoint(bowl, [0.01, 0], { gradientThreshold: 0.1 }).kind, "local minimum");
});

test("the homework's thresholds: ‖g‖ < 1e-3 and ratio > 0.5", () => {
  assert.equal(homeworkAnswer(9.99e-4, 0.51), "local minima like");
  assert.equal(homeworkAnswer(9.99e-4, 0.5), "saddle point");
  assert.equal(homeworkAnswer(0, 0), "saddle point");
  assert.equal(homeworkAnswer(1e-3, 0.9), "none of the above");
  assert.equal(homeworkAnswer(0.5, 0.1), "none of the above");
  assert.equal(homeworkAnswer(0.05, 0.6, 0.1, 0.5), "local minima like");
  assert.throws(() => homeworkAnswer(-1, 0.5), /Invalid gradient norm: -1 \(gradNorm must be a finite number with 0 ≤ gradNorm\)/);
  assert.throws(() => homeworkAnswer(0, 1.5), /Invalid minimum ratio: 1.5 \(minimumRatio must be a finite number with 0 ≤ minimumRatio ≤ 1\)/);
  // analyzePoint applies the same rule: 1e-3 exactly is not below the threshold.
  const at = (x: number) => analyzePoint(bowl, [x / 2, 0]).homework;
  assert.equal(at(0.9e-3), "local minima like");
  assert.equal(at(1.1e-3), "none of the above");
});

test("zero eigenvalues are neither positive nor negative, and make the point degenerate", () => {
  // f = x² + y⁴ at 0: H = diag(2, 0).
  const a = analyzePoint({ f: ([x, y]) => x * x + y ** 4, gradient: ([x, y]) => [2 * x, 4 * y ** 3] }, [0, 0]);
  assert.deepEqual(a.counts, { positive: 1, negative: 0, zero: 1 });
  assert.equal(a.minimumRatio, 0.5);
  assert.equal(a.kind, "local minimum");
  assert.equal(a.degenerate, true);
  assert.equal(a.homework, "saddle point");
});

test("a formula surface's exact Hessian and the differences agree, within the estimated error", () => {
  const s = surface("x^2 * y + sin(x) * y^2 + exp(0.3 * x)", { variables: ["x", "y"] });
  const theta = [0.7, -1.3];
  const exact = analyzePoint(s, theta);
  const diff = analyzePoint(s, theta, { hessian: "differences" });
  assert.equal(exact.hessianSource, "exact");
  assert.equal(diff.hessianSource, "differences");
  assert.ok(diff.hessianError > 0 && diff.hessianError < 1e-6, `estimated error ${diff.hessianError}`);
  assert.ok(maxAbsDiff(exact.hessian, diff.hessian) <= diff.hessianError, "differences within their own error estimate");
  assert.ok(maxAbsDiff(exact.eigenvalues, diff.eigenvalues) <= diff.hessianError);
});

test("an asymmetric 'Hessian' is flagged, and the asymmetry counts as error", () => {
  // ∇ of nothing: a field whose Jacobian is [[0, 1], [0, 0]] is not a gradient.
  const notAGradient = { f: () => 0, gradient: ([, y]: number[]) => [y, 0] };
  const a = analyzePoint(notAGradient, [0.3, 0.4]);
  assert.equal(a.symmetric, false);
  assert.ok(Math.abs(a.asymmetry - 1) < 1e-9);
  assert.ok(a.hessianError >= a.asymmetry);
});

test("symmetricEigen: ascending eigenvalues with unit eigenvectors, A v = λ v", () => {
  const A = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
  const { values, vectors } = symmetricEigen(A, 3);
  for (let k = 1; k < 3; k++) assert.ok(values[k] >= values[k - 1]);
  assert.ok(Math.abs(values[0] + values[1] + values[2] - 9) < 1e-12); // trace
  vectors.forEach((v, k) => {
    assert.ok(Math.abs(Math.hypot(...v) - 1) < 1e-12);
    for (let i = 0; i < 3; i++) {
      let Av = 0;
      for (let j = 0; j < 3; j++) Av += A[i * 3 + j] * v[j];
      assert.ok(Math.abs(Av - values[k] * v[i]) < 1e-10);
    }
  });
  assert.throws(() => symmetricEigen(A, 2), /matrix has 9 entries but must have n² = 4/);
});

// A small network at a generic point: every unit on for some inputs, off for others.
const data = sincData({ points: 12 });
const net = mlp({ hidden: 3, data });
const theta = Float64Array.from([1.3, -0.9, 2.1, -0.2, 0.5, -0.6, 0.8, -1.1, 0.6, 0.05]);

test("the network's exact Hessian matches central differences of its exact gradient, and is symmetric", () => {
  assert.ok(kinkMargin(net, theta) > 1e-3, "no kink within the differences' reach");
  const H = mlpHessian(net, theta);
  const D = net.dimension;
  const d = hessianByDifferences((p, out) => net.gradient(p, out), theta, 1e-6);
  assert.ok(d.maxError < 1e-7, `estimated error ${d.maxError}`);
  assert.ok(maxAbsDiff(H, d.hessian) < 1e-7, `max |exact − differences| = ${maxAbsDiff(H, d.hessian)}`);
  for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) assert.equal(H[i * D + j], H[j * D + i]);
  // The residual term is what differs from Gauss–Newton, and it lives only in the v–(w, b) blocks.
  const G = mlpGaussNewton(net, theta);
  let offBlock = 0;
  for (let i = 0; i < D; i++) {
    for (let j = 0; j < D; j++) {
      const diff = Math.abs(H[i * D + j] - G[i * D + j]);
      const crossLayer = (i < 6) !== (j < 6);
      if (!crossLayer) assert.ok(diff < 1e-15, `H − G nonzero inside a layer at (${i}, ${j})`);
      else offBlock = Math.max(offBlock, diff);
    }
  }
  assert.ok(offBlock > 1e-3, "the residual term is really there");
});

test("Gauss–Newton is positive semidefinite; per layer it drops the cross-layer blocks; the exact Hessian here is indefinite", () => {
  const D = net.dimension;
  const G = symmetricEigen(mlpGaussNewton(net, theta), D).values;
  assert.ok(G[0] > -1e-12 * G[D - 1], `smallest Gauss–Newton eigenvalue ${G[0]}`);
  const perLayer = mlpGaussNewton(net, theta, { perLayer: true });
  assert.equal(perLayer[0 * D + 9], 0); // w₀ (layer 1) × c (layer 2)
  assert.ok(perLayer[0 * D + 1] !== 0 || perLayer[9 * D + 9] !== 0);
  const H = symmetricEigen(mlpHessian(net, theta), D).values;
  assert.ok(H[0] < 0 && H[D - 1] > 0, "exact Hessian has both signs at this non-critical point");
});

test("Hessian-vector products equal the Hessian times the vector", () => {
  const D = net.dimension;
  const H = mlpHessian(net, theta);
  const u = Float64Array.from({ length: D }, (_, i) => Math.cos(3 * i + 1));
  const Hu = mlpHessianVector(net, theta, u);
  for (let i = 0; i < D; i++) {
    let s = 0;
    for (let j = 0; j < D; j++) s += H[i * D + j] * u[j];
    assert.ok(Math.abs(s - Hu[i]) < 1e-12);
  }
  assert.throws(() => mlpHessianVector(net, theta, [1, 2]), /u has length 2 but must have 10/);
  assert.throws(() => mlpHessian(net, [1, 2, 3]), /theta has length 3 but the network has 10 parameters/);
});

test("the frozen-pattern network equals the real one where the pattern holds", () => {
  const frozen = frozenMlp(net, activationPattern(net, theta));
  assert.equal(frozen.loss(theta), net.loss(theta));
  assert.deepEqual(frozen.gradient(theta, new Float64Array(10)), net.gradient(theta, new Float64Array(10)));
  assert.deepEqual(frozen.hessian(theta, new Float64Array(100)), mlpHessian(net, theta));
  assert.throws(() => frozenMlp(net, new Uint8Array(3)), /pattern has 3 entries but must have inputs × units = 36/);
});

test("findCriticalPoint walks to a saddle point, which gradient descent would flee", () => {
  // f = x² − y² + y⁴/4 ... critical points (0, 0) (saddle) and (0, ±√2) (minima).
  const f = { f: ([x, y]: number[]) => x * x - y * y + y ** 4 / 4, gradient: ([x, y]: number[]) => [2 * x, -2 * y + y ** 3] };
  const c = findCriticalPoint(f, [0.4, 0.3]);
  assert.equal(c.reached, true);
  assert.ok(c.gradNorm <= 1e-8);
  assert.ok(Math.hypot(c.theta[0], c.theta[1]) < 1e-8, `ended at ${c.theta}`);
  assert.equal(analyzePoint(f, c.theta).kind, "saddle point");
  assert.equal(c.gradNorms.length, c.steps + 1);
  for (let k = 1; k < c.gradNorms.length; k++) assert.ok(c.gradNorms[k] < c.gradNorms[k - 1], "‖g‖ falls at every accepted step");
});

test("findCriticalPoint says when it cannot reach one: ‖g‖ of x + y² never vanishes", () => {
  const c = findCriticalPoint({ f: ([x, y]: number[]) => x + y * y, gradient: ([, y]: number[]) => [1, 2 * y] }, [0.3, 0.5]);
  assert.equal(c.reached, false);
  assert.ok(Math.abs(c.gradNorm - 1) < 1e-6);
  assert.notEqual(c.reason, "tolerance");
});

test("mlpCriticalPoint reaches a true critical point of a ReLU network from where gradient descent stopped", () => {
  const big = withHessian(mlp({ hidden: 4, data: sincData({ points: 16 }) }));
  const p = big.init(2);
  const g = new Float64Array(big.dimension);
  for (let t = 0; t < 300; t++) {
    big.gradient(p, g);
    for (let i = 0; i < p.length; i++) p[i] -= 0.1 * g[i];
  }
  const c = mlpCriticalPoint(big, p);
  assert.equal(c.reached, true, `‖g‖ = ${c.gradNorm} (${c.reason})`);
  assert.ok(Math.hypot(...big.gradient(c.theta, g)) <= 1e-8);
  const a = analyzePoint(big, c.theta);
  assert.equal(a.hessianSource, "exact");
  assert.ok(a.symmetric);
  assert.ok(a.gradNorm <= 1e-8);
});

test("bad input: clear errors naming the parameter and its valid range", () => {
  assert.throws(() => analyzePoint(bowl, [0, Number.NaN]), /analyzePoint: theta\[1\] is NaN \(every coordinate must be a finite number\)/);
  assert.throws(() => analyzePoint(bowl, []), /theta must be a non-empty array of numbers/);
  assert.throws(() => analyzePoint(bowl, [0, 0], { zeroTolerance: -1 }), /Invalid zero tolerance: -1 \(zeroTolerance must be a finite number with 0 ≤ zeroTolerance < 1\)/);
  assert.throws(() => analyzePoint(bowl, [0, 0], { step: 0 }), /Invalid difference step: 0 \(step must be a finite number with 0 < step < 1\)/);
  assert.throws(() => analyzePoint(bowl, [0, 0], { hessian: "model" }), /the model has no hessian; use "differences"/);
  assert.throws(() => analyzePoint(bowl, [0, 0], { tolerance: 1 } as never), /unknown option 'tolerance'/);
  assert.throws(() => analyzePoint(saddle(), [0, 0, 0]), /the point has 3 coordinates but the model has 2 parameters/);
  assert.throws(() => analyzePoint({ f: () => 0, gradient: () => [0] }, [0, 0]), /gradient\(θ\) has length 1 but the point has 2 coordinates/);
  assert.throws(() => analyzePoint({} as never, [0]), /model must have loss\(θ\) and gradient\(θ, out\), or f\(θ\) and gradient\(θ\)/);
  assert.throws(() => findCriticalPoint(bowl, [1, 1], { maxSteps: 1.5 }), /Invalid number of steps: 1.5 \(maxSteps must be an integer with 0 ≤ maxSteps\)/);
  assert.throws(() => mlpCriticalPoint(net, [1, 2]), /start has length 2 but the network has 10 parameters/);
});
