/* Hand-worked values and the relations between the lecture's rules and torch's. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

const step = (opt: A.Optimizer, theta: number[], g: number[]) => {
  const p = Float64Array.from(theta);
  opt.step(p, Float64Array.from(g));
  return Array.from(p);
};

test("lecture Adagrad's first step is exactly ±η whatever the gradient's scale", () => {
  for (const scale of [1e-6, 1e-3, 1, 1e3, 1e6]) {
    // σ⁰ = √((g⁰)²/1) = |g⁰|, so Δθ = −η·g/|g| = ∓η exactly.
    assert.deepEqual(step(A.lectureAdagrad({ lr: 0.5 }), [1, 1], [3 * scale, -7 * scale]), [0.5, 1.5]);
  }
});

test("lecture Adagrad's second step: σ¹ = √((g⁰² + g¹²)/2)", () => {
  const opt = A.lectureAdagrad({ lr: 1 });
  const p = new Float64Array([0]);
  opt.step(p, new Float64Array([3])); // θ = −1
  opt.step(p, new Float64Array([4])); // σ = √((9+16)/2) = √12.5, θ = −1 − 4/√12.5
  assert.equal(p[0], -1 - 4 / Math.sqrt(12.5));
  assert.equal(opt.sigma![0], Math.sqrt(12.5));
});

test("Adam's first step is η·sign(g) (ε = 0), because both moments are bias-corrected", () => {
  // m̂ = (1−β₁)g/(1−β₁) = g, σ = √((1−β₂)g²)/√(1−β₂) = |g|.
  // (exact up to the rounding of m = 0 + 0.1·g and m/0.1, a few ulps, as in torch)
  const [a, b] = step(A.adam({ lr: 0.1, eps: 0 }), [0, 0], [1e-5, -2e4]);
  assert.ok(Math.abs(a + 0.1) <= 4 * Number.EPSILON && Math.abs(b - 0.1) <= 4 * Number.EPSILON, `${a}, ${b}`);
  const withEps = step(A.adam({ lr: 0.1 }), [0, 0], [2, -3]);
  assert.ok(Math.abs(withEps[0] + 0.1) < 1e-9 && Math.abs(withEps[1] - 0.1) < 1e-9);
});

test("lecture RMSProp starts at σ⁰ = |g⁰| (first step ±η); torch's starts at v = 0 (first step η/√(1−α))", () => {
  assert.deepEqual(step(A.lectureRmsprop({ lr: 0.1, alpha: 0.9 }), [0], [5]), [-0.1]);
  const torchLike = step(A.rmsprop({ lr: 0.1, alpha: 0.9, eps: 0 }), [0], [5]);
  assert.ok(Math.abs(torchLike[0] + 0.1 / Math.sqrt(0.1)) < 1e-15);
});

test("lecture RMSProp σ follows σᵗ = √(α(σᵗ⁻¹)² + (1−α)(gᵗ)²)", () => {
  const opt = A.lectureRmsprop({ lr: 0.01, alpha: 0.8 });
  const p = new Float64Array([0]);
  let sigma = 0;
  [2, -1, 0.5, 10].forEach((g, t) => {
    opt.step(p, new Float64Array([g]));
    sigma = t === 0 ? Math.abs(g) : Math.sqrt(0.8 * sigma * sigma + 0.2 * g * g);
    assert.ok(Math.abs(opt.sigma![0] - sigma) <= 1e-15 * sigma);
  });
});

test("torch's Adagrad (ε = 0) is the lecture's Adagrad with ηᵗ = η/√(t+1)", () => {
  const a = A.adagrad({ lr: 0.3, eps: 0 });
  const b = A.lectureAdagrad({ lr: A.inverseSqrtDecay(0.3) });
  const pa = new Float64Array([1, -2, 3]);
  const pb = Float64Array.from(pa);
  const rng = A.seededRandom(7);
  for (let t = 0; t < 500; t++) {
    const g = new Float64Array([rng.normal(), 100 * rng.normal(), 1e-3 * rng.normal()]);
    a.step(pa, g);
    b.step(pb, g);
  }
  for (let i = 0; i < 3; i++) assert.ok(Math.abs(pa[i] - pb[i]) <= 1e-12 * Math.max(1, Math.abs(pa[i])), `${pa[i]} vs ${pb[i]}`);
});

test("adam, and the chain of parts it is made of, take the steps of Adam written out by hand", () => {
  // Kingma & Ba's Algorithm 1 in torch 2.x's arithmetic (lerp for m), independent of the parts.
  const [b1, b2, lr, eps] = [0.8, 0.99, 0.05, 1e-8];
  const byHand = (theta: number[], grads: number[][]) => {
    const m = theta.map(() => 0);
    const v = theta.map(() => 0);
    grads.forEach((g, k) => {
      const t = k + 1;
      theta = theta.map((p, i) => {
        m[i] = m[i] + (1 - b1) * (g[i] - m[i]);
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        const mHat = m[i] / (1 - b1 ** t);
        const sigma = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
        return p - (lr * mHat) / sigma;
      });
    });
    return theta;
  };
  const grads = Array.from({ length: 50 }, (_, t) => [Math.sin(t), 100 * Math.cos(3 * t), 1e-3 * (t % 7 - 3)]);
  const expected = byHand([1, 2, -3], grads);
  for (const opt of [A.adam({ lr, betas: [b1, b2], eps }), A.chain({ lr, parts: [A.emaMomentum({ beta: b1 }), A.adamScale({ beta: b2, eps })] })]) {
    const p = new Float64Array([1, 2, -3]);
    for (const g of grads) opt.step(p, Float64Array.from(g));
    // The same formula in another order of operations: equal to a few ulps, not bit for bit.
    p.forEach((x, i) => assert.ok(Math.abs(x - expected[i]) <= 1e-14 * Math.max(1, Math.abs(x)), `θ${i}: ${x} vs ${expected[i]}`));
    assert.deepEqual(opt.parts.map((part) => part.role), ["momentum", "scale"]);
  }
});

test("state is exposed: t, the η used, m, σ, and RAdam's rectifier", () => {
  const opt = A.radam({ lr: 0.01 });
  const p = new Float64Array([1]);
  assert.ok(Number.isNaN(opt.lr));
  for (let t = 0; t < 10; t++) opt.step(p, new Float64Array([0.5]));
  assert.equal(opt.t, 10);
  assert.equal(opt.lr, 0.01);
  assert.equal(opt.m!.length, 1);
  const rect = opt.parts[1];
  // ρ∞ = 2/(1−0.999) − 1 = 1999; ρₜ > 5 from t = 6 on (torch switches the adaptive step on there).
  assert.ok(Math.abs(rect.rhoInfinity - 1999) < 1e-9);
  assert.ok(rect.adaptive && rect.rho > 5 && rect.rectifier > 0 && rect.rectifier < 1);
});

test("a schedule is called with the 0-based update count", () => {
  const seen: number[] = [];
  const opt = A.sgd({ lr: (t) => (seen.push(t), 0.1) });
  const p = new Float64Array(1);
  for (let t = 0; t < 3; t++) opt.step(p, new Float64Array([1]));
  assert.deepEqual(seen, [0, 1, 2]);
});

test("reset forgets the state", () => {
  const opt = A.adam({ lr: 0.1, eps: 0 });
  const p = new Float64Array([0]);
  opt.step(p, new Float64Array([1]));
  opt.step(p, new Float64Array([1]));
  opt.reset();
  assert.equal(opt.t, 0);
  const q = new Float64Array([0, 0]); // a different size is fine after reset
  opt.step(q, new Float64Array([3, -3]));
  assert.deepEqual(Array.from(q), [-0.1, 0.1]);
});

test("stepping allocates nothing after the first update: a million updates trigger no garbage collection", async () => {
  const { PerformanceObserver } = await import("node:perf_hooks");
  for (const make of [() => A.adam(), () => A.sgd({ momentum: 0.9, nesterov: true }), () => A.rmsprop({ centered: true }), () => A.nadam(), () => A.radam()]) {
    const opt = make();
    const p = new Float64Array(4);
    const g = new Float64Array([1, 2, 3, 4]);
    opt.step(p, g);
    let collections = 0;
    const observer = new PerformanceObserver((list) => {
      collections += list.getEntries().length;
    });
    observer.observe({ entryTypes: ["gc"] });
    // 1e6 updates: allocating even one small array per update (≈ 100 bytes) would fill
    // V8's young generation (16 MB) several times over and show as collections.
    for (let t = 0; t < 1_000_000; t++) opt.step(p, g);
    await new Promise((resolve) => setTimeout(resolve, 100)); // gc entries arrive on a later tick
    observer.disconnect();
    assert.ok(collections <= 1, `${opt.name}: ${collections} garbage collections during 1e6 updates`);
  }
});
