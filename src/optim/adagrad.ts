import { checkKnownOptions, checkNumber } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import { rootSumSquare } from "./scale";
import type { ScalePart } from "./part";

export interface AdagradOptions {
  /** η or a schedule ηᵗ. Default 1e-2. */
  readonly lr?: LearningRate;
  /** ηᵗ = η/(1 + t·lrDecay). Default 0. */
  readonly lrDecay?: number;
  /** Default 0. */
  readonly weightDecay?: number;
  /** Starting value of Σg². Default 0. */
  readonly initialAccumulatorValue?: number;
  /** Added to σ. Default 1e-10. */
  readonly eps?: number;
}

/**
 * torch.optim.Adagrad: σᵢᵗ = √(Σₖ (gᵢᵏ)²) + ε, the root of the **sum**. That is the lecture's
 * root-mean-square Adagrad with the decay ηᵗ = η/√(t+1) folded in (see notebook 3).
 */
export function adagrad(options: AdagradOptions = {}): Optimizer<[ScalePart]> {
  checkKnownOptions("adagrad", options, ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps"]);
  const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10 } = options;
  const base = toSchedule(lr);
  checkNumber("lrDecay", "lr_decay value", lrDecay, { min: 0 });
  const schedule = lrDecay === 0 ? base : (t: number) => base(t) / (1 + t * lrDecay);
  return chain({ name: "Adagrad", lr: schedule, weightDecay, parts: [rootSumSquare({ initialAccumulatorValue, eps })] });
}
