import { checkKnownOptions, checkNumber } from "../check/options";
import type { Mlp } from "../nn/mlp";
import { activationPattern, frozenMlp, kinkMargin, patternChanges } from "../nn/pattern";
import { findCriticalPoint, type CriticalPointSearch } from "./critical";
import { checkPoint } from "./model";

export interface MlpCriticalPointOptions {
  /** Stop once ‖g‖ ≤ tolerance (default 1e-8). */
  readonly tolerance?: number;
  /** Levenberg–Marquardt steps per region (default 100). */
  readonly maxSteps?: number;
  /** Regions to try before giving up (default 20). */
  readonly maxRounds?: number;
  /** Per region: give up when ‖g‖ has not halved over this many steps (default 50). */
  readonly patience?: number;
}

/** As `CriticalPointSearch`, but `losses` and `gradNorms` hold one entry per region (round), and `theta` is the best point seen. */
export interface MlpCriticalPointSearch extends CriticalPointSearch {
  /** How many activation patterns (regions) were tried. */
  readonly rounds: number;
  /** min |wⱼxₙ + bⱼ| at the end: > 0 means the point is inside a region, where L is smooth. */
  readonly kinkMargin: number;
}

/**
 * `findCriticalPoint` for the ReLU network. Minimising ½‖∇L‖² directly tends to stall on a
 * kink, where ∇L jumps. So: freeze the activation pattern at the current θ, find the
 * critical point of that smooth region polynomial, then look at the pattern there. If it is
 * the same, the point is a true critical point of the ReLU network (its loss, gradient and
 * Hessian equal the frozen ones there); if not, freeze the new pattern and go on.
 * `reached` is judged on the real network's ‖∇L‖, not the frozen one's.
 */
export function mlpCriticalPoint(net: Mlp, start: ArrayLike<number>, options: MlpCriticalPointOptions = {}): MlpCriticalPointSearch {
  const owner = "mlpCriticalPoint";
  checkKnownOptions(owner, options, ["tolerance", "maxSteps", "maxRounds", "patience"]);
  const tolerance = checkNumber("tolerance", "gradient-norm tolerance", options.tolerance ?? 1e-8, { min: 0, minOpen: true });
  const maxSteps = checkNumber("maxSteps", "number of steps", options.maxSteps ?? 100, { min: 0, integer: true });
  const maxRounds = checkNumber("maxRounds", "number of rounds", options.maxRounds ?? 20, { min: 1, integer: true });
  const patience = checkNumber("patience", "patience", options.patience ?? 50, { min: 1, integer: true });
  const theta0 = checkPoint(owner, "start", start);
  if (theta0.length !== net.dimension) throw new RangeError(`${owner}: start has length ${theta0.length} but the network has ${net.dimension} parameters`);

  const g = new Float64Array(net.dimension);
  const trueNorm = (p: ArrayLike<number>) => Math.hypot(...net.gradient(p, g));
  const losses = [net.loss(theta0)];
  const norms = [trueNorm(theta0)];
  let theta = theta0;
  let best = theta0;
  let bestNorm = norms[0];
  let steps = 0;
  let rounds = 0;
  let reason: CriticalPointSearch["reason"] = "max steps";
  while (rounds < maxRounds && bestNorm > tolerance) {
    rounds++;
    const pattern = activationPattern(net, theta);
    const search = findCriticalPoint(frozenMlp(net, pattern), theta, { tolerance: tolerance / 2, maxSteps, patience });
    steps += search.steps;
    theta = search.theta;
    losses.push(net.loss(theta));
    norms.push(trueNorm(theta));
    if (norms[norms.length - 1] < bestNorm) {
      best = theta;
      bestNorm = norms[norms.length - 1];
    }
    if (patternChanges(pattern, activationPattern(net, theta)) === 0) {
      reason = search.reason;
      break;
    }
  }
  // A failed search ends wherever its last region sent it: return the best point seen.
  theta = best;
  const gradNorm = bestNorm;
  if (gradNorm <= tolerance) reason = "tolerance";
  let distance = 0;
  for (let i = 0; i < theta.length; i++) distance += (theta[i] - theta0[i]) ** 2;
  return {
    theta, loss: net.loss(theta), gradNorm, reached: gradNorm <= tolerance, tolerance, steps,
    losses: Float64Array.from(losses), gradNorms: Float64Array.from(norms), distance: Math.sqrt(distance), reason,
    rounds, kinkMargin: kinkMargin(net, theta),
  };
}
