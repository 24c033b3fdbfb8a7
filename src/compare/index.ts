/** Comparing optimizers: gaps between runs, updates to a threshold, hand-made gradient sequences, reference minima, line charts. */
export * from "./gap";
export * from "./reach";
export * from "./replay";
export * from "./newton";
// The line chart lives with the other figures; re-exported here where it used to be.
export { linesPlot, type LineSeries, type LinesOptions } from "../plot/lines";
