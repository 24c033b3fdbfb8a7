"use strict";
/*
 * The baselines for Adam on many parameters. bench.js loads this file afresh for each size,
 * so that each size gets functions of its own, whose arrays V8 treats as constants, as it
 * does for the module's own loop (functions made twice from one place in the source share
 * their optimised code, and lose that).
 */
const W1 = 1 - 0.9, W2 = 1 - 0.999;

function make(n, grads) {
  const a = new Float64Array(n), b = new Float64Array(n).fill(1), c = new Float64Array(n).fill(2);
  /** STREAM's triad: two arrays read, one written. */
  const triad = () => { const s = 3; for (let i = 0; i < n; i++) a[i] = b[i] + s * c[i]; };
  // The best plain JS can do: one loop with the module's arithmetic and outputs (θ, m, v, σ and
  // the direction m̂/σ).
  const theta = new Float64Array(n), m = new Float64Array(n), v = new Float64Array(n), sigma = new Float64Array(n), d = new Float64Array(n);
  let t = 0;
  const fused = () => {
    t++;
    const i1 = 1 / (1 - 0.9 ** t), i2 = 1 / Math.sqrt(1 - 0.999 ** t);
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      const mi = (m[i] += W1 * (g - m[i]));
      const vi = (v[i] = v[i] * 0.999 + g * g * W2);
      const di = (d[i] = (mi * i1) / (sigma[i] = Math.sqrt(vi) * i2 + 1e-8));
      theta[i] -= 1e-3 * di;
    }
  };
  // What no JavaScript Adam can beat: the triad's traffic plus the one √ and one ÷ Adam needs
  // per parameter (V8 does not vectorise them).
  const floor = () => { for (let i = 0; i < n; i++) a[i] = b[i] / Math.sqrt(c[i]); };
  // Adam's memory traffic with no arithmetic: θ, g, m, v read and θ, m, v written (seven
  // passes, without the module's σ and m̂/σ).
  const x = new Float64Array(n), y = new Float64Array(n), z = new Float64Array(n);
  const traffic = () => { for (let i = 0; i < n; i++) { const g = grads[i]; x[i] += g; y[i] += g; z[i] += g; } };
  return { triad, fused, floor, traffic, theta };
}

module.exports = { make };
