import { checkKnownOptions, checkNumber } from "../check/options";
import { DEFAULT_DIFFERENCE_STEP, hessianByDifferences, symmetrize } from "./differences";
import { choleskySolve } from "./linear";
import { checkPoint, normalizeModel, type AnalysisModel, type FunctionModel, type HessianFunction, type HessianModel } from "./model";

export interface CriticalPointOptions {
  /** Where H comes from, as in `analyzePoint` (default: the model's, else differences). */
  readonly hessian?: "model" | "differences" | HessianFunction;
  /** Relative step of the differences (default 1e-5). */
  readonly step?: number;
  /** Stop once ‖g‖ ≤ tolerance (default 1e-8). */
  readonly tolerance?: number;
  /** At most this many accepted steps (default 200). */
  readonly maxSteps?: number;
  /**
   * Give up ("stalled") when ‖g‖ has not halved over this many accepted steps (default 50):
   * near a minimum of ‖g‖ that is not a critical point, progress only crawls.
   */
  readonly patience?: number;
}

export interface CriticalPointSearch {
  /** Where the search ended. */
  readonly theta: Float64Array;
  readonly loss: number;
  readonly gradNorm: number;
  /** ‖g‖ ≤ tolerance at the end. */
  readonly reached: boolean;
  readonly tolerance: number;
  /** Accepted steps. */
  readonly steps: number;
  /** L and ‖g‖ at the start and after every accepted step (steps + 1 entries). */
  readonly losses: Float64Array;
  readonly gradNorms: Float64Array;
  /** ‖θ_end − θ_start‖: how far the critical point is from where training stopped. */
  readonly distance: number;
  /** Why it stopped. */
  readonly reason: "tolerance" | "max steps" | "stalled";
}

/**
 * From a point where training got stuck, walk to a nearby critical point (∇L = 0) of any
 * kind, saddle points included, by minimising ½‖∇L(θ)‖², whose gradient is H∇L. Each step is
 * Levenberg–Marquardt on the equations ∇L(θ) = 0 with Jacobian H:
 *
 *   (H² + λI) δ = −H g,     accepted only if ‖g‖ goes down (then λ shrinks, else λ grows).
 *
 * Small λ is Newton's step on ∇L = 0 (fast near the point, blind to the kind of point); large λ
 * is a short gradient step on ½‖g‖². Plain gradient descent on L cannot do this job: it is
 * repelled by saddle points and, at a finite η, bounces in ravines without ‖g‖ ever shrinking.
 * It can stall where H g = 0 but g ≠ 0 (a minimum of ‖g‖ that is not a critical point):
 * `reached` says whether ‖g‖ really fell below `tolerance`.
 */
export function findCriticalPoint(model: FunctionModel, start: ArrayLike<number>, options?: CriticalPointOptions): CriticalPointSearch;
export function findCriticalPoint(model: HessianModel, start: ArrayLike<number>, options?: CriticalPointOptions): CriticalPointSearch;
export function findCriticalPoint(model: AnalysisModel, start: ArrayLike<number>, options: CriticalPointOptions = {}): CriticalPointSearch {
  const owner = "findCriticalPoint";
  checkKnownOptions(owner, options, ["hessian", "step", "tolerance", "maxSteps", "patience"]);
  const theta = checkPoint(owner, "start", start);
  const n = theta.length;
  const m = normalizeModel(owner, model, n);
  const tolerance = checkNumber("tolerance", "gradient-norm tolerance", options.tolerance ?? 1e-8, { min: 0, minOpen: true });
  const maxSteps = checkNumber("maxSteps", "number of steps", options.maxSteps ?? 200, { min: 0, integer: true });
  const patience = checkNumber("patience", "patience", options.patience ?? 50, { min: 1, integer: true });
  const step = checkNumber("step", "difference step", options.step ?? DEFAULT_DIFFERENCE_STEP, { min: 0, minOpen: true, max: 1, maxOpen: true });
  const choice = options.hessian ?? (m.hessian ? "model" : "differences");
  const exact = m.hessian;
  let hessianAt: (p: Float64Array) => Float64Array;
  if (choice === "model") {
    if (!exact) throw new TypeError(`${owner}: hessian "model" asked for, but the model has no hessian; use "differences"`);
    hessianAt = (p) => symmetrize(exact(p, new Float64Array(n * n)), n);
  } else if (choice === "differences") {
    hessianAt = (p) => symmetrize(hessianByDifferences(m.gradient, p, step).hessian, n);
  } else if (typeof choice === "function") {
    hessianAt = (p) => symmetrize(choice(p, new Float64Array(n * n)), n);
  } else {
    throw new TypeError(`${owner}: Invalid hessian: ${String(choice)} (hessian must be "model", "differences" or a function)`);
  }

  const norm = (v: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < v.length; i++) s += v[i] * v[i];
    return Math.sqrt(s);
  };
  const g = m.gradient(theta, new Float64Array(n)).slice();
  let gNorm = norm(g);
  let L = m.loss(theta);
  if (!Number.isFinite(L) || !Number.isFinite(gNorm)) throw new RangeError(`${owner}: the loss or the gradient is not finite at start`);
  const losses = [L];
  const norms = [gNorm];
  const trial = new Float64Array(n);
  const gTrial = new Float64Array(n);
  let lambda = NaN;
  let reason: CriticalPointSearch["reason"] = "max steps";
  let steps = 0;
  outer: while (gNorm > tolerance) {
    if (steps >= maxSteps) break;
    if (steps >= patience && gNorm > 0.5 * norms[steps - patience]) {
      reason = "stalled";
      break;
    }
    const H = hessianAt(theta);
    const H2 = new Float64Array(n * n);
    const rhs = new Float64Array(n);
    let trace = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += H[i * n + k] * H[k * n + j];
        H2[i * n + j] = s;
        rhs[i] -= H[i * n + j] * g[j];
      }
      trace += H2[i * n + i];
    }
    const scale = trace / n || 1;
    if (Number.isNaN(lambda)) lambda = 1e-3 * scale;
    for (;;) {
      for (let i = 0; i < n; i++) H2[i * n + i] += lambda;
      const delta = choleskySolve(H2, rhs, n);
      for (let i = 0; i < n; i++) H2[i * n + i] -= lambda;
      if (delta) {
        for (let i = 0; i < n; i++) trial[i] = theta[i] + delta[i];
        m.gradient(trial, gTrial);
        const trialNorm = norm(gTrial);
        if (trialNorm < gNorm) {
          theta.set(trial);
          g.set(gTrial);
          gNorm = trialNorm;
          L = m.loss(theta);
          losses.push(L);
          norms.push(gNorm);
          steps++;
          lambda = Math.max(lambda / 3, 1e-15 * scale);
          continue outer;
        }
      }
      lambda *= 4;
      // So damped that the step is below round-off of θ: ‖g‖ cannot go down from here.
      if (lambda > 1e16 * scale) {
        reason = "stalled";
        break outer;
      }
    }
  }
  if (gNorm <= tolerance) reason = "tolerance";
  return {
    theta, loss: L, gradNorm: gNorm, reached: gNorm <= tolerance, tolerance, steps,
    losses: Float64Array.from(losses), gradNorms: Float64Array.from(norms),
    distance: norm(theta.map((v, i) => v - start[i])), reason,
  };
}
