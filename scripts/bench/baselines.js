"use strict";
/*
 * Hand-written loops of the same arithmetic as each optimizer on the 2-D valley, with the
 * same recording: the baseline the module's optimizers are measured against. No mathjs, no
 * parts, no calls per update: the loss and gradient are written out from the data, the way
 * the module's compiled surface computes them (per-point residuals rₙ = (yₙ − b) − xₙ·w,
 * summed in order), and each rule with the same constants and the same order of operations.
 * So the trajectories are identical to the module's bit for bit, which bench.js checks.
 */
const A = require("adaptive-lr");
const { POKEMON_CP } = A;

const X = Float64Array.from(POKEMON_CP.x);
const Y = Float64Array.from(POKEMON_CP.y);
const N = X.length;

/** Runs `updates` steps of `rule` (which returns the step direction) with recording. */
function record(updates, lr, start, rule) {
  const theta = new Float64Array((updates + 1) * 2);
  const L = new Float64Array(updates + 1);
  const G = new Float64Array(updates + 1);
  const E = new Float64Array(updates);
  let b = start[0], w = start[1];
  for (let k = 0; ; k++) {
    let r = Y[0] - b - X[0] * w;
    let loss = r * r, gb = -2 * r, gw = -2 * X[0] * r;
    for (let i = 1; i < N; i++) {
      r = Y[i] - b - X[i] * w;
      loss += r * r;
      gb += -2 * r;
      gw += -2 * X[i] * r;
    }
    theta[2 * k] = b; theta[2 * k + 1] = w;
    L[k] = loss;
    G[k] = Math.sqrt(gb * gb + gw * gw);
    if (!Number.isFinite(loss) || !Number.isFinite(gb) || !Number.isFinite(gw)) throw new Error(`baseline diverged at ${k}`);
    if (k === updates) break;
    const d = rule(gb, gw, k);
    b -= lr * d[0]; w -= lr * d[1];
    E[k] = lr;
  }
  return { theta, L, G, E };
}

const out = new Float64Array(2);
// torch's constants as the module computes them: 1 − β is not exactly 0.1, 0.01, 0.001.
const W1 = 1 - 0.9, W2 = 1 - 0.999, WR = 1 - 0.99;
/** torch's lerp, as the module's moving averages use it. */
const lerp = (a, b, w) => (w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w));

const baselines = {
  sgd: (U, lr, s) => record(U, lr, s, (gb, gw) => { out[0] = gb; out[1] = gw; return out; }),
  "sgd momentum": (U, lr, s) => {
    const m = new Float64Array(2);
    return record(U, lr, s, (gb, gw, t) => {
      if (t === 0) { m[0] = gb; m[1] = gw; } else { m[0] = 0.9 * m[0] + gb; m[1] = 0.9 * m[1] + gw; }
      return m;
    });
  },
  adagrad: (U, lr, s) => {
    const acc = new Float64Array(2);
    return record(U, lr, s, (gb, gw) => {
      acc[0] += gb * gb; acc[1] += gw * gw;
      out[0] = gb / (Math.sqrt(acc[0]) + 1e-10); out[1] = gw / (Math.sqrt(acc[1]) + 1e-10);
      return out;
    });
  },
  rmsprop: (U, lr, s) => {
    const v = new Float64Array(2);
    return record(U, lr, s, (gb, gw) => {
      v[0] = v[0] * 0.99 + gb * gb * WR; v[1] = v[1] * 0.99 + gw * gw * WR;
      out[0] = gb / (Math.sqrt(v[0]) + 1e-8); out[1] = gw / (Math.sqrt(v[1]) + 1e-8);
      return out;
    });
  },
  adam: (U, lr, s) => {
    const m = new Float64Array(2), v = new Float64Array(2);
    return record(U, lr, s, (gb, gw, t) => {
      const i1 = 1 / (1 - 0.9 ** (t + 1)), i2 = 1 / Math.sqrt(1 - 0.999 ** (t + 1));
      m[0] = lerp(m[0], gb, W1); m[1] = lerp(m[1], gw, W1);
      v[0] = v[0] * 0.999 + gb * gb * W2; v[1] = v[1] * 0.999 + gw * gw * W2;
      out[0] = (m[0] * i1) / (Math.sqrt(v[0]) * i2 + 1e-8); out[1] = (m[1] * i1) / (Math.sqrt(v[1]) * i2 + 1e-8);
      return out;
    });
  },
  radam: (U, lr, s) => {
    const m = new Float64Array(2), v = new Float64Array(2);
    const rInf = 2 / (1 - 0.999) - 1;
    return record(U, lr, s, (gb, gw, t) => {
      const step = t + 1, i1 = 1 / (1 - 0.9 ** step), c2 = 1 - 0.999 ** step;
      m[0] = lerp(m[0], gb, W1); m[1] = lerp(m[1], gw, W1);
      v[0] = v[0] * 0.999 + gb * gb * W2; v[1] = v[1] * 0.999 + gw * gw * W2;
      const rho = rInf - (2 * step * 0.999 ** step) / c2;
      if (rho > 5) {
        const r = Math.sqrt(((rho - 4) * (rho - 2) * rInf) / ((rInf - 4) * (rInf - 2) * rho));
        const k = 1 / (Math.sqrt(c2) * r);
        out[0] = (m[0] * i1) / ((Math.sqrt(v[0]) + 1e-8) * k); out[1] = (m[1] * i1) / ((Math.sqrt(v[1]) + 1e-8) * k);
      } else { out[0] = m[0] * i1; out[1] = m[1] * i1; }
      return out;
    });
  },
  nadam: (U, lr, s) => {
    const m = new Float64Array(2), v = new Float64Array(2);
    let prod = 1;
    return record(U, lr, s, (gb, gw, t) => {
      const step = t + 1;
      const mu = 0.9 * (1 - 0.5 * 0.96 ** (step * 0.004)), mu1 = 0.9 * (1 - 0.5 * 0.96 ** ((step + 1) * 0.004));
      prod *= mu;
      const a = (1 - mu) / (1 - prod), c = mu1 / (1 - prod * mu1), i2 = 1 / Math.sqrt(1 - 0.999 ** step);
      m[0] = lerp(m[0], gb, W1); m[1] = lerp(m[1], gw, W1);
      v[0] = v[0] * 0.999 + gb * gb * W2; v[1] = v[1] * 0.999 + gw * gw * W2;
      out[0] = (a * gb + c * m[0]) / (Math.sqrt(v[0]) * i2 + 1e-8); out[1] = (a * gw + c * m[1]) / (Math.sqrt(v[1]) * i2 + 1e-8);
      return out;
    });
  },
  "lecture adagrad": (U, lr, s) => {
    const acc = new Float64Array(2);
    return record(U, lr, s, (gb, gw, t) => {
      acc[0] += gb * gb; acc[1] += gw * gw;
      const s0 = Math.sqrt(acc[0] / (t + 1)), s1 = Math.sqrt(acc[1] / (t + 1));
      out[0] = s0 === 0 ? 0 : gb / s0; out[1] = s1 === 0 ? 0 : gw / s1;
      return out;
    });
  },
};

/** The optimizers run on the valley, [name of the baseline, a fresh optimizer, its constant η]. */
const cases = [
  ["sgd", () => A.sgd({ lr: 1e-7 }), 1e-7],
  ["sgd momentum", () => A.sgd({ lr: 1e-7, momentum: 0.9 }), 1e-7],
  ["adagrad", () => A.adagrad({ lr: 1 }), 1],
  ["rmsprop", () => A.rmsprop({ lr: 0.01 }), 0.01],
  ["adam", () => A.adam({ lr: 0.01 }), 0.01],
  ["radam", () => A.radam({ lr: 0.01 }), 0.01],
  ["nadam", () => A.nadam({ lr: 0.01 }), 0.01],
  ["lecture adagrad", () => A.lectureAdagrad({ lr: 1 }), 1],
];

module.exports = { baselines, cases };
