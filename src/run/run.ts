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
  /** Also record σ per parameter at every recorded update (needs a scale part). Default false. */
  readonly recordSigma?: boolean;
  /**
   * Record every k-th update only (θ⁰, θᵏ, θ²ᵏ, …, and the last point), so a long run
   * needs memory for updates/k points instead of all of them. Default 1: every update.
   */
  readonly every?: number;
}

const RUN_OPTIONS = ["surface", "optimizer", "start", "updates", "recordSigma", "every"] as const;

/**
 * A run keeps every iterate, so its memory grows with updates × parameters. Past this it is
 * refused up front, with the figure, rather than left to allocate until the process dies.
 */
export const MAX_RECORDING_BYTES = 2 ** 31;

/** Points recorded by a run of `updates` updates that keeps every `every`-th one and the last. */
function recordCount(updates: number, every: number): number {
  return Math.floor(updates / every) + 1 + (updates % every === 0 ? 0 : 1);
}

function checkRecordingSize(updates: number, n: number, recordSigma: boolean, every: number): void {
  // θ, loss and ‖g‖ per recorded point, ηᵗ and σ (per parameter) per recorded update.
  const perPoint = 8 * (n + 3 + (recordSigma ? n : 0));
  const points = recordCount(updates, every);
  const bytes = perPoint * points;
  if (bytes <= MAX_RECORDING_BYTES) return;
  const most = Math.floor(MAX_RECORDING_BYTES / perPoint) - 1;
  // The smallest stride whose recording fits: floor(updates/k) + 2 points at most.
  let fits = Math.max(every + 1, Math.ceil(updates / (most - 1)));
  while (perPoint * recordCount(updates, fits) > MAX_RECORDING_BYTES) fits++;
  const what = `θ, loss, ‖g‖ and ηᵗ${recordSigma ? " and σ" : ""}`;
  throw new RangeError(
    `run: recording ${updates.toLocaleString("en-US")} updates of ${n} parameter${n === 1 ? "" : "s"} would need ${gigabytes(bytes)} ` +
      `(${what} for ${every === 1 ? "every update" : `every ${ordinal(every)} update`}); the limit is ${gigabytes(MAX_RECORDING_BYTES)}, ` +
      `so at most ${most.toLocaleString("en-US")} recorded updates here. Record every k-th only with every: ${fits} ` +
      `(every ${ordinal(fits)} update and the last), run fewer updates, or several runs one after another (each can start where the last ended).`,
  );
}

/** 2 → "2nd", 11 → "11th", 1000 → "1,000th": "every 2nd update". */
function ordinal(k: number): string {
  const suffix = k % 100 >= 11 && k % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][k % 10] ?? "th");
  return `${k.toLocaleString("en-US")}${suffix}`;
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toPrecision(3)} GiB`;
}

function trajectory(
  dimension: number,
  updates: number,
  every: number,
  points: number,
  theta: Float64Array,
  loss: Float64Array,
  gradNorm: Float64Array,
  lr: Float64Array,
  sigma: Float64Array | undefined,
  diverged: Divergence | undefined,
): Trajectory {
  // Record j holds update j·every, except the last, which holds the last point reached.
  const updateOf = (j: number): number => (j === points - 1 ? updates : j * every);
  let index: Float64Array | undefined;
  const t: Trajectory = {
    dimension,
    updates,
    every,
    theta: theta.subarray(0, points * dimension),
    loss: loss.subarray(0, points),
    gradNorm: gradNorm.subarray(0, points),
    lr: lr.subarray(0, points - 1),
    sigma: sigma?.subarray(0, (points - 1) * dimension),
    diverged,
    get updateIndex(): Float64Array {
      return (index ??= Float64Array.from({ length: points }, (_, j) => updateOf(j)));
    },
    point: (k) => {
      checkNumber("k", "point index", k, { min: 0, max: t.updates, integer: true });
      const j = k === updates ? points - 1 : k / every;
      if (!Number.isInteger(j)) {
        throw new RangeError(
          `Invalid point index: ${k} (update ${k} was not recorded: this run recorded every ${ordinal(every)} update, ` +
            `k must be a multiple of ${every} with 0 ≤ k ≤ ${updates}, or the last, ${updates})`,
        );
      }
      return Array.from(t.theta.subarray(j * dimension, (j + 1) * dimension));
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
  const every = checkNumber("every", "recording stride", options.every ?? 1, { min: 1, integer: true });
  checkRecordingSize(updates, n, options.recordSigma ?? false, every);
  const start = options.start ?? (surface as { start?: readonly number[] }).start;
  if (start === undefined) throw new RangeError("run: no start point (give start, or use a surface that has one)");
  if (start.length !== n) throw new RangeError(`run: start has length ${start.length} but the surface has ${n} parameters`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(start[i])) throw new RangeError(`run: start[${i}] is ${start[i]} (every coordinate of the start must be finite)`);
  }
  const recordSigma = options.recordSigma ?? false;

  const points = recordCount(updates, every);
  const theta = new Float64Array(points * n);
  const loss = new Float64Array(points);
  const gradNorm = new Float64Array(points);
  const lr = new Float64Array(points - 1);
  const sigma: Float64Array | undefined = recordSigma ? new Float64Array((points - 1) * n) : undefined;
  const p = Float64Array.from(start);
  const g = new Float64Array(n);
  const rec: Recording = { theta, loss, gradNorm, lr, sigma, points: 0 };
  const end = every === 1 ? record(surface, optimizer, p, g, rec, updates) : recordEvery(surface, optimizer, p, g, rec, updates, every);
  if (end.what === undefined) return trajectory(n, updates, every, points, theta, loss, gradNorm, lr, rec.sigma, undefined);
  if (end.update === -1) {
    const value = end.what === "loss" ? end.loss : `[${Array.from(g).join(", ")}]`;
    throw new RangeError(`run: the ${end.what} at the start point [${Array.from(p).join(", ")}] is ${value}; nothing to run`);
  }
  // The trajectory keeps only finite points; `diverged.update` is the update that produced
  // the first bad one (its θ, loss and gradient are in `diverged`).
  const diverged: Divergence = { update: end.update, what: end.what, theta: Array.from(p), loss: end.loss, gradient: Array.from(g) };
  const kept = every === 1 ? end.update + 1 : rec.points;
  return trajectory(n, end.update, every, kept, theta, loss, gradNorm, lr, rec.sigma, diverged);
}

interface Recording {
  readonly theta: Float64Array;
  readonly loss: Float64Array;
  readonly gradNorm: Float64Array;
  readonly lr: Float64Array;
  /** Set to undefined when the optimizer has no σ to record. */
  sigma: Float64Array | undefined;
  /** Points recorded so far (kept up to date by `recordEvery` only). */
  points: number;
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


/**
 * The run loop when only every `every`-th point is kept. Each point goes to one of two
 * scratch slots first (by the parity of k), so when point k turns out not finite the point
 * before it is still at hand and becomes the last record, as in a full recording.
 */
function recordEvery(
  surface: Differentiable,
  optimizer: Optimizer,
  p: Float64Array,
  g: Float64Array,
  rec: Recording,
  updates: number,
  every: number,
): End {
  const n = p.length;
  const { theta, loss, gradNorm, lr } = rec;
  const both = surface.lossAndGradient;
  const f = surface.loss;
  const grad = surface.gradient;
  const scratch = new Float64Array(2 * n);
  const scratchLoss = new Float64Array(2);
  const scratchNorm = new Float64Array(2);
  let sigma = rec.sigma;
  const observe = (optimizer.schedule as { observe?: (loss: number) => void } | undefined)?.observe;
  let j = 0; // records written
  let next = 0; // the next update to record
  let lastRecorded = -1;
  // Point k − 1 was finite and is the run's last: record it unless it already is.
  const stop = (k: number, what: Divergence["what"], L: number): End => {
    if (k - 1 > lastRecorded && k > 0) {
      const s = (k - 1) & 1;
      theta.set(scratch.subarray(s * n, s * n + n), j * n);
      loss[j] = scratchLoss[s];
      gradNorm[j] = scratchNorm[s];
      j++;
    }
    rec.points = j;
    return { update: k - 1, what, loss: L };
  };
  for (let k = 0; ; k++) {
    const s = k & 1;
    let bad = 0;
    for (let i = 0, o = s * n; i < n; i++) {
      const pi = p[i];
      scratch[o + i] = pi;
      bad += pi - pi;
    }
    if (bad !== 0) return stop(k, "parameters", scratchLoss[s ^ 1]);
    let L: number;
    if (both) L = both.call(surface, p, g);
    else {
      L = f.call(surface, p);
      grad.call(surface, p, g);
    }
    if (L - L !== 0) return stop(k, "loss", L);
    scratchLoss[s] = L;
    if (observe !== undefined && k > 0) observe(L);
    let sq = 0;
    for (let i = 0; i < n; i++) sq += g[i] * g[i];
    if (sq - sq === 0) scratchNorm[s] = Math.sqrt(sq);
    else {
      let finite = true;
      for (let i = 0; i < n; i++) finite = finite && Number.isFinite(g[i]);
      if (!finite) return stop(k, "gradient", L);
      scratchNorm[s] = scaledNorm(g);
    }
    const recorded = k === next || k === updates;
    if (recorded) {
      theta.set(scratch.subarray(s * n, s * n + n), j * n);
      loss[j] = L;
      gradNorm[j] = scratchNorm[s];
      lastRecorded = k;
      next += every;
      j++;
    }
    if (k === updates) {
      rec.points = j;
      return { update: k, what: undefined, loss: L };
    }
    optimizer.step(p, g);
    if (recorded) {
      lr[j - 1] = optimizer.lr;
      if (sigma) {
        const st = optimizer.sigma;
        if (!st) sigma = rec.sigma = undefined;
        else sigma.set(st, (j - 1) * n);
      }
    }
  }
}
