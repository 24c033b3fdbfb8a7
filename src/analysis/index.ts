/**
 * `adaptive-lr/analysis`: what a surface is like at a point (gradient, Hessian, eigenvalues,
 * the kind of critical point, stable learning rates), Newton's method, and measuring and
 * comparing recorded runs; Smith's learning-rate range test; power laws met symbolically.
 */
export type { AnalysisModel, FunctionModel, HessianFunction, HessianModel } from "./model";
export { hessianByDifferences, DEFAULT_DIFFERENCE_STEP, type DifferenceHessian } from "./differences";
export * from "./eigen";
export * from "./point";
export * from "./critical";
export * from "./relu";
export * from "./stability";
export * from "./newton";
export * from "../trajectories/index";
export * from "../run/range-test";
export * from "../derivation/powerLaws";
export { Derivation, DerivationError } from "../derivation/derivation";
export { parseDomain, type Domain } from "../derivation/domain";
