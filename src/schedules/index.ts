export * from "./schedule";
export * from "./decay";
export * from "./warmup";
export * from "./join";
export * from "./torch-shapes";
export * from "./plateau";
