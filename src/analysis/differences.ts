/**
 * The Hessian from central differences of an exact gradient, with its own error bar:
 * each column is computed with steps h and 2h. Truncation error is O(h²), so the h column
 * is off by about a third of the gap between the two; round-off noise grows as 1/h and
 * shows up in the gap too. We take the whole gap (plus one ulp of the gradients over 2h)
 * as the estimate: conservative on purpose.
 * What no step size can see: a kink of ∇L closer to θ than h (a ReLU unit whose kink sits
 * on a data point). Then the columns mix two regions' Hessians and stop being symmetric,
 * which is why `analyzePoint` checks the symmetry and counts the asymmetry as error.
 */

export interface DifferenceHessian {
  /** Row-major dimension×dimension; column j = (∇L(θ + hⱼeⱼ) − ∇L(θ − hⱼeⱼ)) / 2hⱼ. Not symmetrised. */
  readonly hessian: Float64Array;
  /** Largest estimated error of one entry (the h/2h gap, plus round-off). */
  readonly maxError: number;
  /** Frobenius norm of the estimated error matrix: by Weyl's inequality, a bound on how far any eigenvalue can move. */
  readonly frobeniusError: number;
  /** Relative step used: hⱼ = step · max(1, |θⱼ|). */
  readonly step: number;
}

export const DEFAULT_DIFFERENCE_STEP = 1e-5;

export function hessianByDifferences(
  gradient: (theta: ArrayLike<number>, out: Float64Array) => Float64Array,
  theta: ArrayLike<number>,
  step = DEFAULT_DIFFERENCE_STEP,
): DifferenceHessian {
  if (!(Number.isFinite(step) && step > 0 && step < 1)) {
    throw new RangeError(`Invalid difference step: ${step} (step must be a finite number with 0 < step < 1)`);
  }
  const n = theta.length;
  const hessian = new Float64Array(n * n);
  const p = Float64Array.from(theta);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  const plus2 = new Float64Array(n);
  const minus2 = new Float64Array(n);
  let maxError = 0;
  let squares = 0;
  for (let j = 0; j < n; j++) {
    const h = step * Math.max(1, Math.abs(p[j]));
    const at = (offset: number, out: Float64Array) => {
      p[j] = theta[j] + offset;
      gradient(p, out);
      p[j] = theta[j];
    };
    at(h, plus);
    at(-h, minus);
    at(2 * h, plus2);
    at(-2 * h, minus2);
    for (let i = 0; i < n; i++) {
      const d1 = (plus[i] - minus[i]) / (2 * h);
      const d2 = (plus2[i] - minus2[i]) / (4 * h);
      // Round-off: each gradient entry carries about one ulp of its own size, divided by 2h.
      const roundOff = (Number.EPSILON * (Math.abs(plus[i]) + Math.abs(minus[i]))) / (2 * h);
      const error = Math.abs(d2 - d1) + roundOff;
      hessian[i * n + j] = d1;
      maxError = Math.max(maxError, error);
      squares += error * error;
    }
  }
  return { hessian, maxError, frobeniusError: Math.sqrt(squares), step };
}

/** Largest |Hᵢⱼ − Hⱼᵢ|: a true Hessian is symmetric, so this measures what went wrong. */
export function asymmetry(hessian: ArrayLike<number>, n: number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) worst = Math.max(worst, Math.abs(hessian[i * n + j] - hessian[j * n + i]));
  }
  return worst;
}

/** (H + Hᵀ)/2 in place: the closest symmetric matrix, what an eigen-solver for symmetric matrices needs. */
export function symmetrize(hessian: Float64Array, n: number): Float64Array {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const mean = 0.5 * (hessian[i * n + j] + hessian[j * n + i]);
      hessian[i * n + j] = mean;
      hessian[j * n + i] = mean;
    }
  }
  return hessian;
}
