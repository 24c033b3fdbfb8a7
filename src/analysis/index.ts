export type { AnalysisModel, FunctionModel, HessianFunction, HessianModel } from "./model";
export { hessianByDifferences, DEFAULT_DIFFERENCE_STEP, type DifferenceHessian } from "./differences";
export * from "./eigen";
export * from "./point";
export * from "./critical";
export * from "./relu";
export * from "./stability";
