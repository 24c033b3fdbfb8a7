/**
 * What a run met along its way, for plotting σ against the slope it saw: the gradient
 * at every recorded point, and how far each update moved one parameter. The run loop
 * records θ, L and ‖g‖ only; σᵢ means something next to gᵢ, not next to ‖g‖.
 */
import type { Differentiable } from "../surfaces/surface";

/** A recorded run, row-major: `dimension` numbers a point (a `Trajectory` fits). */
export interface RecordedRun {
  readonly theta: ArrayLike<number>;
  readonly dimension: number;
}

function pointsOf(owner: string, path: RecordedRun): number {
  const n = path.dimension;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${owner}: Invalid dimension: ${n} (dimension must be an integer ≥ 1)`);
  const points = path.theta.length / n;
  if (!Number.isInteger(points) || points < 1) {
    throw new RangeError(`${owner}: θ has ${path.theta.length} numbers, not a positive multiple of the dimension ${n}`);
  }
  return points;
}

/**
 * gᵏ = ∇L(θᵏ) at every recorded point θ⁰ … θᴷ, row-major like `theta`. These are exactly
 * the gradients the optimizer used: update k was computed from gᵏ.
 */
export function gradientsAlong(surface: Pick<Differentiable, "dimension" | "gradient">, path: RecordedRun): Float64Array {
  const owner = "gradientsAlong";
  const points = pointsOf(owner, path);
  const n = path.dimension;
  if (surface.dimension !== n) {
    throw new RangeError(`${owner}: the run has ${n} parameters but the surface has ${surface.dimension}`);
  }
  const out = new Float64Array(points * n);
  const p = new Float64Array(n);
  const g = new Float64Array(n);
  for (let k = 0; k < points; k++) {
    for (let i = 0; i < n; i++) p[i] = path.theta[k * n + i];
    surface.gradient(p, g);
    out.set(g, k * n);
  }
  return out;
}

/** |θᵢᵏ⁺¹ − θᵢᵏ| for k = 0 … K−1: how far update k moved parameter i (one number per update). */
export function coordinateSteps(path: RecordedRun, i: number): Float64Array {
  const owner = "coordinateSteps";
  const points = pointsOf(owner, path);
  const n = path.dimension;
  if (!Number.isInteger(i) || i < 0 || i >= n) {
    throw new RangeError(`${owner}: Invalid parameter index: ${i} (i must be an integer with 0 ≤ i < ${n})`);
  }
  const out = new Float64Array(points - 1);
  for (let k = 0; k + 1 < points; k++) out[k] = Math.abs(path.theta[(k + 1) * n + i] - path.theta[k * n + i]);
  return out;
}
