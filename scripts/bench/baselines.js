"use strict";
/*
 * Hand-written loops of the same arithmetic as each optimizer on the 2-D valley, with the
 * same recording: the baseline the module's composed optimizers are measured against.
 * Gradient and loss are written out by hand from the data (no mathjs, no parts, no calls).
 */
const { POKEMON_CP } = require("adaptive-lr");

const X = Float64Array.from(POKEMON_CP.x);
const Y = Float64Array.from(POKEMON_CP.y);
const N = X.length;
let SX = 0, SY = 0, SXX = 0, SXY = 0;
for (let i = 0; i < N; i++) { SX += X[i]; SY += Y[i]; SXX += X[i] * X[i]; SXY += X[i] * Y[i]; }

function loss(b, w) {
  let s = 0;
  for (let i = 0; i < N; i++) { const r = Y[i] - b - X[i] * w; s += r * r; }
  return s;
}

/** Runs `updates` steps of `rule` (which rewrites g in place into the step direction) with recording. */
function record(updates, lr, start, rule) {
  const theta = new Float64Array((updates + 1) * 2);
  const L = new Float64Array(updates + 1);
  const G = new Float64Array(updates + 1);
  const E = new Float64Array(updates);
  let b = start[0], w = start[1];
  for (let k = 0; ; k++) {
    const gb = 2 * (N * b + SX * w - SY);
    const gw = 2 * (SX * b + SXX * w - SXY);
    theta[2 * k] = b; theta[2 * k + 1] = w;
    L[k] = loss(b, w);
    G[k] = Math.sqrt(gb * gb + gw * gw);
    if (k === updates) break;
    const d = rule(gb, gw, k);
    b -= lr * d[0]; w -= lr * d[1];
    E[k] = lr;
  }
  return { theta, L, G, E };
}

const out = new Float64Array(2);

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
      v[0] = 0.99 * v[0] + 0.01 * gb * gb; v[1] = 0.99 * v[1] + 0.01 * gw * gw;
      out[0] = gb / (Math.sqrt(v[0]) + 1e-8); out[1] = gw / (Math.sqrt(v[1]) + 1e-8);
      return out;
    });
  },
  adam: (U, lr, s) => {
    const m = new Float64Array(2), v = new Float64Array(2);
    return record(U, lr, s, (gb, gw, t) => {
      const c1 = 1 - 0.9 ** (t + 1), c2 = Math.sqrt(1 - 0.999 ** (t + 1));
      m[0] += 0.1 * (gb - m[0]); m[1] += 0.1 * (gw - m[1]);
      v[0] = 0.999 * v[0] + 0.001 * gb * gb; v[1] = 0.999 * v[1] + 0.001 * gw * gw;
      out[0] = m[0] / c1 / (Math.sqrt(v[0]) / c2 + 1e-8); out[1] = m[1] / c1 / (Math.sqrt(v[1]) / c2 + 1e-8);
      return out;
    });
  },
  radam: (U, lr, s) => {
    const m = new Float64Array(2), v = new Float64Array(2);
    const rInf = 2 / (1 - 0.999) - 1;
    return record(U, lr, s, (gb, gw, t) => {
      const step = t + 1, c1 = 1 - 0.9 ** step, c2 = 1 - 0.999 ** step;
      m[0] += 0.1 * (gb - m[0]); m[1] += 0.1 * (gw - m[1]);
      v[0] = 0.999 * v[0] + 0.001 * gb * gb; v[1] = 0.999 * v[1] + 0.001 * gw * gw;
      const rho = rInf - (2 * step * 0.999 ** step) / c2;
      if (rho > 5) {
        const r = Math.sqrt(((rho - 4) * (rho - 2) * rInf) / ((rInf - 4) * (rInf - 2) * rho));
        const k = Math.sqrt(c2) * r;
        out[0] = m[0] / c1 / ((Math.sqrt(v[0]) + 1e-8) / k); out[1] = m[1] / c1 / ((Math.sqrt(v[1]) + 1e-8) / k);
      } else { out[0] = m[0] / c1; out[1] = m[1] / c1; }
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
      const a = (1 - mu) / (1 - prod), c = mu1 / (1 - prod * mu1), c2 = Math.sqrt(1 - 0.999 ** step);
      m[0] += 0.1 * (gb - m[0]); m[1] += 0.1 * (gw - m[1]);
      v[0] = 0.999 * v[0] + 0.001 * gb * gb; v[1] = 0.999 * v[1] + 0.001 * gw * gw;
      out[0] = (a * gb + c * m[0]) / (Math.sqrt(v[0]) / c2 + 1e-8); out[1] = (a * gw + c * m[1]) / (Math.sqrt(v[1]) / c2 + 1e-8);
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

module.exports = { baselines, loss };
