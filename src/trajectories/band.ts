/**
 * The spread of seeded runs. One seed is an anecdote: a claim such as "warmup helps"
 * is about the typical run and about how far the runs scatter, so several seeded runs
 * are summarised at every update by their median and a band between two quantiles.
 */
import { checkNumber } from "../check/options";

/**
 * The q-quantile of `values` (0 ≤ q ≤ 1), interpolating linearly between order
 * statistics (numpy's default, "type 7"): q = 0 is the minimum, q = 1 the maximum.
 */
export function quantile(values: ArrayLike<number>, q: number): number {
  checkNumber("q", "quantile", q, { min: 0, max: 1 });
  if (values.length === 0) throw new RangeError("quantile: values is empty (give at least one number)");
  const sorted = Float64Array.from(values);
  for (let i = 0; i < sorted.length; i++) {
    if (Number.isNaN(sorted[i])) throw new RangeError(`quantile: values[${i}] is NaN (every value must be a number)`);
  }
  sorted.sort();
  return sortedQuantile(sorted, q);
}

function sortedQuantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  // ±Infinity at both ends would give Infinity − Infinity = NaN; the order statistic itself is the answer then.
  if (h === lo || sorted[lo] === sorted[hi]) return sorted[lo];
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export interface BandOptions {
  /** Quantile of the band's lower edge (default 0.1). */
  readonly lower?: number;
  /** Quantile of the band's upper edge (default 0.9). */
  readonly upper?: number;
}

/** Per update k: the median of the runs and the band between two quantiles. */
export interface Band {
  readonly median: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** The quantiles of the edges, e.g. 0.1 and 0.9. */
  readonly quantiles: readonly [number, number];
  /** How many runs were summarised. */
  readonly runs: number;
}

/**
 * Summarises runs of equal length (e.g. the loss curves of one optimizer from several
 * seeds) update by update. Runs that stopped early (a diverged `Trajectory`) have a
 * different length and are refused: cut or pad them first, so no run silently drops out.
 */
export function band(runs: readonly ArrayLike<number>[], options: BandOptions = {}): Band {
  const lowerQ = checkNumber("lower", "lower quantile", options.lower ?? 0.1, { min: 0, max: 1 });
  const upperQ = checkNumber("upper", "upper quantile", options.upper ?? 0.9, { min: lowerQ, max: 1 });
  if (!Array.isArray(runs) || runs.length === 0) throw new RangeError("band: runs is empty (give at least one series)");
  const n = runs[0].length;
  if (n === 0) throw new RangeError("band: runs[0] is empty (each series needs at least one value)");
  runs.forEach((r, i) => {
    if (r.length !== n) {
      throw new RangeError(`band: runs[${i}] has ${r.length} values but runs[0] has ${n}; all runs must have the same length (a diverged run stops early)`);
    }
  });
  const median = new Float64Array(n);
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  const column = new Float64Array(runs.length);
  for (let k = 0; k < n; k++) {
    for (let r = 0; r < runs.length; r++) {
      const v = runs[r][k];
      if (Number.isNaN(v)) throw new RangeError(`band: runs[${r}][${k}] is NaN (every value must be a number)`);
      column[r] = v;
    }
    column.sort();
    median[k] = sortedQuantile(column, 0.5);
    lower[k] = sortedQuantile(column, lowerQ);
    upper[k] = sortedQuantile(column, upperQ);
  }
  return { median, lower, upper, quantiles: [lowerQ, upperQ], runs: runs.length };
}
