/** The line of one series, in the module's look: what the series, lines and band figures draw. */
import type { Datum, ScatterTrace } from "./figure";
import { plotlyText } from "./text";

/** A named line through (x, y); `extra` adds or overrides attributes (dash, legend group, hover). */
export function lineTrace(name: string, x: Datum[], y: Datum[], color: string, extra: Partial<ScatterTrace> = {}): ScatterTrace {
  return { type: "scatter", mode: "lines", name: plotlyText(name), x, y, line: { color, width: 1.8 }, ...extra };
}
