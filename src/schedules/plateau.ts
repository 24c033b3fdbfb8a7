import { checkNumber, requireOptions } from "../check/options";
import type { Schedule } from "./schedule";

/**
 * A schedule that also watches the loss: `observe(loss)` after each update (the run loop
 * calls it), and ηᵗ follows what it saw. Unlike the other schedules it is not a pure
 * function of t: make a new one for each run.
 */
export interface ObservingSchedule extends Schedule {
  /** The loss after the last update. */
  observe(loss: number): void;
}

export interface ReduceOnPlateauOptions {
  readonly lr: number;
  /** "min" (default): a lower loss is better; "max": higher is better. */
  readonly mode?: "min" | "max";
  /** η ← max(η·factor, minLr) on a plateau. Default 0.1. */
  readonly factor?: number;
  /** Updates without improvement tolerated before reducing. Default 10. */
  readonly patience?: number;
  /** What counts as an improvement. Default 1e-4. */
  readonly threshold?: number;
  /** "rel" (default): better than best·(1 ∓ threshold); "abs": better than best ∓ threshold. */
  readonly thresholdMode?: "rel" | "abs";
  /** Updates to wait after a reduction before counting again. Default 0. */
  readonly cooldown?: number;
  /** Default 0. */
  readonly minLr?: number;
  /** Reductions smaller than this are skipped. Default 1e-8. */
  readonly eps?: number;
}

/** torch's ReduceLROnPlateau: divide η when the loss stops improving. */
export function reduceOnPlateau(options: ReduceOnPlateauOptions): ObservingSchedule {
  requireOptions("reduceOnPlateau", options, ["lr"], ["lr", "mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps"]);
  let lr = checkNumber("lr", "learning rate", options.lr, { min: 0 });
  const mode = options.mode ?? "min";
  if (mode !== "min" && mode !== "max") throw new RangeError(`Invalid mode: ${JSON.stringify(mode)} (mode must be "min" or "max")`);
  const factor = checkNumber("factor", "factor", options.factor ?? 0.1, { min: 0, max: 1, maxOpen: true });
  const patience = checkNumber("patience", "patience", options.patience ?? 10, { min: 0, integer: true });
  const threshold = checkNumber("threshold", "threshold", options.threshold ?? 1e-4, { min: 0 });
  const thresholdMode = options.thresholdMode ?? "rel";
  if (thresholdMode !== "rel" && thresholdMode !== "abs") throw new RangeError(`Invalid thresholdMode: ${JSON.stringify(thresholdMode)} (thresholdMode must be "rel" or "abs")`);
  const cooldown = checkNumber("cooldown", "cooldown", options.cooldown ?? 0, { min: 0, integer: true });
  const minLr = checkNumber("minLr", "min_lr", options.minLr ?? 0, { min: 0 });
  const eps = checkNumber("eps", "eps", options.eps ?? 1e-8, { min: 0 });
  const better = (a: number, best: number): boolean => {
    if (mode === "min") return thresholdMode === "rel" ? a < best * (1 - threshold) : a < best - threshold;
    return thresholdMode === "rel" ? a > best * (threshold + 1) : a > best + threshold;
  };
  let best = mode === "min" ? Infinity : -Infinity;
  let bad = 0;
  let coolingDown = 0;
  const observe = (loss: number): void => {
    if (typeof loss !== "number") throw new TypeError(`reduceOnPlateau: observe(loss) needs a number, got ${String(loss)}`);
    if (better(loss, best)) {
      best = loss;
      bad = 0;
    } else bad++;
    if (coolingDown > 0) {
      coolingDown--;
      bad = 0;
    }
    if (bad > patience) {
      const next = Math.max(lr * factor, minLr);
      if (lr - next > eps) lr = next;
      coolingDown = cooldown;
      bad = 0;
    }
  };
  return Object.assign(() => lr, { observe });
}
