/**
 * Thinning long runs for display. A 100,000-update trajectory drawn point by point
 * makes megabytes of JSON and a slow page, yet a screen shows a few thousand points.
 * Plain every-k-th sampling would erase what the lecture points at: Adagrad's
 * isolated spikes near the end of a run (one huge step out, then back). So each
 * bucket of consecutive points keeps the minimum and maximum of every coordinate
 * (spikes and extremes survive exactly) plus the point that
 * largest-triangle-three-buckets picks (turning points survive).
 */
import type { Datum } from "./figure";

/** Default number of points a thinned series or path is allowed. */
export const DEFAULT_MAX_POINTS = 2000;

/**
 * Indices (ascending, first and last always included) of at most `maxPoints` points
 * of a polyline given by its coordinate columns, keeping its shape.
 * One column: a series, drawn against its index. Two or more: a path; turning points
 * are judged in the plane of the first two columns.
 */
export function thinIndices(columns: readonly ArrayLike<number>[], maxPoints: number = DEFAULT_MAX_POINTS): number[] {
  if (columns.length === 0) throw new RangeError("thinIndices: columns must hold at least one coordinate column");
  const n = columns[0].length;
  for (const c of columns) {
    if (c.length !== n) throw new RangeError(`thinIndices: all columns must have the same length (${n}), got one of ${c.length}`);
  }
  const perBucket = 2 * columns.length + 2; // min and max per column, the triangle pick, a first non-finite point
  if (!Number.isInteger(maxPoints) || maxPoints < 2 + perBucket) {
    throw new RangeError(
      `Invalid maxPoints: ${maxPoints} (maxPoints must be an integer ≥ ${2 + perBucket} for ${columns.length} column(s))`,
    );
  }
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);

  const px = columns.length >= 2 ? columns[0] : undefined;
  const py = columns.length >= 2 ? columns[1] : columns[0];
  const xOf = (i: number): number => (px ? px[i] : i);

  const buckets = Math.floor((maxPoints - 2) / perBucket);
  const inner = n - 2; // points 1 … n−2 are bucketed; 0 and n−1 are always kept
  const bucketStart = (b: number): number => 1 + Math.floor((b * inner) / buckets);

  const keep = new Set<number>([0, n - 1]);
  let anchor = 0; // the previous bucket's triangle pick
  for (let b = 0; b < buckets; b++) {
    const lo = bucketStart(b);
    const hi = bucketStart(b + 1); // exclusive

    for (const c of columns) {
      let iMin = -1;
      let iMax = -1;
      for (let i = lo; i < hi; i++) {
        const v = c[i];
        if (!Number.isFinite(v)) continue;
        if (iMin < 0 || v < c[iMin]) iMin = i;
        if (iMax < 0 || v > c[iMax]) iMax = i;
      }
      if (iMin >= 0) keep.add(iMin);
      if (iMax >= 0) keep.add(iMax);
    }
    // The first NaN/±∞ of a bucket, so a gap or a divergence stays visible.
    for (let i = lo; i < hi; i++) {
      if (!columns.every((c) => Number.isFinite(c[i]))) {
        keep.add(i);
        break;
      }
    }

    // Largest triangle: the point that, with the previous pick and the next bucket's
    // centroid, spans the largest area, i.e. where the line turns most.
    const nextLo = hi;
    const nextHi = b + 1 < buckets ? bucketStart(b + 2) : n;
    let cx = 0;
    let cy = 0;
    let count = 0;
    for (let i = nextLo; i < nextHi; i++) {
      const x = xOf(i);
      const y = py[i];
      if (Number.isFinite(x) && Number.isFinite(y)) {
        cx += x;
        cy += y;
        count++;
      }
    }
    if (count === 0) {
      cx = xOf(n - 1);
      cy = py[n - 1];
    } else {
      cx /= count;
      cy /= count;
    }
    const ax = xOf(anchor);
    const ay = py[anchor];
    let best = -1;
    let bestArea = -1;
    for (let i = lo; i < hi; i++) {
      const x = xOf(i);
      const y = py[i];
      if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
      const area = Math.abs((ax - cx) * (y - ay) - (ax - x) * (cy - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    if (best >= 0) {
      keep.add(best);
      anchor = best;
    }
  }
  return [...keep].sort((a, b) => a - b);
}

/** A finite number rounded to `digits` significant digits (smaller JSON), else null (a gap). */
export function datum(v: number, digits = 7): Datum {
  return Number.isFinite(v) ? Number(v.toPrecision(digits)) : null;
}

export interface ThinnedSeries {
  /** The kept points' x: their index in the series, or `x[index]` when x was given. */
  x: number[];
  y: Datum[];
}

/**
 * A series thinned to at most `maxPoints` points, with isolated spikes and extremes kept.
 * `x` (same length) gives each value's x; by default x is the index (the update number).
 */
export function thin(values: ArrayLike<number>, maxPoints: number = DEFAULT_MAX_POINTS, x?: ArrayLike<number>): ThinnedSeries {
  if (x !== undefined && x.length !== values.length) {
    throw new RangeError(`thin: x must have the same length as values (${values.length}), got ${x.length}`);
  }
  const kept = thinIndices([values], maxPoints);
  return { x: kept.map((i) => (x ? x[i] : i)), y: kept.map((i) => datum(values[i])) };
}

export interface ThinnedPath {
  /** Index k of each kept point θᵏ (the update number). */
  index: number[];
  x: Datum[];
  y: Datum[];
}

/**
 * The path of coordinates (`axes[0]`, `axes[1]`) of a row-major run θ⁰, θ¹, …
 * (`dimension` numbers a point), thinned to at most `maxPoints` points.
 */
export function thinPath(
  theta: ArrayLike<number>,
  dimension: number,
  maxPoints: number = DEFAULT_MAX_POINTS,
  axes: readonly [number, number] = [0, 1],
): ThinnedPath {
  if (!Number.isInteger(dimension) || dimension < 1) {
    throw new RangeError(`Invalid dimension: ${dimension} (dimension must be an integer ≥ 1)`);
  }
  if (theta.length % dimension !== 0) {
    throw new RangeError(`thinPath: theta's length ${theta.length} is not a multiple of dimension ${dimension}`);
  }
  for (const a of axes) {
    if (!Number.isInteger(a) || a < 0 || a >= dimension) {
      throw new RangeError(`Invalid axes: [${axes.join(", ")}] (each axis must be an integer with 0 ≤ axis < ${dimension})`);
    }
  }
  const points = theta.length / dimension;
  const xs = new Float64Array(points);
  const ys = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    xs[k] = theta[k * dimension + axes[0]];
    ys[k] = theta[k * dimension + axes[1]];
  }
  const kept = thinIndices([xs, ys], maxPoints);
  return { index: kept, x: kept.map((k) => datum(xs[k])), y: kept.map((k) => datum(ys[k])) };
}
