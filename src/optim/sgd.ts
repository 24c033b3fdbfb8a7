import { checkKnownOptions, checkNumber } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import { heavyBall } from "./momentum";
import type { Part } from "./part";

export interface SgdOptions {
  /** η or a schedule ηᵗ. Default 1e-3 (torch ≥ 2.2). */
  readonly lr?: LearningRate;
  /** μ, default 0 (plain gradient descent). */
  readonly momentum?: number;
  /** Default 0. */
  readonly dampening?: number;
  /** Default false; needs momentum > 0 and dampening = 0. */
  readonly nesterov?: boolean;
  /** L2 penalty added to g, default 0. */
  readonly weightDecay?: number;
}

/** torch.optim.SGD: θ ← θ − η·g, with optional momentum m (and Nesterov look-ahead). */
export function sgd(options: SgdOptions = {}): Optimizer {
  checkKnownOptions("sgd", options, ["lr", "momentum", "dampening", "nesterov", "weightDecay"]);
  const { lr = 1e-3, momentum = 0, dampening = 0, nesterov = false, weightDecay = 0 } = options;
  checkNumber("momentum", "momentum value", momentum, { min: 0 });
  if (nesterov && (momentum <= 0 || dampening !== 0)) {
    throw new RangeError(`Nesterov momentum requires a momentum and zero dampening (got momentum = ${momentum}, dampening = ${dampening})`);
  }
  checkNumber("dampening", "dampening value", dampening, { min: 0, max: 1 });
  // As torch: without momentum there is no buffer, so dampening has nothing to damp.
  const parts: Part[] = momentum > 0 ? [heavyBall({ momentum, dampening, nesterov })] : [];
  return chain({ name: "SGD", lr: toSchedule(lr), weightDecay, parts });
}
