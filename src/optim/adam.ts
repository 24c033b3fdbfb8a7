import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import { emaMomentum } from "./momentum";
import type { MomentumPart, ScalePart } from "./part";
import { adamScale } from "./scale";

export interface AdamOptions {
  /** η or a schedule ηᵗ. Default 1e-3. */
  readonly lr?: LearningRate;
  /** (β₁, β₂): weights of the past in m and in the average of g². Default [0.9, 0.999]. */
  readonly betas?: readonly [number, number];
  /** Added to σ. Default 1e-8. */
  readonly eps?: number;
  /** Default 0 for adam (added to g), 1e-2 for adamw (decoupled). */
  readonly weightDecay?: number;
  /** Default false. */
  readonly amsgrad?: boolean;
}

const ADAM_OPTIONS = ["lr", "betas", "eps", "weightDecay", "amsgrad"] as const;

export function checkBetas(owner: string, betas: unknown): readonly [number, number] {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new RangeError(`Invalid betas: ${JSON.stringify(betas)} (${owner}: betas must be a pair [β₁, β₂] with 0 ≤ β < 1)`);
  }
  return betas as unknown as readonly [number, number];
}

function adamLike(name: string, options: AdamOptions, decoupled: boolean, weightDecayDefault: number): Optimizer<[MomentumPart, ScalePart]> {
  checkKnownOptions(name.toLowerCase(), options, ADAM_OPTIONS);
  const { lr = 1e-3, eps = 1e-8, weightDecay = weightDecayDefault, amsgrad = false } = options;
  const [beta1, beta2] = checkBetas(name.toLowerCase(), options.betas ?? [0.9, 0.999]);
  const parts: [MomentumPart, ScalePart] = [emaMomentum({ beta: beta1 }), adamScale({ beta: beta2, eps, amsgrad })];
  return chain({ name, lr: toSchedule(lr), weightDecay, decoupled, parts });
}

/** torch.optim.Adam = RMSProp + momentum: θ ← θ − ηᵗ · m̂ᵗ/σᵗ, both moving averages bias-corrected. */
export function adam(options: AdamOptions = {}): Optimizer<[MomentumPart, ScalePart]> {
  return adamLike("Adam", options, false, 0);
}

/** torch.optim.AdamW: Adam whose weight decay shrinks θ directly, θ ← (1 − η·λ)θ, instead of adding λθ to g. */
export function adamw(options: AdamOptions = {}): Optimizer<[MomentumPart, ScalePart]> {
  return adamLike("AdamW", options, true, 1e-2);
}
