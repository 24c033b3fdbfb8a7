import { checkBoolean, checkNumber } from "../check/options";
import { EMPTY, type MomentumPart } from "./part";

/** torch's lerp: exact at both ends, which keeps m bit-for-bit with torch 2.x's `lerp_`. */
function lerp(a: number, b: number, w: number): number {
  return w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

export interface HeavyBallOptions {
  /** μ: how much of the previous m is kept. */
  readonly momentum: number;
  /** How much of the new gradient is damped (torch's SGD `dampening`). */
  readonly dampening?: number;
  /** Look ahead: use g + μ·m instead of m. */
  readonly nesterov?: boolean;
}

/**
 * Classical momentum, as torch's SGD: m⁰ = g⁰, mᵗ = μ·mᵗ⁻¹ + (1 − dampening)·gᵗ.
 * The direction is mᵗ, or gᵗ + μ·mᵗ with Nesterov. Placed after a scale part
 * (torch's RMSprop with momentum) it accumulates g/σ instead of g.
 */
export function heavyBall(options: HeavyBallOptions): MomentumPart {
  const mu = checkNumber("momentum", "momentum value", options.momentum, { min: 0 });
  const dampening = checkNumber("dampening", "dampening value", options.dampening ?? 0, { min: 0, max: 1 });
  const nesterov = checkBoolean("nesterov", options.nesterov ?? false);
  let m = EMPTY;
  let started = false;
  return {
    name: nesterov ? "m: Nesterov momentum" : "m: momentum",
    role: "momentum",
    get m() {
      return m;
    },
    init(n) {
      m = new Float64Array(n);
      started = false;
    },
    reset() {
      m = EMPTY;
      started = false;
    },
    update(u) {
      const n = u.length;
      const buf = m;
      // torch starts the buffer as a copy of the first gradient, undamped
      const keep = started ? 1 - dampening : 1;
      const past = started ? mu : 0;
      started = true;
      if (nesterov) {
        for (let i = 0; i < n; i++) u[i] += mu * (buf[i] = past * buf[i] + keep * u[i]);
      } else {
        for (let i = 0; i < n; i++) u[i] = buf[i] = past * buf[i] + keep * u[i];
      }
    },
  };
}

export interface EmaMomentumOptions {
  /** β₁: weight of the past in the moving average. */
  readonly beta: number;
  /** Divide by 1 − β₁ᵗ so early m is not biased toward its zero start (Adam does). */
  readonly biasCorrection?: boolean;
}

/**
 * Adam's first moment: mᵗ = β₁·mᵗ⁻¹ + (1 − β₁)·gᵗ from m⁻¹ = 0, and the direction
 * m̂ᵗ = mᵗ / (1 − β₁ᵗ⁺¹) when bias-corrected.
 */
export function emaMomentum(options: EmaMomentumOptions): MomentumPart {
  const beta = checkNumber("betas[0]", "beta parameter at index 0", options.beta, { min: 0, max: 1, maxOpen: true });
  const biasCorrection = checkBoolean("biasCorrection", options.biasCorrection ?? true);
  let m = EMPTY;
  return {
    name: biasCorrection ? "m: moving average, bias-corrected" : "m: moving average",
    role: "momentum",
    get m() {
      return m;
    },
    init(n) {
      m = new Float64Array(n);
    },
    reset() {
      m = EMPTY;
    },
    update(u, _g, t) {
      const n = u.length;
      const w = 1 - beta;
      const correction = biasCorrection ? 1 - beta ** (t + 1) : 1;
      const buf = m;
      for (let i = 0; i < n; i++) u[i] = (buf[i] = lerp(buf[i], u[i], w)) / correction;
    },
  };
}

export interface NesterovEmaOptions {
  readonly beta: number;
  /** ψ in μᵗ = β₁(1 − ½·0.96^(tψ)): how fast the momentum schedule warms up (torch's momentum_decay). */
  readonly momentumDecay: number;
}

/** The momentum of NAdam: Adam's moving average with a Nesterov look-ahead and a momentum schedule μᵗ. */
export interface NesterovEmaPart extends MomentumPart {
  /** μ of the last update. */
  readonly mu: number;
  /** ∏ μ over all updates so far. */
  readonly muProduct: number;
}

/**
 * NAdam's direction (torch 2.x): with μₜ = β₁(1 − ½·0.96^(t·ψ)),
 * u = (1 − μₜ)/(1 − ∏μ)·gᵗ + μₜ₊₁/(1 − ∏μ·μₜ₊₁)·mᵗ.
 */
export function nesterovEma(options: NesterovEmaOptions): NesterovEmaPart {
  const beta = checkNumber("betas[0]", "beta parameter at index 0", options.beta, { min: 0, max: 1, maxOpen: true });
  const psi = checkNumber("momentumDecay", "momentum_decay value", options.momentumDecay, { min: 0 });
  let m = EMPTY;
  let mu = NaN;
  let muProduct = 1;
  return {
    name: "m: Nesterov moving average",
    role: "momentum",
    get m() {
      return m;
    },
    get mu() {
      return mu;
    },
    get muProduct() {
      return muProduct;
    },
    init(n) {
      m = new Float64Array(n);
      muProduct = 1;
      mu = NaN;
    },
    reset() {
      m = EMPTY;
      muProduct = 1;
      mu = NaN;
    },
    update(u, _g, t) {
      const step = t + 1;
      mu = beta * (1 - 0.5 * 0.96 ** (step * psi));
      const muNext = beta * (1 - 0.5 * 0.96 ** ((step + 1) * psi));
      muProduct *= mu;
      const onGradient = (1 - mu) / (1 - muProduct);
      const onMomentum = muNext / (1 - muProduct * muNext);
      const w = 1 - beta;
      const buf = m;
      for (let i = 0, n = u.length; i < n; i++) u[i] = onGradient * u[i] + onMomentum * (buf[i] = lerp(buf[i], u[i], w));
    },
  };
}
