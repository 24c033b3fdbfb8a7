import type { Differentiable } from "../surfaces/surface";

/**
 * What the analysis accepts: any `Differentiable` (a surface, a network), optionally with
 * its exact Hessian, or a plain pair of functions f and ∇f written in a homework cell.
 */
export interface HessianModel extends Differentiable {
  /** Writes ∇²L(θ), row-major dimension×dimension, into `out` and returns it. */
  hessian?(theta: ArrayLike<number>, out: Float64Array): Float64Array;
}

/** f and ∇f as plain functions of a point given as an array. */
export interface FunctionModel {
  f(theta: number[]): number;
  gradient(theta: number[]): ArrayLike<number>;
  /** The exact Hessian as rows, if known. */
  hessian?(theta: number[]): ArrayLike<ArrayLike<number>>;
}

export type AnalysisModel = HessianModel | FunctionModel;

/** A Hessian written into a row-major buffer. */
export type HessianFunction = (theta: ArrayLike<number>, out: Float64Array) => Float64Array;

/** The one shape used inside: loss, gradient into a buffer, and the exact Hessian if any. */
export interface Normalized {
  readonly dimension: number;
  loss(theta: ArrayLike<number>): number;
  gradient(theta: ArrayLike<number>, out: Float64Array): Float64Array;
  hessian?: HessianFunction;
}

function isFunctionModel(model: AnalysisModel): model is FunctionModel {
  return typeof (model as FunctionModel).f === "function";
}

function copyVector(owner: string, what: string, values: ArrayLike<number>, n: number, out: Float64Array): Float64Array {
  if (values.length !== n) throw new RangeError(`${owner}: ${what} has length ${values.length} but the point has ${n} coordinates`);
  for (let i = 0; i < n; i++) out[i] = values[i];
  return out;
}

/** Checks the model's shape once, so later errors name the real mistake. */
export function normalizeModel(owner: string, model: AnalysisModel, dimension: number): Normalized {
  if (model === null || typeof model !== "object") {
    throw new TypeError(`${owner}: model must be an object with loss and gradient (a Differentiable) or with f and gradient functions`);
  }
  if (isFunctionModel(model)) {
    if (typeof model.gradient !== "function") throw new TypeError(`${owner}: model has f but no gradient function`);
    const exact = model.hessian;
    return {
      dimension,
      loss: (theta) => model.f(Array.from(theta)),
      gradient: (theta, out) => copyVector(owner, "gradient(θ)", model.gradient(Array.from(theta)), dimension, out),
      hessian:
        exact === undefined
          ? undefined
          : (theta, out) => {
              const rows = exact.call(model, Array.from(theta));
              if (rows.length !== dimension) throw new RangeError(`${owner}: hessian(θ) has ${rows.length} rows but must have ${dimension}`);
              for (let i = 0; i < dimension; i++) copyVector(owner, `hessian(θ) row ${i}`, rows[i], dimension, out.subarray(i * dimension, (i + 1) * dimension));
              return out;
            },
    };
  }
  if (typeof model.loss !== "function" || typeof model.gradient !== "function") {
    throw new TypeError(`${owner}: model must have loss(θ) and gradient(θ, out), or f(θ) and gradient(θ)`);
  }
  if (model.dimension !== dimension) {
    throw new RangeError(`${owner}: the point has ${dimension} coordinates but the model has ${model.dimension} parameters`);
  }
  const exact = model.hessian;
  return {
    dimension,
    loss: (theta) => model.loss(theta),
    gradient: (theta, out) => model.gradient(theta, out),
    hessian: exact === undefined ? undefined : (theta, out) => exact.call(model, theta, out),
  };
}

/** A finite point as a fresh Float64Array, or a clear error naming the bad coordinate. */
export function checkPoint(owner: string, name: string, theta: ArrayLike<number>): Float64Array {
  if (theta === null || typeof theta !== "object" || typeof theta.length !== "number" || theta.length === 0) {
    throw new TypeError(`${owner}: ${name} must be a non-empty array of numbers`);
  }
  const p = Float64Array.from(theta);
  const bad = p.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new RangeError(`${owner}: ${name}[${bad}] is ${theta[bad]} (every coordinate must be a finite number)`);
  return p;
}
