/**
 * The quantities the notebooks keep asking of a run on a known surface: how large a
 * learning rate gradient descent can take (2/λmax), whether an adaptive step is stable
 * (sᵗ = λmax(Dᵗ·H)), how far each point is from θ*, and one parameter's σ over time.
 * They lived as one-liners copied between notebooks; here they are checked once.
 */
import type { Path, Trajectory } from "../run/trajectory";
import { symmetricEigen } from "./eigen";

function finiteVector(owner: string, name: string, v: ArrayLike<number>, dimension: number): void {
  if (v.length !== dimension) throw new RangeError(`${owner}: ${name} has length ${v.length} but must have ${dimension}`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new RangeError(`${owner}: ${name}[${i}] is ${v[i]} (${name} must be finite numbers)`);
  }
}

/** Largest eigenvalue of a symmetric row-major n×n matrix (closed form for n ≤ 2). */
export function largestEigenvalue(matrix: ArrayLike<number>, n: number): number {
  if (n === 1) return matrix[0];
  if (n === 2) {
    const [a, b, , d] = [matrix[0], matrix[1], matrix[2], matrix[3]];
    return (a + d) / 2 + Math.hypot((a - d) / 2, b);
  }
  const { values } = symmetricEigen(matrix, n);
  return values[n - 1];
}

/**
 * 2/λmax of the Hessian at `at`: on a quadratic, gradient descent converges for η below
 * it and diverges above it (along the top eigenvector the error is multiplied by 1 − ηλ
 * per update). Throws when H has no positive eigenvalue, where no such bound exists.
 */
export function stableLearningRate(
  surface: { readonly dimension: number; hessian(theta: ArrayLike<number>, out: Float64Array): Float64Array },
  at: ArrayLike<number>,
): number {
  const n = surface.dimension;
  finiteVector("stableLearningRate", "at", at, n);
  const top = largestEigenvalue(surface.hessian(at, new Float64Array(n * n)), n);
  if (!(top > 0)) throw new RangeError(`stableLearningRate: λmax = ${top} is not positive, so no learning rate is stable there`);
  return 2 / top;
}

/**
 * The stability number of every update of an adaptive run on a quadratic with Hessian H:
 * sᵗ = λmax(Dᵗ·H) with Dᵗ = diag(ηᵗ/σᵢᵗ), the per-parameter learning rates of update t.
 * The update multiplies the error by I − Dᵗ·H, so sᵗ > 2 means the steep direction is
 * unstable at that update. Needs a run recorded with `recordSigma: true`.
 */
export function stabilityNumbers(run: Pick<Trajectory, "dimension" | "updates" | "lr" | "sigma">, hessian: ArrayLike<number>): Float64Array {
  const owner = "stabilityNumbers", n = run.dimension;
  if (!run.sigma) throw new RangeError(`${owner}: the run recorded no σ (run it with recordSigma: true and an optimizer with a scale part)`);
  finiteVector(owner, "hessian", hessian, n * n);
  // One row of σ per recorded update: all of them, or every k-th with the run's `every`.
  const rows = run.sigma.length / n;
  const out = new Float64Array(rows);
  const scaled = new Float64Array(n * n), root = new Float64Array(n);
  for (let t = 0; t < rows; t++) {
    // λ(D·H) = λ(D^½·H·D^½), which is symmetric.
    for (let i = 0; i < n; i++) root[i] = Math.sqrt(run.lr[t] / run.sigma[t * n + i]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) scaled[i * n + j] = root[i] * hessian[i * n + j] * root[j];
    out[t] = largestEigenvalue(scaled, n);
  }
  return out;
}

/** ‖θᵏ − θ*‖ for every recorded point k = 0 … K. */
export function distancesTo(path: Path, minimum: ArrayLike<number>): Float64Array {
  const n = path.dimension;
  finiteVector("distancesTo", "minimum", minimum, n);
  const points = Math.floor(path.theta.length / n), out = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (path.theta[k * n + i] - minimum[i]) ** 2;
    out[k] = Math.sqrt(s);
  }
  return out;
}

/** σᵢᵗ of parameter i at every recorded update (t = 0 … updates−1 unless the run recorded every k-th) (a run recorded with `recordSigma: true`). */
export function sigmaOf(run: Pick<Trajectory, "dimension" | "updates" | "sigma">, i: number): Float64Array {
  const n = run.dimension;
  if (!run.sigma) throw new RangeError("sigmaOf: the run recorded no σ (run it with recordSigma: true and an optimizer with a scale part)");
  if (!Number.isInteger(i) || i < 0 || i >= n) throw new RangeError(`sigmaOf: Invalid parameter index: ${i} (i must be an integer with 0 ≤ i < ${n})`);
  return Float64Array.from({ length: run.sigma.length / n }, (_, t) => run.sigma![t * n + i]);
}
