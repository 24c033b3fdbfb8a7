import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { checkBetas } from "./adam";
import { chain, toSchedule, type Optimizer } from "./chain";
import { emaMomentum } from "./momentum";
import type { MomentumPart, ScalePart } from "./part";
import { infinityNormScale } from "./scale";

export interface AdamaxOptions {
  /** η or a schedule ηᵗ. Default 2e-3. */
  readonly lr?: LearningRate;
  /** (β₁, β₂). Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** L2 penalty added to g. Default 0. */
  readonly weightDecay?: number;
}

/** torch.optim.Adamax: Adam whose σ is the decayed largest |g| instead of the RMS of g. */
export function adamax(options: AdamaxOptions = {}): Optimizer<[MomentumPart, ScalePart]> {
  checkKnownOptions("adamax", options, ["lr", "betas", "eps", "weightDecay"]);
  const { lr = 2e-3, eps = 1e-8, weightDecay = 0 } = options;
  const [beta1, beta2] = checkBetas("adamax", options.betas ?? [0.9, 0.999]);
  return chain({ name: "Adamax", lr: toSchedule(lr), weightDecay, parts: [emaMomentum({ beta: beta1 }), infinityNormScale({ beta: beta2, eps })] });
}
