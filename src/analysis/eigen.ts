import { eigs } from "mathjs";

/** Eigenvalues in ascending order, each with its unit eigenvector. */
export interface SymmetricEigen {
  readonly values: Float64Array;
  /** vectors[k] belongs to values[k]; unit length. */
  readonly vectors: Float64Array[];
}

/**
 * Eigen-decomposition of a symmetric row-major n×n matrix with mathjs `eigs` (Jacobi
 * rotations for symmetric input). Fine for a few dozen parameters; its cost grows as n³
 * (about 0.5 s at n = 121 on one core), so networks with hundreds of parameters need
 * Lanczos with Hessian-vector products instead.
 */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): SymmetricEigen {
  if (matrix.length !== n * n) throw new RangeError(`symmetricEigen: matrix has ${matrix.length} entries but must have n² = ${n * n}`);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) rows.push(Array.from({ length: n }, (_, j) => matrix[i * n + j]));
  const result = eigs(rows, { eigenvectors: true });
  const pairs = (result.eigenvectors ?? []).map((e) => ({ value: Number(e.value), vector: Float64Array.from(e.vector as unknown as ArrayLike<number>, Number) }));
  if (pairs.length !== n) throw new Error(`symmetricEigen: mathjs returned ${pairs.length} eigenvectors for a ${n}×${n} matrix`);
  pairs.sort((a, b) => a.value - b.value);
  for (const p of pairs) {
    let norm = 0;
    for (const v of p.vector) norm += v * v;
    norm = Math.sqrt(norm);
    for (let i = 0; i < n; i++) p.vector[i] /= norm;
  }
  return { values: Float64Array.from(pairs, (p) => p.value), vectors: pairs.map((p) => p.vector) };
}
