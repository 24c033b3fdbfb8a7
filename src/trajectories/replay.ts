/**
 * Feeding an optimizer a gradient sequence chosen by hand instead of a surface, to see
 * what m and σ do with it (a sign that alternates, a steady push, a sudden jump).
 */
import type { Optimizer } from "../optim/chain";

export interface ReplayOptions {
  /** A fresh optimizer. */
  readonly optimizer: Optimizer;
  /** gᵗ for t = 0, 1, …: all of one length n ≥ 1, or numbers for one parameter. */
  readonly gradients: readonly (ArrayLike<number> | number)[];
  /** θ⁰, default all zeros. */
  readonly start?: ArrayLike<number>;
}

/** Row-major records, `dimension` numbers per update t. */
export interface Replay {
  readonly dimension: number;
  readonly updates: number;
  /** θ⁰ … θᵘᵖᵈᵃᵗᵉˢ, (updates + 1)×dimension. */
  readonly theta: Float64Array;
  /** mᵗ after update t (the raw moving state, before any bias correction), if the optimizer has a momentum part. */
  readonly m?: Float64Array;
  /** σᵗ used by update t, if the optimizer has a scale part. */
  readonly sigma?: Float64Array;
  /** The step direction mᵗ/σᵗ of update t: θᵗ⁺¹ = θᵗ − ηᵗ·direction. */
  readonly direction: Float64Array;
  /** ηᵗ of update t. */
  readonly lr: Float64Array;
}

export function replay(options: ReplayOptions): Replay {
  const { optimizer, gradients } = options;
  if (!Array.isArray(gradients) || gradients.length === 0) {
    throw new RangeError("replay: gradients must be a non-empty array of gradients gᵗ");
  }
  const rows = gradients.map((g) => (typeof g === "number" ? [g] : g));
  const n = rows[0].length;
  if (n === 0) throw new RangeError("replay: each gradient needs at least one number");
  rows.forEach((g, t) => {
    if (g.length !== n) throw new RangeError(`replay: gradients[${t}] has ${g.length} numbers but gradients[0] has ${n}; they must match`);
  });
  if (options.start !== undefined && options.start.length !== n) {
    throw new RangeError(`replay: start has ${options.start.length} numbers but each gradient has ${n}`);
  }
  const T = rows.length;
  const p = options.start === undefined ? new Float64Array(n) : Float64Array.from(options.start);
  const g = new Float64Array(n);
  const theta = new Float64Array((T + 1) * n);
  const direction = new Float64Array(T * n);
  const lr = new Float64Array(T);
  let m: Float64Array | undefined = new Float64Array(T * n);
  let sigma: Float64Array | undefined = new Float64Array(T * n);
  theta.set(p, 0);
  for (let t = 0; t < T; t++) {
    g.set(rows[t]);
    optimizer.step(p, g);
    theta.set(p, (t + 1) * n);
    direction.set(optimizer.direction, t * n);
    lr[t] = optimizer.lr;
    const mt = optimizer.m;
    const st = optimizer.sigma;
    if (m && mt) m.set(mt, t * n);
    else m = undefined; // no momentum part: nothing to record
    if (sigma && st) sigma.set(st, t * n);
    else sigma = undefined;
  }
  return { dimension: n, updates: T, theta, m, sigma, direction, lr };
}
