import { checkNumber, requireOptions } from "../check/options";
import { fixedRate, type Schedule } from "./schedule";

/*
 * Learning-rate decay: ηᵗ shrinks as updates go on, because we are closer to the end
 * and should brake. Every schedule is a pure function of the 0-based update count t.
 */

const lrRange = { min: 0 } as const;

/** ηᵗ = η. */
export function constant(lr: number): Schedule {
  checkNumber("lr", "learning rate", lr, lrRange);
  return fixedRate(lr);
}

/** torch's StepLR: ηᵗ = η·γ^⌊t/stepSize⌋. */
export function stepDecay(options: { readonly lr: number; readonly stepSize: number; readonly gamma?: number }): Schedule {
  requireOptions("stepDecay", options, ["lr", "stepSize"], ["lr", "stepSize", "gamma"]);
  const lr = checkNumber("lr", "learning rate", options.lr, lrRange);
  const stepSize = checkNumber("stepSize", "step_size value", options.stepSize, { min: 1, integer: true });
  const gamma = checkNumber("gamma", "gamma value", options.gamma ?? 0.1, { min: 0, max: 1, minOpen: true });
  return (t) => lr * gamma ** Math.floor(t / stepSize);
}

/** torch's ExponentialLR: ηᵗ = η·γᵗ. */
export function exponentialDecay(options: { readonly lr: number; readonly gamma: number }): Schedule {
  requireOptions("exponentialDecay", options, ["lr", "gamma"], ["lr", "gamma"]);
  const lr = checkNumber("lr", "learning rate", options.lr, lrRange);
  const gamma = checkNumber("gamma", "gamma value", options.gamma, { min: 0, max: 1, minOpen: true });
  return (t) => lr * gamma ** t;
}

/** The lecture's decay: ηᵗ = η/√(t+1). */
export function inverseSqrtDecay(lr: number): Schedule {
  checkNumber("lr", "learning rate", lr, lrRange);
  return (t) => lr / Math.sqrt(t + 1);
}

/**
 * Cosine annealing (torch's CosineAnnealingLR for one half-period):
 * ηᵗ = ηmin + (η − ηmin)(1 + cos(π·t/T))/2 for t ≤ T, then ηmin.
 */
export function cosineAnnealing(options: { readonly lr: number; readonly totalSteps: number; readonly minLr?: number }): Schedule {
  requireOptions("cosineAnnealing", options, ["lr", "totalSteps"], ["lr", "totalSteps", "minLr"]);
  const lr = checkNumber("lr", "learning rate", options.lr, lrRange);
  const total = checkNumber("totalSteps", "totalSteps value", options.totalSteps, { min: 1, integer: true });
  const minLr = checkNumber("minLr", "minLr value", options.minLr ?? 0, { min: 0, max: lr });
  return (t) => (t >= total ? minLr : minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * t) / total))) / 2);
}
