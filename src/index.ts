/**
 * adaptive-lr: the lecture's optimizers as parts, θᵗ⁺¹ = θᵗ − (ηᵗ/σᵗ)·mᵗ.
 *
 * The core a notebook needs: optimizers, their parts and `chain`, schedules, surfaces,
 * `run`, and checking and showing results. The rest has its own entry point:
 * `adaptive-lr/plot` (figures and tables), `adaptive-lr/analysis` (critical points,
 * curvature, measuring and comparing runs), `adaptive-lr/nn` (the small network and
 * gradient clipping). Nothing here is an internal: `test/exports.test.ts` pins the list.
 */

export const version = "0.1.0";

// Optimizers: torch.optim's, the lecture's own, and how to make more.
export { sgd, type SgdOptions } from "./optim/sgd";
export { adagrad, type AdagradOptions } from "./optim/adagrad";
export { rmsprop, type RmspropOptions } from "./optim/rmsprop";
export { adam, adamw, type AdamOptions } from "./optim/adam";
export { radam, type RadamOptions } from "./optim/radam";
export { nadam, type NadamOptions } from "./optim/nadam";
export { adamax, type AdamaxOptions } from "./optim/adamax";
export { adadelta, type AdadeltaOptions } from "./optim/adadelta";
export { lion, type LionOptions } from "./optim/lion";
export { adabelief, lamb, type AdaBeliefOptions, type LambOptions } from "./optim/adabelief";
export { lectureAdagrad, lectureRmsprop, type LectureAdagradOptions, type LectureRmspropOptions } from "./optim/lecture";
export { chain, type ChainOptions, type Optimizer, type OptimizerState, type SavedNumber, type WeightDecay } from "./optim/chain";
export { paramGroups, type ParamGroup, type GroupedOptimizer } from "./optim/groups";

// Parts: momentum mᵗ and scale σᵗ.
export type { Part, MomentumPart, ScalePart } from "./optim/part";
export type { CoordinateRule, RuleState } from "./optim/rule";
export {
  heavyBall,
  emaMomentum,
  nesterovEma,
  lionMomentum,
  type HeavyBallOptions,
  type EmaMomentumOptions,
  type NesterovEmaOptions,
  type NesterovEmaPart,
  type LionMomentumOptions,
} from "./optim/momentum";
export {
  rootMeanSquare,
  rootSumSquare,
  rmsScale,
  adamScale,
  rectifiedScale,
  infinityNormScale,
  adadeltaScale,
  beliefScale,
  trustRatio,
  type RootMeanSquareOptions,
  type RootSumSquareOptions,
  type RmsScaleOptions,
  type AdamScaleOptions,
  type RectifiedScalePart,
  type InfinityNormScaleOptions,
  type AdadeltaScaleOptions,
  type BeliefScaleOptions,
  type TrustRatioOptions,
} from "./optim/scale";

// Schedules: ηᵗ as a function of the update count t.
export type { Schedule, LearningRate } from "./schedules/schedule";
export { constant, stepDecay, exponentialDecay, inverseSqrtDecay, cosineAnnealing } from "./schedules/decay";
export { linearWarmup, transformerSchedule, warmupCosine } from "./schedules/warmup";
export { join, piecewiseConstant, resnetCifar110 } from "./schedules/join";
export { linearLr, polynomialDecay, cosineWarmRestarts, oneCycle, type OneCycleOptions } from "./schedules/torch-shapes";
export { reduceOnPlateau, type ObservingSchedule, type ReduceOnPlateauOptions } from "./schedules/plateau";

// Error surfaces.
export type { Point, Differentiable, Surface, SurfaceTex } from "./surfaces/surface";
export { surface, type SurfaceOptions } from "./surfaces/formula";
export { convexValley, crescent, rosenbrock, saddle, POKEMON_CP } from "./surfaces/presets";

// Running.
export { run, type RunOptions } from "./run/run";
export type { Divergence, Path, Trajectory } from "./run/trajectory";

// Checking and showing what a notebook says.
export { claim, type Figures, type ClaimRecord } from "./check/claim";
export { fmt } from "./check/format";
export { seededRandom, type Random } from "./check/random";
export { derivation, type Relation, type DerivationOptions, type CheckedStep, type CheckedDerivation } from "./derivation/derivation";
export { show, loadPlotly } from "./plot/show";
