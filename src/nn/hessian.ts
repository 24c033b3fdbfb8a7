/**
 * Second derivatives of the one-hidden-layer network's loss L = (1/N) Σₙ rₙ², rₙ = f(xₙ) − yₙ,
 * θ = [w (H), b (H), v (H), c]:
 *
 *   H = (2/N) Σₙ ( ∇f ∇fᵀ  +  rₙ ∇²f )        (exact)
 *   G = (2/N) Σₙ   ∇f ∇fᵀ                     (Gauss–Newton: drops the residual term)
 *
 * relu'' = 0 away from the kinks, so ∇²f has only the cross terms ∂²f/∂vⱼ∂wⱼ = aⱼx and
 * ∂²f/∂vⱼ∂bⱼ = aⱼ (aⱼ = 1 when unit j is active). That term is what makes H indefinite:
 * without it, G is positive semidefinite and can never show a saddle point.
 */
import type { Mlp } from "./mlp";
import { accumulate, checkSizes, features } from "./terms";

export type { ActivationPattern } from "./terms";
export * from "./pattern";

/** Options for the Gauss–Newton matrix. */
export interface GaussNewtonOptions {
  /**
   * Keep only the blocks of each layer ([w, b] and [v, c]) and zero the blocks between
   * layers, as per-layer curvature codes (like the course homework's) do. Default false.
   */
  readonly perLayer?: boolean;
}

/**
 * The exact Hessian ∇²L(θ) of the network's loss, row-major D×D (D = 3H+1), written into
 * `out` (allocated when omitted). Exact wherever no hidden unit sits exactly on its kink
 * (wⱼxₙ + bⱼ = 0), i.e. everywhere except a set of measure zero.
 */
export function mlpHessian(net: Mlp, theta: ArrayLike<number>, out?: Float64Array): Float64Array {
  const D = net.dimension;
  checkSizes(net, theta, "mlpHessian", out, D * D);
  return accumulate(net, theta, out ?? new Float64Array(D * D), true, false);
}

/**
 * The Gauss–Newton matrix G = (2/N) Σₙ ∇f ∇fᵀ, row-major D×D: positive semidefinite and of
 * rank at most N, so it can only ever report "no negative curvature".
 */
export function mlpGaussNewton(net: Mlp, theta: ArrayLike<number>, options: GaussNewtonOptions = {}, out?: Float64Array): Float64Array {
  const D = net.dimension;
  checkSizes(net, theta, "mlpGaussNewton", out, D * D);
  return accumulate(net, theta, out ?? new Float64Array(D * D), false, options.perLayer ?? false);
}

/**
 * The exact Hessian-vector product ∇²L(θ)·u in O(N·H), without forming the matrix: the
 * tool for large networks, and for minimising ½‖∇L‖² (its gradient is ∇²L·∇L).
 */
export function mlpHessianVector(net: Mlp, theta: ArrayLike<number>, u: ArrayLike<number>, out?: Float64Array): Float64Array {
  const D = net.dimension;
  checkSizes(net, theta, "mlpHessianVector", out, D);
  if (u.length !== D) throw new RangeError(`mlpHessianVector: u has length ${u.length} but must have ${D} (= dimension)`);
  const H = net.hidden;
  const N = net.data.x.length;
  const result = out ?? new Float64Array(D);
  result.fill(0);
  const df = new Float64Array(D);
  const active = new Uint8Array(H);
  for (let n = 0; n < N; n++) {
    const r = features(net, theta, n, df, active);
    let dfu = 0;
    for (let i = 0; i < D; i++) dfu += df[i] * u[i];
    for (let i = 0; i < D; i++) result[i] += df[i] * dfu;
    const x = net.data.x[n];
    for (let j = 0; j < H; j++) {
      if (!active[j]) continue;
      const v = 2 * H + j;
      result[j] += r * x * u[v];
      result[H + j] += r * u[v];
      result[v] += r * (x * u[j] + u[H + j]);
    }
  }
  for (let i = 0; i < D; i++) result[i] *= 2 / N;
  return result;
}

/** The network with its exact Hessian attached, ready for `analyzePoint` and `findCriticalPoint`. */
export interface MlpWithHessian extends Mlp {
  hessian(theta: ArrayLike<number>, out: Float64Array): Float64Array;
  hessianVector(theta: ArrayLike<number>, u: ArrayLike<number>, out: Float64Array): Float64Array;
}

export function withHessian(net: Mlp): MlpWithHessian {
  // Spread, not wrap: keeps every method the network has (e.g. a fused lossAndGradient).
  return {
    ...net,
    hessian: (theta, out) => mlpHessian(net, theta, out),
    hessianVector: (theta, u, out) => mlpHessianVector(net, theta, u, out),
  };
}
