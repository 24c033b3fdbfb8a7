import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import type { ScalePart } from "./part";
import { adadeltaScale } from "./scale";

export interface AdadeltaOptions {
  /** η or a schedule ηᵗ. Default 1 (the step already has the units of θ). */
  readonly lr?: LearningRate;
  /** ρ: weight of the past in the moving averages of g² and of Δθ². Default 0.9. */
  readonly rho?: number;
  /** Default 1e-6. */
  readonly eps?: number;
  /** L2 penalty added to g. Default 0. */
  readonly weightDecay?: number;
}

/** torch.optim.Adadelta: σ = RMS of past g / RMS of past steps, so η needs no tuning. */
export function adadelta(options: AdadeltaOptions = {}): Optimizer<[ScalePart]> {
  checkKnownOptions("adadelta", options, ["lr", "rho", "eps", "weightDecay"]);
  const { lr = 1, rho = 0.9, eps = 1e-6, weightDecay = 0 } = options;
  return chain({ name: "Adadelta", lr: toSchedule(lr), weightDecay, parts: [adadeltaScale({ rho, eps })] });
}
