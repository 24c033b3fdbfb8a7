/**
 * The plotly.js trace types the figure builders emit: exactly what the custom plotly.js
 * bundle registers (scripts/plotly/bundle.js), so a figure never meets a missing type.
 */
import type { Trace } from "./figure";

export const TRACE_TYPES = ["scatter", "contour", "surface", "scatter3d", "bar"] as const satisfies readonly Trace["type"][];

export type TraceType = (typeof TRACE_TYPES)[number];

// A trace type added to `Trace` but not to TRACE_TYPES fails the build here.
type Unbundled = Exclude<Trace["type"], TraceType>;
const everyTypeBundled: [Unbundled] extends [never] ? true : Unbundled = true;
void everyTypeBundled;
