export * from "./trajectory";
export * from "./run";
