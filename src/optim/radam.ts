import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { checkBetas } from "./adam";
import { chain, toSchedule, type Optimizer } from "./chain";
import { emaMomentum } from "./momentum";
import type { MomentumPart } from "./part";
import { rectifiedScale, type RectifiedScalePart } from "./scale";

export interface RadamOptions {
  /** η or a schedule ηᵗ. Default 1e-3. */
  readonly lr?: LearningRate;
  /** Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** Added to g. Default 0. */
  readonly weightDecay?: number;
}

/**
 * torch.optim.RAdam: Adam whose σ is switched on only once its variance is tractable
 * (ρₜ > 5) and then rectified by rₜ. Read `opt.parts[1].rho` and `.rectifier` to plot it.
 */
export function radam(options: RadamOptions = {}): Optimizer<[MomentumPart, RectifiedScalePart]> {
  checkKnownOptions("radam", options, ["lr", "betas", "eps", "weightDecay"]);
  const { lr = 1e-3, eps = 1e-8, weightDecay = 0 } = options;
  const [beta1, beta2] = checkBetas("radam", options.betas ?? [0.9, 0.999]);
  const parts: [MomentumPart, RectifiedScalePart] = [emaMomentum({ beta: beta1 }), rectifiedScale({ beta: beta2, eps })];
  return chain({ name: "RAdam", lr: toSchedule(lr), weightDecay, parts });
}
