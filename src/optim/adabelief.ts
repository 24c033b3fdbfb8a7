import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { checkBetas } from "./adam";
import { chain, toSchedule, type Optimizer } from "./chain";
import { emaMomentum } from "./momentum";
import type { MomentumPart, ScalePart } from "./part";
import { adamScale, beliefScale, trustRatio } from "./scale";

export interface AdaBeliefOptions {
  /** η or a schedule ηᵗ. Default 1e-3. */
  readonly lr?: LearningRate;
  /** (β₁, β₂). Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Default 1e-16 (added inside and outside the root, as the paper's). */
  readonly eps?: number;
  /** Decoupled, as AdamW's. Default 0. */
  readonly weightDecay?: number;
}

/** AdaBelief: Adam with σ from the spread of g around its trend m (Zhuang et al., 2020). */
export function adabelief(options: AdaBeliefOptions = {}): Optimizer<[MomentumPart, ScalePart]> {
  checkKnownOptions("adabelief", options, ["lr", "betas", "eps", "weightDecay"]);
  const { lr = 1e-3, eps = 1e-16, weightDecay = 0 } = options;
  const [beta1, beta2] = checkBetas("adabelief", options.betas ?? [0.9, 0.999]);
  return chain({ name: "AdaBelief", lr: toSchedule(lr), weightDecay, decoupled: true, parts: [emaMomentum({ beta: beta1 }), beliefScale({ beta1, beta2, eps })] });
}

export interface LambOptions {
  readonly lr?: LearningRate;
  readonly betas?: readonly [number, number];
  readonly eps?: number;
  /** λ, added to the direction inside the trust ratio, as LAMB's. Default 0. */
  readonly weightDecay?: number;
}

/** LAMB (You et al., 2019), for one layer: Adam's direction scaled by the trust ratio ‖θ‖/‖m̂/σ‖. */
export function lamb(options: LambOptions = {}): Optimizer<[MomentumPart, ScalePart, ScalePart]> {
  checkKnownOptions("lamb", options, ["lr", "betas", "eps", "weightDecay"]);
  const { lr = 1e-3, eps = 1e-6, weightDecay = 0 } = options;
  const [beta1, beta2] = checkBetas("lamb", options.betas ?? [0.9, 0.999]);
  return chain({ name: "LAMB", lr: toSchedule(lr), parts: [emaMomentum({ beta: beta1 }), adamScale({ beta: beta2, eps }), trustRatio({ weightDecay })] });
}
