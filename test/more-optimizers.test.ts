/* Lion, AdaBelief and LAMB (not in torch) against their papers' algorithms written out by hand. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as A from "adaptive-lr";

const grads = (() => {
  const random = A.seededRandom(21).uniform;
  return Array.from({ length: 120 }, () => Array.from({ length: 4 }, () => (random() - 0.5) * 10 ** Math.floor(random() * 4 - 2)));
})();
const theta0 = [0.7, -1.2, 2, 0.05];

function module(opt: A.Optimizer): number[] {
  const p = Float64Array.from(theta0);
  for (const g of grads) opt.step(p, Float64Array.from(g));
  return Array.from(p);
}

function near(got: number[], want: number[], label: string): void {
  got.forEach((x, i) => assert.ok(Math.abs(x - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])), `${label} θ${i}: ${x} vs ${want[i]}`));
  assert.notDeepEqual(want, theta0);
}

test("Lion: θ ← θ − η·(sign(β₁m + (1−β₁)g) + λθ), then m ← β₂m + (1−β₂)g (Chen et al., 2023, Algorithm 2)", () => {
  const [lr, b1, b2, wd] = [1e-3, 0.9, 0.99, 0.1];
  const m = theta0.map(() => 0);
  let theta = [...theta0];
  for (const g of grads) {
    theta = theta.map((p, i) => {
      const c = b1 * m[i] + (1 - b1) * g[i];
      m[i] = b2 * m[i] + (1 - b2) * g[i];
      return p - lr * (Math.sign(c) + wd * p);
    });
  }
  near(module(A.lion({ lr, betas: [b1, b2], weightDecay: wd })), theta, "Lion");
});

test("AdaBelief: σ from the average of (g − m)² (+ε), bias-corrected (Zhuang et al., 2020, Algorithm 2)", () => {
  const [lr, b1, b2, eps, wd] = [1e-2, 0.9, 0.999, 1e-16, 0.01];
  const m = theta0.map(() => 0);
  const s = theta0.map(() => 0);
  let theta = [...theta0];
  grads.forEach((g, k) => {
    const t = k + 1;
    theta = theta.map((p, i) => {
      p = p * (1 - lr * wd);
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      s[i] = b2 * s[i] + (1 - b2) * (g[i] - m[i]) ** 2 + eps;
      const mHat = m[i] / (1 - b1 ** t);
      const sHat = s[i] / (1 - b2 ** t);
      return p - (lr * mHat) / (Math.sqrt(sHat) + eps);
    });
  });
  near(module(A.adabelief({ lr, betas: [b1, b2], eps, weightDecay: wd })), theta, "AdaBelief");
});

test("LAMB: Adam's direction plus λθ, scaled by ‖θ‖/‖direction‖ (You et al., 2019, Algorithm 2, one layer)", () => {
  const [lr, b1, b2, eps, wd] = [1e-2, 0.9, 0.999, 1e-6, 0.01];
  const m = theta0.map(() => 0);
  const v = theta0.map(() => 0);
  let theta = [...theta0];
  grads.forEach((g, k) => {
    const t = k + 1;
    const r = theta.map((p, i) => {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      return m[i] / (1 - b1 ** t) / (Math.sqrt(v[i] / (1 - b2 ** t)) + eps) + wd * p;
    });
    const norm = (x: number[]) => Math.sqrt(x.reduce((s, y) => s + y * y, 0));
    const ratio = norm(theta) / (norm(r) + 1e-6);
    theta = theta.map((p, i) => p - lr * ratio * r[i]);
  });
  near(module(A.lamb({ lr, betas: [b1, b2], eps, weightDecay: wd })), theta, "LAMB");
});

test("a part that reads θ (the trust ratio) is given θ; its chain calls each part in turn", () => {
  const opt = A.chain({ lr: 0.1, parts: [A.trustRatio()] });
  const p = new Float64Array([3, 4]); // ‖θ‖ = 5
  opt.step(p, new Float64Array([10, 0])); // u = g·5/10: the step is η·‖θ‖ = 0.5 along g
  assert.ok(Math.abs(p[0] - 2.5) < 1e-6 && p[1] === 4, `${p[0]}, ${p[1]}`);
});
