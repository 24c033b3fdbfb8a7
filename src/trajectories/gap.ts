/**
 * How far apart two runs are: "this optimizer built from parts is the preset" is a
 * claim about whole trajectories, and rounding makes exact equality the wrong test.
 */

/**
 * ‖a − b‖∞ / ‖b‖∞: the largest difference relative to the size of the reference b
 * (absolute when b is all zeros). 0 means identical. Throws if the lengths differ,
 * so a run that diverged early cannot pass for an equal one.
 */
export function relativeGap(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) {
    throw new RangeError(`relativeGap: a has ${a.length} numbers and b has ${b.length}; compare runs of the same length`);
  }
  let diff = 0;
  let size = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (Number.isNaN(d)) return NaN; // a NaN anywhere is no match, never a gap of 0
    diff = Math.max(diff, d);
    size = Math.max(size, Math.abs(b[i]));
  }
  return size === 0 ? diff : diff / size;
}
