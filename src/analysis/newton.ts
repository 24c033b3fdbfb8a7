/**
 * A reference minimum for surfaces that do not come with one (the crescent): Newton's
 * method with the surface's exact Hessian, started near the minimum (say, where a long
 * run ended). It converges quadratically there, so a race's "distance to the minimum"
 * is measured against the true minimum, not against the best racer.
 */
import type { Surface } from "../surfaces/surface";
import { choleskySolve } from "./linear";

export interface NewtonOptions {
  /** At most this many Newton steps (default 50). */
  readonly iterations?: number;
  /** Stop when ‖∇L‖ ≤ tolerance (default 1e-10). */
  readonly tolerance?: number;
}

/**
 * The critical point Newton's method reaches from `start`, checked to be a minimum
 * (‖∇L‖ ≤ tolerance and H positive definite there). Each step solves H·δ = ∇L by Cholesky,
 * which exists exactly when H is positive definite: near a minimum it always is, so a
 * failed factorisation means the start is not close to one (a saddle, a maximum, or too far).
 */
export function newtonMinimum(surface: Pick<Surface, "dimension" | "loss" | "gradient" | "hessian">, start: ArrayLike<number>, options: NewtonOptions = {}): number[] {
  const n = surface.dimension;
  const iterations = options.iterations ?? 50;
  const tolerance = options.tolerance ?? 1e-10;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new RangeError(`Invalid iterations: ${iterations} (iterations must be an integer ≥ 1)`);
  }
  if (!(tolerance > 0) || !Number.isFinite(tolerance)) throw new RangeError(`Invalid tolerance: ${tolerance} (tolerance must be a finite number > 0)`);
  if (start.length !== n) throw new RangeError(`newtonMinimum: start has ${start.length} numbers but the surface has ${n} parameters`);
  const p = Float64Array.from(start);
  const g = new Float64Array(n);
  const H = new Float64Array(n * n);
  const norm = (): number => Math.sqrt(g.reduce((s, v) => s + v * v, 0));
  const at = (): string => `(${Array.from(p).join(", ")})`;
  for (let k = 0; k <= iterations; k++) {
    surface.gradient(p, g);
    surface.hessian(p, H);
    const step = choleskySolve(H, g, n);
    if (step === undefined) {
      throw new RangeError(`newtonMinimum: at ${at()} H is not positive definite: not a minimum, nor near one; start closer to the minimum`);
    }
    if (norm() <= tolerance) return Array.from(p);
    if (k === iterations) break;
    for (let i = 0; i < n; i++) p[i] -= step[i];
    if (!p.every(Number.isFinite)) throw new RangeError("newtonMinimum: Newton's steps diverged; start closer to the minimum");
  }
  throw new RangeError(`newtonMinimum: ‖∇L‖ = ${norm()} > tolerance ${tolerance} after ${iterations} steps; start closer to the minimum`);
}
