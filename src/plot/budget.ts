/**
 * One figure's JSON stays under a size budget, so a notebook with a dozen figures of
 * 100,000-update runs stays small and each figure draws in well under a second.
 */
import type { Figure } from "./figure";
import { DEFAULT_MAX_POINTS } from "./thin";

/** Budget for one figure's JSON, in bytes. */
export const FIGURE_BUDGET_BYTES = 200_000;

/** Fewest points a thinned series may get while fitting a figure into its budget. */
const MIN_POINTS = 40;

/** Size of a figure's JSON in bytes (UTF-8), as stored in the notebook and sent to the page. */
export function figureBytes(figure: Figure): number {
  return Buffer.byteLength(JSON.stringify(figure), "utf8");
}

/**
 * Builds with `maxPoints` per thinned series, lowering it until the figure fits
 * `budget` bytes. The fixed part (a contour grid) must fit on its own.
 */
export function fitBudget(owner: string, build: (maxPoints: number) => Figure, budget: number = FIGURE_BUDGET_BYTES): Figure {
  if (!Number.isFinite(budget) || budget < 10_000) {
    throw new RangeError(`${owner}: Invalid maxBytes: ${budget} (maxBytes must be a number ≥ 10000)`);
  }
  let maxPoints = DEFAULT_MAX_POINTS;
  for (;;) {
    const figure = build(maxPoints);
    const bytes = figureBytes(figure);
    if (bytes <= budget) return figure;
    if (maxPoints <= MIN_POINTS) {
      throw new RangeError(
        `${owner}: the figure is ${bytes} bytes even with each series thinned to ${maxPoints} points, over its budget of ${budget}; ` +
          "lower resolution or frames, or draw fewer series",
      );
    }
    // Size is roughly linear in points; aim a little under the budget.
    maxPoints = Math.max(MIN_POINTS, Math.min(maxPoints - 1, Math.floor((maxPoints * budget * 0.9) / bytes)));
  }
}
