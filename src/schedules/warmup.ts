import { checkNumber, requireOptions } from "../check/options";
import { cosineAnnealing } from "./decay";
import { join } from "./join";
import type { Schedule } from "./schedule";

/*
 * Warmup: the learning rate first rises, then falls. A likely reason it helps: σ is a
 * statistic, inaccurate after few gradients, so early steps should be small.
 */

/**
 * Linear warmup to η over `warmupSteps` updates: ηᵗ = η·(f + (1 − f)·(t+1)/warmupSteps)
 * for t < warmupSteps (f = startFactor, default 0), then η. Counting from t+1 makes the
 * very first update move.
 */
export function linearWarmup(options: { readonly lr: number; readonly warmupSteps: number; readonly startFactor?: number }): Schedule {
  requireOptions("linearWarmup", options, ["lr", "warmupSteps"], ["lr", "warmupSteps", "startFactor"]);
  const lr = checkNumber("lr", "learning rate", options.lr, { min: 0 });
  const steps = checkNumber("warmupSteps", "warmupSteps value", options.warmupSteps, { min: 1, integer: true });
  const f = checkNumber("startFactor", "startFactor value", options.startFactor ?? 0, { min: 0, max: 1 });
  return (t) => (t < steps ? lr * (f + ((1 - f) * (t + 1)) / steps) : lr);
}

/**
 * The Transformer's rule (Vaswani et al., 2017):
 * lrate = scale · d_model^−0.5 · min(step^−0.5, step · warmup_steps^−1.5), step = t + 1.
 * It rises linearly for warmupSteps updates, peaks at step = warmupSteps, then decays as 1/√step.
 */
export function transformerSchedule(options: { readonly dModel: number; readonly warmupSteps: number; readonly scale?: number }): Schedule {
  requireOptions("transformerSchedule", options, ["dModel", "warmupSteps"], ["dModel", "warmupSteps", "scale"]);
  const dModel = checkNumber("dModel", "d_model value", options.dModel, { min: 1, integer: true });
  const warmup = checkNumber("warmupSteps", "warmup_steps value", options.warmupSteps, { min: 1, integer: true });
  const scale = checkNumber("scale", "scale value", options.scale ?? 1, { min: 0, minOpen: true });
  const a = scale * dModel ** -0.5;
  const b = warmup ** -1.5;
  return (t) => {
    const step = t + 1;
    return a * Math.min(step ** -0.5, step * b);
  };
}

/** Linear warmup to η, then cosine annealing to minLr at totalSteps. */
export function warmupCosine(options: {
  readonly lr: number;
  readonly warmupSteps: number;
  readonly totalSteps: number;
  readonly minLr?: number;
}): Schedule {
  requireOptions("warmupCosine", options, ["lr", "warmupSteps", "totalSteps"], ["lr", "warmupSteps", "totalSteps", "minLr"]);
  const { lr, warmupSteps, totalSteps, minLr = 0 } = options;
  // warmupSteps first: a bad one must be blamed, not the totalSteps measured against it.
  checkNumber("warmupSteps", "warmupSteps value", warmupSteps, { min: 1, integer: true });
  checkNumber("totalSteps", "totalSteps value", totalSteps, { min: warmupSteps + 1, integer: true });
  return join([linearWarmup({ lr, warmupSteps }), cosineAnnealing({ lr, totalSteps: totalSteps - warmupSteps, minLr })], [warmupSteps]);
}
