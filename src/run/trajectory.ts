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
 * Everything a run recorded, in preallocated typed arrays. Record j is θ after
 * `updateIndex[j]` updates, row-major, `dimension` numbers a point: after j updates when
 * every update is recorded (`every` 1), after j·every updates (and the last point) when
 * the run recorded every k-th only.
 */
export interface Trajectory extends Path {
  readonly dimension: number;
  /** Updates actually done (fewer than asked if the run diverged). */
  readonly updates: number;
  /** The recording stride: 1 when every update was recorded (the run option `every`). */
  readonly every: number;
  /** For each record, how many updates had been done: 0, every, 2·every, …, and `updates`. */
  readonly updateIndex: Float64Array;
  /** The recorded θᵏ, records×dimension ((updates+1)×dimension when every update is recorded). */
  readonly theta: Float64Array;
  /** L(θᵏ) for each record. */
  readonly loss: Float64Array;
  /** ‖∇L(θᵏ)‖ for each record. */
  readonly gradNorm: Float64Array;
  /** ηᵗ the optimizer used at the update starting from each record but the last (t = 0 … updates−1 when every update is recorded). */
  readonly lr: Float64Array;
  /** σᵗ per parameter at the same updates as `lr` ((records−1)×dimension), when recorded and the optimizer has a scale part. */
  readonly sigma?: Float64Array;
  /** Set when the run stopped because something became NaN or ±Infinity. */
  readonly diverged?: Divergence;
  /** θᵏ, the point after k updates, as a plain array (k must have been recorded). */
  point(k: number): number[];
  /** Coordinate i of every record: the path of one parameter. */
  coordinate(i: number): Float64Array;
}
