import { checkNumber } from "../check/options";
import { seededRandom } from "../check/random";
import type { Differentiable } from "../surfaces/surface";
import type { Dataset } from "./data";

/**
 * A one-input, one-output network with one hidden ReLU layer, forward and backward
 * written by hand: f(x) = Σⱼ vⱼ·relu(wⱼx + bⱼ) + c, loss = mean (f(x) − y)².
 * θ is laid out as [w (hidden), b (hidden), v (hidden), c], 3·hidden + 1 numbers.
 */
export interface Mlp extends Differentiable {
  readonly hidden: number;
  readonly data: Dataset;
  /** A seeded He-style initialisation θ⁰. */
  init(seed: number): Float64Array;
  /** f(x) for one input. */
  predict(theta: ArrayLike<number>, x: number): number;
}

export function mlp(options: { readonly hidden: number; readonly data: Dataset }): Mlp {
  const hidden = checkNumber("hidden", "number of hidden units", options.hidden, { min: 1, integer: true });
  const { data } = options;
  if (data.x.length !== data.y.length || data.x.length === 0) {
    throw new RangeError(`mlp: data.x and data.y must be non-empty and of equal length (got ${data.x.length} and ${data.y.length})`);
  }
  const H = hidden;
  const N = data.x.length;
  const dimension = 3 * H + 1;
  const z = new Float64Array(H); // pre-activations of one input, reused: no allocation per call

  const checkTheta = (theta: ArrayLike<number>) => {
    if (theta.length !== dimension) {
      throw new RangeError(`mlp: theta has length ${theta.length} but a network with ${H} hidden units has ${dimension} parameters`);
    }
  };
  const forward = (theta: ArrayLike<number>, x: number): number => {
    let f = theta[3 * H];
    for (let j = 0; j < H; j++) {
      z[j] = theta[j] * x + theta[H + j];
      if (z[j] > 0) f += theta[2 * H + j] * z[j];
    }
    return f;
  };

  return {
    hidden: H,
    data,
    dimension,
    init(seed) {
      const rng = seededRandom(seed);
      const theta = new Float64Array(dimension);
      for (let j = 0; j < H; j++) {
        theta[j] = rng.normal() * Math.SQRT2; // fan-in 1
        theta[H + j] = 0.1 * rng.normal();
        theta[2 * H + j] = (rng.normal() * Math.SQRT2) / Math.sqrt(H);
      }
      return theta;
    },
    predict(theta, x) {
      checkTheta(theta);
      return forward(theta, x);
    },
    loss(theta) {
      checkTheta(theta);
      let sum = 0;
      for (let n = 0; n < N; n++) {
        const r = forward(theta, data.x[n]) - data.y[n];
        sum += r * r;
      }
      return sum / N;
    },
    gradient(theta, out) {
      lossAndGradient(theta, out);
      return out;
    },
    lossAndGradient,
  };

  function lossAndGradient(theta: ArrayLike<number>, out: Float64Array): number {
    checkTheta(theta);
    out.fill(0);
    let sum = 0;
    for (let n = 0; n < N; n++) {
      const x = data.x[n];
      const r = forward(theta, x) - data.y[n];
      sum += r * r;
      const dF = (2 * r) / N; // ∂loss/∂f
      out[3 * H] += dF;
      for (let j = 0; j < H; j++) {
        if (z[j] <= 0) continue; // relu'(z) = 0: no gradient through this unit
        const dZ = dF * theta[2 * H + j];
        out[j] += dZ * x;
        out[H + j] += dZ;
        out[2 * H + j] += dF * z[j];
      }
    }
    return sum / N;
  }
}
