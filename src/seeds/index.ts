/** Several seeded runs summarised: quantiles, a median with a band, and its figure. */
export * from "./band";
// The band figure lives with the other figures; re-exported here where it used to be.
export { bandPlot, bandLegend, type BandGroup, type BandPlotOptions } from "../plot/bandPlot";
