/**
 * How much of the way to a known minimum θ* a run still has to go. The lecture's
 * verdict on a run is "after 100,000 updates it is still far from the minimum":
 * this puts a number on "far", overall or along one direction (e.g. the flat axis).
 */
import type { Path } from "../run/trajectory";

export interface RemainingOptions {
  /** Which point θᵏ to measure (0-based). Default: the last one recorded. */
  readonly update?: number;
  /** Measure only the component along this direction (need not be unit length). Default: the whole distance. */
  readonly along?: ArrayLike<number>;
}

export interface Remaining {
  /** The point measured. */
  readonly update: number;
  /** ‖θᵏ − θ*‖ (or |⟨θᵏ − θ*, u⟩| along u). */
  readonly distance: number;
  /** The same at the start, θ⁰. */
  readonly initial: number;
  /** distance / initial: 1 means no progress, 0 means arrived. */
  readonly fraction: number;
}

function finiteVector(name: string, v: ArrayLike<number>, dimension: number): void {
  if (v.length !== dimension) {
    throw new RangeError(`remaining: ${name} has length ${v.length} but the run has ${dimension} parameters`);
  }
  for (let i = 0; i < dimension; i++) {
    if (!Number.isFinite(v[i])) throw new RangeError(`remaining: ${name}[${i}] is ${v[i]} (${name} must be finite numbers)`);
  }
}

/** Distance of θᵏ from `minimum`, and the share of the initial distance it still is. */
export function remaining(path: Path, minimum: ArrayLike<number>, options: RemainingOptions = {}): Remaining {
  const n = path.dimension;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`remaining: Invalid dimension: ${n} (dimension must be an integer ≥ 1)`);
  const points = path.theta.length / n;
  if (!Number.isInteger(points) || points < 1) {
    throw new RangeError(`remaining: θ has ${path.theta.length} numbers, not a positive multiple of the dimension ${n}`);
  }
  finiteVector("minimum", minimum, n);
  const update = options.update ?? points - 1;
  if (!Number.isInteger(update) || update < 0 || update >= points) {
    throw new RangeError(`remaining: Invalid update: ${update} (update must be an integer with 0 ≤ update ≤ ${points - 1})`);
  }
  let unit: Float64Array | undefined;
  if (options.along !== undefined) {
    finiteVector("along", options.along, n);
    let norm = 0;
    for (let i = 0; i < n; i++) norm += options.along[i] ** 2;
    if (norm === 0) throw new RangeError("remaining: along must be a non-zero direction");
    unit = Float64Array.from(options.along, (x) => x / Math.sqrt(norm));
  }
  const distanceAt = (k: number): number => {
    let sq = 0;
    let dot = 0;
    for (let i = 0; i < n; i++) {
      const d = path.theta[k * n + i] - minimum[i];
      sq += d * d;
      if (unit) dot += d * unit[i];
    }
    return unit ? Math.abs(dot) : Math.sqrt(sq);
  };
  const distance = distanceAt(update);
  const initial = distanceAt(0);
  if (!Number.isFinite(distance) || !Number.isFinite(initial)) {
    throw new RangeError(`remaining: the run's θ is not finite at update ${Number.isFinite(initial) ? update : 0}`);
  }
  if (initial === 0) {
    throw new RangeError("remaining: the run starts at the minimum (along the direction asked), so the share left is undefined");
  }
  return { update, distance, initial, fraction: distance / initial };
}
