/** Why a run stopped before its last update. */
export interface Divergence {
  /**
   * 0-based index of the update whose result was not finite: the parameters after it, or
   * the loss or gradient there. The trajectory holds the points before it, so `updates`
   * equals this index.
   */
  readonly update: number;
  /** What was not finite. */
  readonly what: "loss" | "gradient" | "parameters";
  /** The values at the bad point: parameters, loss and gradient. */
  readonly theta: readonly number[];
  readonly loss: number;
  readonly gradient: readonly number[];
}

/** A recorded path θ⁰, θ¹, …: points stored flat, `dimension` numbers each. A Trajectory is one. */
export interface Path {
  readonly theta: ArrayLike<number>;
  readonly dimension: number;
}

/**
 * Everything a run recorded, in preallocated typed arrays.
 * Point k (0 ≤ k ≤ updates) is θ after k updates; row-major, `dimension` numbers a point.
 */
export interface Trajectory extends Path {
  readonly dimension: number;
  /** Updates actually done (fewer than asked if the run diverged). */
  readonly updates: number;
  /** θ⁰ … θᵘᵖᵈᵃᵗᵉˢ, (updates+1)×dimension. */
  readonly theta: Float64Array;
  /** L(θᵏ) for k = 0 … updates. */
  readonly loss: Float64Array;
  /** ‖∇L(θᵏ)‖ for k = 0 … updates. */
  readonly gradNorm: Float64Array;
  /** ηᵗ the optimizer used at update t = 0 … updates−1. */
  readonly lr: Float64Array;
  /** σᵗ per parameter at update t (updates×dimension), when recorded and the optimizer has a scale part. */
  readonly sigma?: Float64Array;
  /** Set when the run stopped because something became NaN or ±Infinity. */
  readonly diverged?: Divergence;
  /** θᵏ as a plain array. */
  point(k: number): number[];
  /** Coordinate i of every point: the path of one parameter. */
  coordinate(i: number): Float64Array;
}
