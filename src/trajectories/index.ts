/** Measuring recorded runs: how far they still have to go, how they compare, how they spread over seeds. */
export * from "./along";
export * from "./band";
export * from "./gap";
export * from "./reach";
export * from "./remaining";
export * from "./replay";
export * from "./spikes";
