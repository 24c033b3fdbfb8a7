/**
 * Log axes labelled by decades. plotly labels a log axis at 1, 2 and 5 of every decade,
 * which crowds an axis spanning ten decades with "2" and "5" labels that read as values;
 * the lecture's quantities span many decades, and a decade is the unit a reader compares.
 */
import type { Figure } from "./figure";

/** At most this many labelled ticks: beyond it, every k-th decade. */
const MOST_TICKS = 6;

type Values = ArrayLike<unknown> | undefined;

/** Positive numbers plotted against the axis `ref` ("x", "y2", …). */
function positiveValues(figure: Figure, letter: "x" | "y", ref: string): number[] {
  const out: number[] = [];
  for (const trace of figure.data as unknown as Record<string, unknown>[]) {
    if (trace.type === "surface" || trace.type === "scatter3d") continue;
    if (((trace[`${letter}axis`] as string | undefined) ?? letter) !== ref) continue;
    const values = trace[letter] as Values;
    if (!values) continue;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === "number" && v > 0 && Number.isFinite(v)) out.push(v);
    }
  }
  return out;
}

/**
 * Ticks every log axis of `figure` (or only the named ones, e.g. "yaxis2") at whole decades,
 * every k-th decade when the data span more than six, and returns the figure. Axes whose
 * data span less than a decade, and axes given their own `dtick` or `tickvals`, keep
 * plotly's ticks. `show` applies it to every figure.
 */
export function byDecades<F extends Figure>(figure: F, ...axes: string[]): F {
  const layout = figure.layout as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(layout)) {
    const m = /^([xy])axis(\d*)$/.exec(key);
    if (!m || (axes.length > 0 && !axes.includes(key))) continue;
    const axis = value as { type?: string; dtick?: unknown; tickvals?: unknown } | undefined;
    if (axis?.type !== "log" || axis.dtick !== undefined || axis.tickvals !== undefined) continue;
    const values = positiveValues(figure, m[1] as "x" | "y", `${m[1]}${m[2]}`);
    if (values.length === 0) continue;
    let lo = Infinity, hi = -Infinity;
    for (const v of values) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
    // A difference of logarithms: hi / lo overflows to Infinity for spans past 308 decades
    // (a diverged run), and a tick every Infinity decades reads "NaNe+Infinity".
    const span = Math.log10(hi) - Math.log10(lo);
    if (span < 1) continue;
    axis.dtick = Math.max(1, Math.ceil(span / MOST_TICKS));
  }
  return figure;
}
