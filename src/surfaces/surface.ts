/** A point in parameter space θ = (θ₀, θ₁, …), one float64 per parameter. */
export type Point = Float64Array;

/**
 * Anything with a loss and a gradient: an error surface from a formula, a
 * network's loss, or a pair of hand-written functions.
 */
export interface Differentiable {
  /** Number of parameters. */
  readonly dimension: number;
  /** L(θ). */
  loss(theta: ArrayLike<number>): number;
  /** Writes ∇L(θ) into `out` (length `dimension`) and returns it; allocates nothing. */
  gradient(theta: ArrayLike<number>, out: Float64Array): Float64Array;
  /**
   * Optional: L(θ) and ∇L(θ) in one pass (a network's forward pass serves both).
   * Writes ∇L into `out` and returns L. The run loop uses it when present.
   */
  lossAndGradient?(theta: ArrayLike<number>, out: Float64Array): number;
}

/** An error surface defined by a formula; mathjs derives ∇f and H symbolically. */
export interface Surface extends Differentiable {
  /** Short name for titles and legends, e.g. "convex valley". */
  readonly name: string;
  /** The formula as given, in mathjs syntax. */
  readonly expression: string;
  /** Variable names in parameter order, e.g. ["b", "w"]. */
  readonly variables: readonly string[];
  /** Writes ∇L(θ) into `out` (a new array when omitted) and returns it. */
  gradient(theta: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** Writes the Hessian H(θ), row-major dimension×dimension, into `out` (a new array when omitted) and returns it. */
  hessian(theta: ArrayLike<number>, out?: Float64Array): Float64Array;
  /** LaTeX of f, of each ∂f/∂θᵢ, and of each Hᵢⱼ (mathjs `toTex`). */
  readonly tex: SurfaceTex;
  /** Suggested plotting window per variable: [[min, max], …]. */
  readonly window?: readonly (readonly [number, number])[];
  /** Suggested start point for the lecture's experiments. */
  readonly start?: readonly number[];
  /** Known minimum, if any (marked × on plots). */
  readonly minimum?: readonly number[];
}

export interface SurfaceTex {
  readonly f: string;
  readonly gradient: readonly string[];
  readonly hessian: readonly (readonly string[])[];
}
