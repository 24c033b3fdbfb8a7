import { checkNumber } from "../check/options";
import type { Optimizer } from "../optim/chain";
import type { Differentiable } from "../surfaces/surface";
import type { Divergence, Trajectory } from "./trajectory";

export interface RunOptions {
  /** The surface, or any loss with a gradient. */
  readonly surface: Differentiable;
  /** A fresh optimizer (its state is used as it is). */
  readonly optimizer: Optimizer;
  /** θ⁰. Default: the surface's `start`, if it has one. */
  readonly start?: ArrayLike<number>;
  /** How many updates to do. */
  readonly updates: number;
  /** Also record σ per parameter at every update (needs a scale part). Default false. */
  readonly recordSigma?: boolean;
}

function trajectory(
  dimension: number,
  updates: number,
  theta: Float64Array,
  loss: Float64Array,
  gradNorm: Float64Array,
  lr: Float64Array,
  sigma: Float64Array | undefined,
  diverged: Divergence | undefined,
): Trajectory {
  const points = updates + 1;
  const t: Trajectory = {
    dimension,
    updates,
    theta: theta.subarray(0, points * dimension),
    loss: loss.subarray(0, points),
    gradNorm: gradNorm.subarray(0, points),
    lr: lr.subarray(0, updates),
    sigma: sigma?.subarray(0, updates * dimension),
    diverged,
    point: (k) => Array.from(t.theta.subarray(k * dimension, (k + 1) * dimension)),
    coordinate: (i) => {
      const out = new Float64Array(points);
      for (let k = 0; k < points; k++) out[k] = t.theta[k * dimension + i];
      return out;
    },
  };
  return t;
}

/** ‖g‖ without overflow: scale by the largest component first. */
function scaledNorm(g: Float64Array): number {
  let max = 0;
  for (let i = 0; i < g.length; i++) max = Math.max(max, Math.abs(g[i]));
  let sq = 0;
  for (let i = 0; i < g.length; i++) sq += (g[i] / max) ** 2;
  return max * Math.sqrt(sq);
}

/**
 * Runs an optimizer on a surface and records every iterate, its loss, ‖g‖ and ηᵗ in
 * preallocated typed arrays. If the loss, the gradient or the parameters stop being
 * finite, the run stops there and says so in `diverged`: it never returns NaN silently.
 */
export function run(options: RunOptions): Trajectory {
  const { surface, optimizer } = options;
  const n = surface.dimension;
  const updates = checkNumber("updates", "number of updates", options.updates, { min: 0, integer: true });
  const start = options.start ?? (surface as { start?: readonly number[] }).start;
  if (start === undefined) throw new RangeError("run: no start point (give start, or use a surface that has one)");
  if (start.length !== n) throw new RangeError(`run: start has length ${start.length} but the surface has ${n} parameters`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(start[i])) throw new RangeError(`run: start[${i}] is ${start[i]} (every coordinate of the start must be finite)`);
  }
  const recordSigma = options.recordSigma ?? false;

  const theta = new Float64Array((updates + 1) * n);
  const loss = new Float64Array(updates + 1);
  const gradNorm = new Float64Array(updates + 1);
  const lr = new Float64Array(updates);
  let sigma: Float64Array | undefined = recordSigma ? new Float64Array(updates * n) : undefined;
  const p = Float64Array.from(start);
  const g = new Float64Array(n);
  const f = surface.loss;
  const grad = surface.gradient;
  const both = surface.lossAndGradient;

  // The trajectory keeps only finite points; `diverged.update` is the update that produced
  // the first bad one (its θ, loss and gradient are in `diverged`).
  const stop = (update: number, what: Divergence["what"], L: number): Trajectory =>
    trajectory(n, update, theta, loss, gradNorm, lr, sigma, { update, what, theta: Array.from(p), loss: L, gradient: Array.from(g) });
  const badStart = (what: string, value: unknown) =>
    new RangeError(`run: the ${what} at the start point [${Array.from(p).join(", ")}] is ${value}; nothing to run`);

  for (let k = 0; ; k++) {
    let L: number;
    if (both) L = both.call(surface, p, g);
    else {
      L = f.call(surface, p);
      grad.call(surface, p, g);
    }
    let sq = 0;
    for (let i = 0; i < n; i++) sq += g[i] * g[i];
    let finite = true;
    let norm = Math.sqrt(sq);
    if (!Number.isFinite(sq)) {
      for (let i = 0; i < n; i++) finite = finite && Number.isFinite(g[i]);
      if (finite) norm = scaledNorm(g); // g² overflowed though g is finite (‖g‖ ≳ 1e154)
    }
    for (let i = 0, o = k * n; i < n; i++) theta[o + i] = p[i]; // .set() costs more than this for small n
    loss[k] = L;
    gradNorm[k] = norm;
    if (!Number.isFinite(L)) {
      if (k === 0) throw badStart("loss", L);
      return stop(k - 1, "loss", L);
    }
    if (!finite) {
      if (k === 0) throw badStart("gradient", `[${Array.from(g).join(", ")}]`);
      return stop(k - 1, "gradient", L);
    }
    if (k === updates) break;
    optimizer.step(p, g);
    lr[k] = optimizer.lr;
    if (sigma) {
      const s = optimizer.sigma;
      if (!s) {
        sigma = undefined; // no scale part: nothing to record
      } else for (let i = 0, o = k * n; i < n; i++) sigma[o + i] = s[i];
    }
    for (let i = 0; i < n; i++) finite = finite && Number.isFinite(p[i]);
    if (!finite) return stop(k, "parameters", L);
  }
  return trajectory(n, updates, theta, loss, gradNorm, lr, sigma, undefined);
}
