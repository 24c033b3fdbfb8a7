export * from "./trajectory";
export * from "./run";
export * from "./range-test";
