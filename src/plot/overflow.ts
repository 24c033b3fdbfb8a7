/**
 * A diverged run (η above 2/λmax on the valley) grows by hundreds of decades: drawn as it
 * is, it flattens every other line of its axis to zero and pushes plotly's axis arithmetic
 * past float64. So each y axis is clipped where values overflow what the runs started
 * from, and the figure says so: an annotation names each clipped line and how far it went.
 *
 * The bound of an axis is OVERFLOW_FACTOR times the largest |value| its lines start at
 * (every run of a figure starts at the same θ⁰, so at comparable values); a value beyond
 * it is drawn at the bound (its sign kept).
 */
import type { Annotation, Figure } from "./figure";

/** How far above the largest starting value a line may go before it is clipped: 10¹² (twelve decades). */
export const OVERFLOW_FACTOR = 1e12;

type Loose = Record<string, unknown>;

function number3(v: number): string {
  return v.toPrecision(3).replace(/e\+?/, "e+").replace("e+-", "e-");
}

/**
 * Clips every 2-D line whose values pass its axis's bound, in place, and adds one
 * annotation per clipped axis naming the lines, the bound and the largest value;
 * returns the figure. Figures without such values are left as they are. `show` applies it.
 */
export function clipOverflow<F extends Figure>(figure: F): F {
  const traces = figure.data as unknown as Loose[];
  const byAxis = new Map<string, Loose[]>();
  for (const t of traces) {
    if (t.type !== "scatter" || !Array.isArray(t.y)) continue;
    const axis = (t.yaxis as string | undefined) ?? "y";
    byAxis.set(axis, [...(byAxis.get(axis) ?? []), t]);
  }
  const notes: Annotation[] = [];
  for (const [axis, lines] of byAxis) {
    let start = 0;
    for (const t of lines) {
      const first = (t.y as unknown[]).find((v): v is number => typeof v === "number" && Number.isFinite(v));
      if (first !== undefined) start = Math.max(start, Math.abs(first));
    }
    if (!(start > 0)) continue;
    const bound = start * OVERFLOW_FACTOR;
    const clipped: string[] = [];
    let largest = 0;
    for (const t of lines) {
      const y = t.y as unknown[];
      let hit = false;
      for (let i = 0; i < y.length; i++) {
        const v = y[i];
        if (typeof v !== "number" || Math.abs(v) <= bound) continue;
        largest = Math.max(largest, Math.abs(v));
        y[i] = Math.sign(v) * bound;
        hit = true;
      }
      if (hit) clipped.push(String(t.name ?? "a line"));
    }
    if (clipped.length === 0) continue;
    notes.push({
      text: `▲ clipped at ${number3(bound)}: ${clipped.join(", ")} (up to ${number3(largest)})`,
      // Inside the plot's top left corner, on white, so no legend or title covers it.
      x: 0.01,
      y: 0.99,
      xref: "paper",
      yref: "paper",
      xanchor: "left",
      yanchor: "top",
      showarrow: false,
      bgcolor: "rgba(255,255,255,0.85)",
      font: { size: 11, color: "#8A2A0A" },
    });
  }
  if (notes.length === 0) return figure;
  // Several clipped axes (stacked panels): one line each, downwards from the top.
  notes.forEach((n, k) => (n.y = 0.99 - 0.06 * k));
  const layout = figure.layout as unknown as Loose;
  layout.annotations = [...((layout.annotations as Annotation[] | undefined) ?? []), ...notes];
  return figure;
}
