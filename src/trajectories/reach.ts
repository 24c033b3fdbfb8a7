/** "Updates needed to reach a loss": the race's score, with "never" kept distinct from a number. */

export interface ReachOptions {
  /**
   * Count only arriving for good: the first k after which every later loss is at or
   * below the threshold too. A run that touches the threshold and sprays out again
   * (Adagrad near the end, too large an η) has not arrived. Default false.
   */
  readonly stay?: boolean;
}

/**
 * The first k with L(θᵏ) ≤ threshold (0 if the start is already there), or undefined
 * if the run never got there within its budget — including runs that diverged. For a run
 * that recorded every k-th update, the first recorded update at or below the threshold.
 */
export function updatesToReach(
  run: { readonly loss: ArrayLike<number>; readonly updateIndex?: ArrayLike<number> },
  threshold: number,
  options: ReachOptions = {},
): number | undefined {
  if (typeof threshold !== "number" || Number.isNaN(threshold)) {
    throw new RangeError(`Invalid threshold: ${String(threshold)} (threshold must be a number, the loss to reach)`);
  }
  const { loss, updateIndex } = run;
  // A run that recorded every k-th update counts updates, not records.
  const update = (j: number): number => (updateIndex === undefined ? j : updateIndex[j]);
  if (options.stay) {
    let k = loss.length;
    while (k > 0 && loss[k - 1] <= threshold) k--;
    return k < loss.length ? update(k) : undefined;
  }
  for (let k = 0; k < loss.length; k++) if (loss[k] <= threshold) return update(k);
  return undefined;
}
