import type { Mlp } from "./mlp";

/**
 * The per-input pieces both the Hessians (hessian.ts) and the frozen-pattern network
 * (pattern.ts) are built from. Internal: not exported from the package.
 */

export function checkSizes(net: Mlp, theta: ArrayLike<number>, what: string, out?: { length: number }, outLength?: number): void {
  if (theta.length !== net.dimension) {
    throw new RangeError(`${what}: theta has length ${theta.length} but the network has ${net.dimension} parameters`);
  }
  if (out !== undefined && outLength !== undefined && out.length !== outLength) {
    throw new RangeError(`${what}: out has length ${out.length} but must have ${outLength} (= dimension${outLength === net.dimension ? "" : "²"})`);
  }
}

/**
 * Which units are on (aⱼ = 1) for which input: entry n·H + j. ReLU networks are smooth
 * polynomials of θ as long as this pattern does not change.
 */
export type ActivationPattern = Uint8Array;

/**
 * Writes ∇f(xₙ) for one input into `df` (length 3H+1) and returns the residual; `active`
 * gets aⱼ per unit, from the sign of zⱼ or, when given, from a frozen `pattern`.
 * Kept out of mlp.ts so the network's own API stays unchanged.
 */
export function features(net: Mlp, theta: ArrayLike<number>, n: number, df: Float64Array, active: Uint8Array, pattern?: ActivationPattern): number {
  const H = net.hidden;
  const x = net.data.x[n];
  let f = theta[3 * H];
  for (let j = 0; j < H; j++) {
    const z = theta[j] * x + theta[H + j];
    const a = pattern ? pattern[n * H + j] : z > 0 ? 1 : 0;
    active[j] = a;
    const v = theta[2 * H + j];
    df[j] = a * v * x; // ∂f/∂wⱼ
    df[H + j] = a * v; // ∂f/∂bⱼ
    df[2 * H + j] = a * z; // ∂f/∂vⱼ = relu(zⱼ)
    f += a * v * z;
  }
  df[3 * H] = 1; // ∂f/∂c
  return f - net.data.y[n];
}

/**
 * (2/N) Σₙ ∇f ∇fᵀ, plus the residual term rₙ∇²f when asked; `perLayer` zeroes the blocks
 * between the layers [w, b] and [v, c]; `pattern` undefined = the real ReLU.
 */
export function accumulate(
  net: Mlp,
  theta: ArrayLike<number>,
  out: Float64Array,
  residualTerm: boolean,
  perLayer: boolean,
  pattern?: ActivationPattern,
): Float64Array {
  const H = net.hidden;
  const D = net.dimension;
  const N = net.data.x.length;
  const df = new Float64Array(D);
  const active = new Uint8Array(H);
  const layer = (i: number) => (i < 2 * H ? 0 : 1);
  out.fill(0);
  for (let n = 0; n < N; n++) {
    const r = features(net, theta, n, df, active, pattern);
    for (let i = 0; i < D; i++) {
      const di = df[i];
      if (di === 0) continue;
      for (let k = 0; k < D; k++) out[i * D + k] += di * df[k];
    }
    if (!residualTerm) continue;
    const x = net.data.x[n];
    for (let j = 0; j < H; j++) {
      if (!active[j]) continue;
      const v = 2 * H + j;
      out[j * D + v] += r * x; // ∂²f/∂wⱼ∂vⱼ
      out[v * D + j] += r * x;
      out[(H + j) * D + v] += r; // ∂²f/∂bⱼ∂vⱼ
      out[v * D + H + j] += r;
    }
  }
  const scale = 2 / N;
  for (let i = 0; i < D; i++) {
    for (let k = 0; k < D; k++) {
      out[i * D + k] = perLayer && layer(i) !== layer(k) ? 0 : scale * out[i * D + k];
    }
  }
  return out;
}

