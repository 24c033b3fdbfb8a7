import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { checkBetas } from "./adam";
import { chain, toSchedule, type Optimizer } from "./chain";
import { lionMomentum } from "./momentum";
import type { MomentumPart } from "./part";

export interface LionOptions {
  /** η or a schedule ηᵗ. Default 1e-4 (every step is ±η per coordinate, so η is small). */
  readonly lr?: LearningRate;
  /** (β₁, β₂). Default [0.9, 0.99]. */
  readonly betas?: readonly [number, number];
  /** Decoupled, as AdamW's. Default 0. */
  readonly weightDecay?: number;
}

/** Lion: momentum without a σ, each step the sign of a mix of m and g (Chen et al., 2023). */
export function lion(options: LionOptions = {}): Optimizer<[MomentumPart]> {
  checkKnownOptions("lion", options, ["lr", "betas", "weightDecay"]);
  const { lr = 1e-4, weightDecay = 0 } = options;
  const [beta1, beta2] = checkBetas("lion", options.betas ?? [0.9, 0.99]);
  return chain({ name: "Lion", lr: toSchedule(lr), weightDecay, decoupled: true, parts: [lionMomentum({ beta1, beta2 })] });
}
