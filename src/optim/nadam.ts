import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { checkBetas } from "./adam";
import { chain, toSchedule, type Optimizer } from "./chain";
import { nesterovEma, type NesterovEmaPart } from "./momentum";
import type { ScalePart } from "./part";
import { adamScale } from "./scale";

export interface NadamOptions {
  /** η or a schedule ηᵗ. Default 2e-3. */
  readonly lr?: LearningRate;
  /** Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-8. */
  readonly eps?: number;
  /** Added to g. Default 0. */
  readonly weightDecay?: number;
  /** ψ of the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)). Default 4e-3. */
  readonly momentumDecay?: number;
}

/**
 * torch.optim.NAdam (2.x rule): Adam with a Nesterov look-ahead on m. σ is Adam's;
 * torch writes it √(v/(1−β₂ᵗ)) + ε, equal to Adam's up to rounding.
 */
export function nadam(options: NadamOptions = {}): Optimizer<[NesterovEmaPart, ScalePart]> {
  checkKnownOptions("nadam", options, ["lr", "betas", "eps", "weightDecay", "momentumDecay"]);
  const { lr = 2e-3, eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3 } = options;
  const [beta1, beta2] = checkBetas("nadam", options.betas ?? [0.9, 0.999]);
  const parts: [NesterovEmaPart, ScalePart] = [nesterovEma({ beta: beta1, momentumDecay }), adamScale({ beta: beta2, eps })];
  return chain({ name: "NAdam", lr: toSchedule(lr), weightDecay, parts });
}
