export * from "./schedule";
export * from "./decay";
export * from "./warmup";
export * from "./join";
