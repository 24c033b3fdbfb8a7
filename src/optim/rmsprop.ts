import { checkKnownOptions, checkNumber } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import { heavyBall } from "./momentum";
import type { Part } from "./part";
import { rmsScale } from "./scale";

export interface RmspropOptions {
  /** η or a schedule ηᵗ. Default 1e-2. */
  readonly lr?: LearningRate;
  /** α, weight of the past in the average of g². Default 0.99. */
  readonly alpha?: number;
  /** Added to σ. Default 1e-8. */
  readonly eps?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Momentum on g/σ. Default 0. */
  readonly momentum?: number;
  /** σ from the variance instead of the second moment. Default false. */
  readonly centered?: boolean;
}

/**
 * torch.optim.RMSprop: vᵗ = α·vᵗ⁻¹ + (1−α)(gᵗ)² from v = 0, σ = √v + ε; momentum, if any,
 * accumulates g/σ (scale first, then momentum). Differs from the lecture's RMSProp, whose
 * σ⁰ = |g⁰|: see {@link lectureRmsprop}.
 */
export function rmsprop(options: RmspropOptions = {}): Optimizer {
  checkKnownOptions("rmsprop", options, ["lr", "alpha", "eps", "weightDecay", "momentum", "centered"]);
  const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false } = options;
  checkNumber("momentum", "momentum value", momentum, { min: 0 });
  const parts: Part[] = [rmsScale({ alpha, eps, centered, start: "zero" })];
  if (momentum > 0) parts.push(heavyBall({ momentum }));
  return chain({ name: "RMSprop", lr: toSchedule(lr), weightDecay, parts });
}
