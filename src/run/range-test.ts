import { checkKnownOptions, checkNumber, requireOptions } from "../check/options";
import type { Optimizer } from "../optim/chain";
import type { LearningRate } from "../schedules/schedule";
import type { Differentiable } from "../surfaces/surface";
import { run } from "./run";

export interface LrRangeTestOptions {
  readonly surface: Differentiable;
  /** Makes the optimizer to test from a learning rate (a schedule the test supplies). */
  readonly optimizer: (lr: LearningRate) => Optimizer;
  readonly start?: ArrayLike<number>;
  /** η of the first update. Default 1e-6. */
  readonly minLr?: number;
  /** η of the last update. Default 10. */
  readonly maxLr?: number;
  /** Updates, η growing geometrically from minLr to maxLr. Default 100. */
  readonly updates?: number;
  /** Stop once the loss exceeds this many times the best so far. Default 4. */
  readonly divergeFactor?: number;
}

export interface LrRangeTestResult {
  /** ηᵗ of each update done. */
  readonly lrs: Float64Array;
  /** The loss after each update done. */
  readonly losses: Float64Array;
  /** The η where the loss fell fastest per decade of η (a common first choice; check the plot). */
  readonly steepest: number;
  /** Why the test stopped: "end", "loss grew" or "diverged". */
  readonly stopped: "end" | "loss grew" | "diverged";
}

/**
 * The learning-rate range test (Smith, 2017, "Cyclical Learning Rates", §3.3): one run whose
 * η grows geometrically each update; the loss against η shows where η is too small (flat),
 * useful (falling) and too large (rising). Like any single run, it depends on the start.
 */
export function lrRangeTest(options: LrRangeTestOptions): LrRangeTestResult {
  requireOptions("lrRangeTest", options, ["surface", "optimizer"], ["surface", "optimizer", "start", "minLr", "maxLr", "updates", "divergeFactor"]);
  checkKnownOptions("lrRangeTest", options, ["surface", "optimizer", "start", "minLr", "maxLr", "updates", "divergeFactor"]);
  const minLr = checkNumber("minLr", "min_lr", options.minLr ?? 1e-6, { min: 0, minOpen: true });
  const maxLr = checkNumber("maxLr", "max_lr", options.maxLr ?? 10, { min: minLr, minOpen: true });
  const updates = checkNumber("updates", "number of updates", options.updates ?? 100, { min: 2, integer: true });
  const factor = checkNumber("divergeFactor", "diverge factor", options.divergeFactor ?? 4, { min: 1, minOpen: true });
  if (typeof options.optimizer !== "function") throw new TypeError("lrRangeTest: optimizer must be a function from a learning rate to an optimizer, e.g. (lr) => adam({ lr })");
  const growth = Math.log(maxLr / minLr) / (updates - 1);
  const trajectory = run({ surface: options.surface, optimizer: options.optimizer((t) => minLr * Math.exp(growth * t)), start: options.start, updates });
  // The loss after update t is loss[t + 1]; stop at the first that exceeds factor × the best before it.
  let best = trajectory.loss[0];
  let done = trajectory.updates;
  let stopped: LrRangeTestResult["stopped"] = trajectory.diverged ? "diverged" : "end";
  for (let t = 0; t < trajectory.updates; t++) {
    const loss = trajectory.loss[t + 1];
    if (loss > factor * best) {
      done = t + 1;
      stopped = "loss grew";
      break;
    }
    best = Math.min(best, loss);
  }
  const lrs = trajectory.lr.slice(0, done);
  const losses = trajectory.loss.slice(1, done + 1);
  let steepest = lrs[0];
  let slope = Infinity;
  for (let t = 1; t < done; t++) {
    const s = (losses[t] - losses[t - 1]) / Math.log10(lrs[t] / lrs[t - 1]);
    if (s < slope) {
      slope = s;
      steepest = lrs[t];
    }
  }
  return { lrs, losses, steepest, stopped };
}
