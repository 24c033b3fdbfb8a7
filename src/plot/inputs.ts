/**
 * What the builders accept, structurally: a `Surface` or `Trajectory` from this module
 * fits, and so does a plain object or array written in a notebook cell.
 */
import type { Path } from "../run/trajectory";

/** A plotting window per variable: [[θ₀ min, θ₀ max], [θ₁ min, θ₁ max]]. */
export type Window = readonly (readonly [number, number])[];

interface FieldInfo {
  /** Short name for titles, e.g. "convex valley". */
  readonly name: string;
  readonly dimension?: number;
  /** Axis labels in parameter order, e.g. ["b", "w"]. */
  readonly variables?: readonly string[];
  readonly window?: Window;
  /** Marked × when given. */
  readonly minimum?: readonly number[];
  /** The suggested start point: marked with the start dot when no run begins there. */
  readonly start?: readonly number[];
}

/** A 2-parameter error surface: a `Surface`, or `{ name, f(θ) }` / `{ name, loss(θ) }`. */
export type ScalarField = FieldInfo &
  ({ loss(theta: ArrayLike<number>): number } | { f(theta: ArrayLike<number>): number });

/** One labelled path on a surface: θ as flat [x₀, y₀, x₁, y₁, …] or a whole `Trajectory`. */
export interface TrajectoryInput {
  readonly name: string;
  readonly theta: ArrayLike<number> | Path;
  /** A CSS colour; by default the next palette colour. */
  readonly color?: string;
  /** Draw a marker of this size (px) at every point: one marker per update, to see step lengths. */
  readonly markerSize?: number;
}

export function lossOf(field: ScalarField): (theta: ArrayLike<number>) => number {
  if ("loss" in field && typeof field.loss === "function") return (t) => field.loss(t);
  if ("f" in field && typeof field.f === "function") return (t) => field.f(t);
  throw new TypeError(`surface "${String((field as { name?: unknown }).name)}" needs a loss(θ) or f(θ) function`);
}

function isPath(theta: ArrayLike<number> | Path): theta is Path {
  return typeof (theta as Path).dimension === "number" && typeof (theta as Path).theta === "object";
}

/** Flat θ and its dimension; a flat array is taken as 2-D points. */
export function flatPath(input: TrajectoryInput): { theta: ArrayLike<number>; dimension: number } {
  if (typeof input.name !== "string") throw new TypeError("each trajectory needs a name (a string for its legend entry)");
  const path = isPath(input.theta) ? input.theta : { theta: input.theta, dimension: 2 };
  if (path.dimension < 2) {
    throw new RangeError(`trajectory "${input.name}": dimension must be ≥ 2 to draw on a surface, got ${path.dimension}`);
  }
  if (path.theta.length === 0 || path.theta.length % path.dimension !== 0) {
    throw new RangeError(
      `trajectory "${input.name}": θ has ${path.theta.length} numbers, not a positive multiple of its dimension ${path.dimension}`,
    );
  }
  return path;
}

export function checkWindow(window: Window, owner: string): readonly [readonly [number, number], readonly [number, number]] {
  const ok = (r: readonly [number, number] | undefined): r is readonly [number, number] =>
    r !== undefined && r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1];
  if (window.length !== 2 || !ok(window[0]) || !ok(window[1])) {
    throw new RangeError(
      `${owner}: Invalid window: ${JSON.stringify(window)} (window must be [[xmin, xmax], [ymin, ymax]] with finite min < max)`,
    );
  }
  return [window[0], window[1]];
}

export function checkInteger(owner: string, option: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${owner}: Invalid ${option}: ${value} (${option} must be an integer with ${min} ≤ ${option} ≤ ${max})`);
  }
  return value;
}

/** Text every generic figure must have: what it shows and what its axes are. */
export interface FigureLabels {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
}

export function checkLabels(owner: string, options: FigureLabels | undefined): void {
  for (const key of ["title", "xLabel", "yLabel"] as const) {
    if (typeof options?.[key] !== "string" || options[key] === "") {
      throw new TypeError(`${owner}: options.${key} must be a non-empty string (every figure names its axes and says what it shows)`);
    }
  }
}

/** Each item (a series, a group) needs a string name for its legend entry. */
export function checkNames(owner: string, items: readonly { readonly name: unknown }[], what: string): void {
  items.forEach((item, i) => {
    if (typeof item.name !== "string") throw new TypeError(`${owner}: ${what} ${i} needs a name (a string for its legend entry)`);
  });
}

/** A builder that draws 2-parameter surfaces refuses others by name. */
export function checkTwoParameters(owner: string, field: ScalarField): void {
  if (field.dimension !== undefined && field.dimension !== 2) {
    throw new RangeError(`${owner}: draws 2-parameter surfaces; "${field.name}" has dimension ${field.dimension}`);
  }
}
