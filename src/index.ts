/**
 * adaptive-lr: the lecture's optimizers as parts, θᵗ⁺¹ = θᵗ − (ηᵗ/σᵗ)·mᵗ.
 */
export const version = "0.1.0";
export * from "./optim/index";
export * from "./schedules/index";
export * from "./surfaces/index";
export * from "./run/index";
export * from "./check/index";
export * from "./nn/index";
export * from "./analysis/spikes";
export * from "./plot/index";
export * from "./measure/remaining";
export * from "./report/table";
export * from "./compare/index";
export * from "./analysis/index";
export * from "./seeds/index";
export * from "./symbolic/index";
export * from "./run/along";
export * from "./derivation/index";
export * from "./explore/index";
