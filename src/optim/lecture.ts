import { checkKnownOptions } from "../check/options";
import type { LearningRate } from "../schedules/schedule";
import { chain, toSchedule, type Optimizer } from "./chain";
import type { ScalePart } from "./part";
import { rmsScale, rootMeanSquare } from "./scale";

/*
 * The lecture's own rules. They differ from torch on purpose, to make the ideas visible;
 * use the torch-named optimizers (adagrad, rmsprop) to get torch's numbers.
 */

export interface LectureAdagradOptions {
  /** η or a schedule ηᵗ. Default 1e-2. */
  readonly lr?: LearningRate;
}

/**
 * The lecture's Adagrad: θᵢᵗ⁺¹ = θᵢᵗ − (ηᵗ/σᵢᵗ)·gᵢᵗ with σᵢᵗ the root **mean** square of
 * gᵢ⁰ … gᵢᵗ and no ε, so the first step is exactly ±η whatever the gradient's size.
 * Differs from torch's Adagrad, which divides by the root of the **sum** (plus ε).
 */
export function lectureAdagrad(options: LectureAdagradOptions = {}): Optimizer<[ScalePart]> {
  checkKnownOptions("lectureAdagrad", options, ["lr"]);
  return chain({ name: "Adagrad (lecture)", lr: toSchedule(options.lr ?? 1e-2), parts: [rootMeanSquare()] });
}

export interface LectureRmspropOptions {
  /** η or a schedule ηᵗ. Default 1e-2. */
  readonly lr?: LearningRate;
  /** α, 0 ≤ α ≤ 1: weight of the past. Small α reacts fast. Default 0.9. */
  readonly alpha?: number;
}

/**
 * The lecture's RMSProp: σᵢ⁰ = |gᵢ⁰|, σᵢᵗ = √(α(σᵢᵗ⁻¹)² + (1−α)(gᵢᵗ)²), no ε.
 * Differs from torch's RMSprop, whose average starts at 0 (so early σ is too small) and adds ε.
 */
export function lectureRmsprop(options: LectureRmspropOptions = {}): Optimizer<[ScalePart]> {
  checkKnownOptions("lectureRmsprop", options, ["lr", "alpha"]);
  const alpha = options.alpha ?? 0.9;
  return chain({
    name: `RMSProp (lecture, α = ${alpha})`,
    lr: toSchedule(options.lr ?? 1e-2),
    parts: [rmsScale({ alpha, start: "first-gradient" })],
  });
}
