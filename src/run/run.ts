import { checkKnownOptions, checkNumber } from "../check/options";
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

const RUN_OPTIONS = ["surface", "optimizer", "start", "updates", "recordSigma"] as const;

/**
 * A run keeps every iterate, so its memory grows with updates × parameters. Past this it is
 * refused up front, with the figure, rather than left to allocate until the process dies.
 */
export const MAX_RECORDING_BYTES = 2 ** 31;

function checkRecordingSize(updates: number, n: number, recordSigma: boolean): void {
  // θ for every point, loss and ‖g‖ per point, ηᵗ per update, σ per update and parameter.
  const perUpdate = 8 * (n + 3 + (recordSigma ? n : 0));
  const bytes = perUpdate * (updates + 1);
  if (bytes <= MAX_RECORDING_BYTES) return;
  const most = Math.floor(MAX_RECORDING_BYTES / perUpdate) - 1;
  throw new RangeError(
    `run: recording ${updates.toLocaleString("en-US")} updates of ${n} parameter${n === 1 ? "" : "s"} would need ${gigabytes(bytes)} ` +
      `(θ, loss, ‖g‖ and ηᵗ${recordSigma ? " and σ" : ""} for every update); the limit is ${gigabytes(MAX_RECORDING_BYTES)}, ` +
      `so at most ${most.toLocaleString("en-US")} updates here. Run fewer updates, or several runs one after another (each can start where the last ended).`,
  );
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toPrecision(3)} GiB`;
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
    point: (k) => {
      checkNumber("k", "point index", k, { min: 0, max: t.updates, integer: true });
      return Array.from(t.theta.subarray(k * dimension, (k + 1) * dimension));
    },
    coordinate: (i) => {
      checkNumber("i", "coordinate index", i, { min: 0, max: dimension - 1, integer: true });
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
  if (options === undefined || options === null || typeof options !== "object") {
    throw new TypeError("run needs options { surface, optimizer, updates }, e.g. run({ surface: convexValley(), optimizer: sgd({ lr: 0.1 }), updates: 100 })");
  }
  checkKnownOptions("run", options, RUN_OPTIONS);
  const { surface, optimizer } = options;
  if (!surface || typeof surface.dimension !== "number" || typeof surface.loss !== "function" || typeof surface.gradient !== "function") {
    throw new TypeError("run: surface must be a surface (or anything with dimension, loss(θ) and gradient(θ, out))");
  }
  if (!optimizer || typeof optimizer.step !== "function") throw new TypeError("run: optimizer must be an optimizer such as sgd(…) or adam(…)");
  const n = surface.dimension;
  const updates = checkNumber("updates", "number of updates", options.updates, { min: 0, integer: true });
  checkRecordingSize(updates, n, options.recordSigma ?? false);
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
  const rec: Recording = { theta, loss, gradNorm, lr, sigma };
  const end = record(surface, optimizer, p, g, rec, updates);
  if (end.what === undefined) return trajectory(n, updates, theta, loss, gradNorm, lr, rec.sigma, undefined);
  if (end.update === -1) {
    const value = end.what === "loss" ? end.loss : `[${Array.from(g).join(", ")}]`;
    throw new RangeError(`run: the ${end.what} at the start point [${Array.from(p).join(", ")}] is ${value}; nothing to run`);
  }
  // The trajectory keeps only finite points; `diverged.update` is the update that produced
  // the first bad one (its θ, loss and gradient are in `diverged`).
  const diverged: Divergence = { update: end.update, what: end.what, theta: Array.from(p), loss: end.loss, gradient: Array.from(g) };
  return trajectory(n, end.update, theta, loss, gradNorm, lr, rec.sigma, diverged);
}

interface Recording {
  readonly theta: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  readonly lr: Float64Array;
  /** Set to undefined when the optimizer has no σ to record. */
  sigma: Float64Array | undefined;
}

interface End {
  /** The update that produced the first non-finite value (−1: the start point), if any. */
  readonly update: number;
  readonly what: Divergence["what"] | undefined;
  readonly loss: number;
}

/**
 * The run loop, apart from setting up and reporting, with everything it touches passed in:
 * no closures over its variables, so V8 keeps them in registers.
 */
function record(
  surface: Differentiable,
  optimizer: Optimizer,
  p: Float64Array,
  g: Float64Array,
  rec: Recording,
  updates: number,
): End {
  const n = p.length;
  const { theta, loss, gradNorm, lr } = rec;
  const both = surface.lossAndGradient;
  const f = surface.loss;
  const grad = surface.gradient;
  let sigma = rec.sigma;
  // A schedule that watches the loss (reduceOnPlateau) sees it after every update.
  const observe = (optimizer.schedule as { observe?: (loss: number) => void } | undefined)?.observe;
  for (let k = 0; ; k++) {
    // x − x is 0 for every finite x and NaN for ±Inf and NaN: one test each for θ, L and g.
    let bad = 0;
    for (let i = 0, o = k * n; i < n; i++) {
      const pi = p[i];
      theta[o + i] = pi; // .set() costs more than this for small n
      bad += pi - pi;
    }
    if (bad !== 0) return { update: k - 1, what: "parameters", loss: loss[k - 1] }; // θ⁰ was checked
    let L: number;
    if (both) L = both.call(surface, p, g);
    else {
      L = f.call(surface, p);
      grad.call(surface, p, g);
    }
    loss[k] = L;
    if (L - L !== 0) return { update: k - 1, what: "loss", loss: L };
    if (observe !== undefined && k > 0) observe(L);
    let sq = 0;
    for (let i = 0; i < n; i++) sq += g[i] * g[i];
    if (sq - sq === 0) gradNorm[k] = Math.sqrt(sq);
    else {
      let finite = true;
      for (let i = 0; i < n; i++) finite = finite && Number.isFinite(g[i]);
      if (!finite) return { update: k - 1, what: "gradient", loss: L };
      gradNorm[k] = scaledNorm(g); // g² overflowed though g is finite (‖g‖ ≳ 1e154)
    }
    if (k === updates) return { update: k, what: undefined, loss: L };
    optimizer.step(p, g);
    lr[k] = optimizer.lr;
    if (sigma) {
      const s = optimizer.sigma;
      if (!s) {
        sigma = rec.sigma = undefined; // no scale part: nothing to record
      } else for (let i = 0, o = k * n; i < n; i++) sigma[o + i] = s[i];
    }
  }
}

