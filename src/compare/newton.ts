/**
 * A reference minimum for surfaces that do not come with one (the crescent): Newton's
 * method with the surface's exact Hessian, started near the minimum (say, where a long
 * run ended). It converges quadratically there, so a race's "distance to the minimum"
 * is measured against the true minimum, not against the best racer.
 */
import type { Surface } from "../surfaces/surface";

export interface NewtonOptions {
  /** At most this many Newton steps (default 50). */
  readonly iterations?: number;
  /** Stop when ‖∇L‖ ≤ tolerance (default 1e-10). */
  readonly tolerance?: number;
}

/** Solves H·x = g in place of g by Gaussian elimination with partial pivoting; false if H is singular. */
function solve(H: Float64Array, g: Float64Array, n: number): boolean {
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(H[r * n + c]) > Math.abs(H[pivot * n + c])) pivot = r;
    if (!(Math.abs(H[pivot * n + c]) > 0)) return false;
    if (pivot !== c) {
      for (let k = 0; k < n; k++) [H[c * n + k], H[pivot * n + k]] = [H[pivot * n + k], H[c * n + k]];
      [g[c], g[pivot]] = [g[pivot], g[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = H[r * n + c] / H[c * n + c];
      for (let k = c; k < n; k++) H[r * n + k] -= f * H[c * n + k];
      g[r] -= f * g[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = g[c];
    for (let k = c + 1; k < n; k++) s -= H[c * n + k] * g[k];
    g[c] = s / H[c * n + c];
  }
  return true;
}

/**
 * The critical point Newton's method reaches from `start`, checked to be a minimum
 * (‖∇L‖ ≤ tolerance and every diagonal pivot of H positive, i.e. H positive definite).
 * Throws, naming what failed, if it does not converge or lands on a saddle or maximum.
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
  for (let k = 0; k <= iterations; k++) {
    surface.gradient(p, g);
    if (norm() <= tolerance) {
      surface.hessian(p, H);
      const L = Float64Array.from(H);
      // Cholesky-free test: elimination without pivoting has positive pivots iff H is positive definite.
      for (let c = 0; c < n; c++) {
        if (!(L[c * n + c] > 0)) throw new RangeError(`newtonMinimum: converged to (${Array.from(p).join(", ")}), which is not a minimum (H is not positive definite)`);
        for (let r = c + 1; r < n; r++) {
          const f = L[r * n + c] / L[c * n + c];
          for (let j = c; j < n; j++) L[r * n + j] -= f * L[c * n + j];
        }
      }
      return Array.from(p);
    }
    if (k === iterations) break;
    surface.hessian(p, H);
    if (!solve(H, g, n)) throw new RangeError(`newtonMinimum: the Hessian is singular at (${Array.from(p).join(", ")}); start closer to the minimum`);
    for (let i = 0; i < n; i++) p[i] -= g[i];
    if (!p.every(Number.isFinite)) throw new RangeError("newtonMinimum: Newton's steps diverged; start closer to the minimum");
  }
  throw new RangeError(`newtonMinimum: ‖∇L‖ = ${norm()} > tolerance ${tolerance} after ${iterations} steps; start closer to the minimum`);
}
