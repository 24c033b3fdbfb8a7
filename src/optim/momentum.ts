import { checkBoolean, checkKnownOptions, checkNumber, requireOptions } from "../check/options";
import { EMPTY, rulePart, type MomentumPart } from "./part";
import { lerp } from "./rule";

/*
 * Momentum parts turn u = g into the direction m. Each part's arithmetic for one parameter
 * is the small function beside it; the optimizer pastes these into its one loop (rule.ts).
 */

type HeavyBallState = { m: Float64Array; mu: number; past: number; keep: number };

/** mᵢ ← μ·mᵢ + (1 − dampening)·u; the direction is mᵢ. */
function momentum(s: HeavyBallState, i: number, u: number, g: number): number {
  return (s.m[i] = s.past * s.m[i] + s.keep * u);
}

/** Nesterov's look-ahead: the same mᵢ, and the direction u + μ·mᵢ. */
function nesterovMomentum(s: HeavyBallState, i: number, u: number, g: number): number {
  const m = (s.m[i] = s.past * s.m[i] + s.keep * u);
  return u + s.mu * m;
}

type MovingAverageState = { m: Float64Array; w: number; unbias: number };

/** mᵢ ← β₁·mᵢ + (1 − β₁)·u (torch's lerp, w = 1 − β₁); the direction is mᵢ/(1 − β₁ᵗ⁺¹). */
function movingAverage(s: MovingAverageState, i: number, u: number, g: number): number {
  return (s.m[i] = lerp(s.m[i], u, s.w)) * s.unbias;
}

type LionState = { m: Float64Array; w1: number; w2: number };

/** Lion: the direction is the sign of a β₁-mix of m and u; m itself moves with β₂. */
function lionSign(s: LionState, i: number, u: number, g: number): number {
  const mix = lerp(s.m[i], u, s.w1);
  s.m[i] = lerp(s.m[i], u, s.w2);
  return Math.sign(mix);
}

type NesterovEmaState = { m: Float64Array; w: number; onGradient: number; onMomentum: number; mu: number; muProduct: number };

/** NAdam: the moving average mᵢ, and a direction that looks one step ahead along it. */
function nesterovMovingAverage(s: NesterovEmaState, i: number, u: number, g: number): number {
  const m = (s.m[i] = lerp(s.m[i], u, s.w));
  return s.onGradient * u + s.onMomentum * m;
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
  requireOptions("heavyBall", options, ["momentum"], ["momentum", "dampening", "nesterov"]);
  const mu = checkNumber("momentum", "momentum value", options.momentum, { min: 0 });
  const dampening = checkNumber("dampening", "dampening value", options.dampening ?? 0, { min: 0, max: 1 });
  const nesterov = checkBoolean("nesterov", options.nesterov ?? false);
  // torch starts the buffer as a copy of the first gradient, undamped: past = 0, keep = 1.
  const state: HeavyBallState = { m: EMPTY, mu, past: 0, keep: 1 };
  const part = rulePart(
    nesterov ? "m: Nesterov momentum" : "m: momentum",
    "momentum",
    {
      state,
      begin(t) {
        state.keep = t === 0 ? 1 : 1 - dampening;
        state.past = t === 0 ? 0 : mu;
      },
      coordinate: nesterov ? nesterovMomentum : momentum,
    },
    (n) => {
      state.m = new Float64Array(n);
    },
  );
  return { ...part, get m() { return state.m; } };
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
  requireOptions("emaMomentum", options, ["beta"], ["beta", "biasCorrection"]);
  const beta = checkNumber("betas[0]", "beta parameter at index 0", options.beta, { min: 0, max: 1, maxOpen: true });
  const biasCorrection = checkBoolean("biasCorrection", options.biasCorrection ?? true);
  // 1/(1 − β₁ᵗ⁺¹) once per update: a multiplication per parameter costs far less than a division.
  const state: MovingAverageState = { m: EMPTY, w: 1 - beta, unbias: 1 };
  const part = rulePart(
    biasCorrection ? "m: moving average, bias-corrected" : "m: moving average",
    "momentum",
    {
      state,
      begin(t) {
        state.unbias = biasCorrection ? 1 / (1 - beta ** (t + 1)) : 1;
      },
      coordinate: movingAverage,
    },
    (n) => {
      state.m = new Float64Array(n);
    },
  );
  return { ...part, get m() { return state.m; } };
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
  requireOptions("nesterovEma", options, ["beta", "momentumDecay"], ["beta", "momentumDecay"]);
  const beta = checkNumber("betas[0]", "beta parameter at index 0", options.beta, { min: 0, max: 1, maxOpen: true });
  const psi = checkNumber("momentumDecay", "momentum_decay value", options.momentumDecay, { min: 0 });
  // μ and ∏μ live in `state` for plots (fields keep doubles unboxed; the code does not read them).
  const state: NesterovEmaState = { m: EMPTY, w: 1 - beta, onGradient: 0, onMomentum: 0, mu: NaN, muProduct: 1 };
  const part = rulePart(
    "m: Nesterov moving average",
    "momentum",
    {
      state,
      begin(t) {
        const step = t + 1;
        const mu = (state.mu = beta * (1 - 0.5 * 0.96 ** (step * psi)));
        const muNext = beta * (1 - 0.5 * 0.96 ** ((step + 1) * psi));
        const muProduct = (state.muProduct *= mu);
        state.onGradient = (1 - mu) / (1 - muProduct);
        state.onMomentum = muNext / (1 - muProduct * muNext);
      },
      coordinate: nesterovMovingAverage,
    },
    (n) => {
      state.m = new Float64Array(n);
      state.muProduct = 1;
      state.mu = NaN;
    },
  );
  return {
    ...part,
    get m() { return state.m; },
    get mu() { return state.mu; },
    get muProduct() { return state.muProduct; },
  };
}

export interface LionMomentumOptions {
  /** β₁: the mix of m and g whose sign is the step. Default 0.9. */
  readonly beta1?: number;
  /** β₂: how slowly m itself moves. Default 0.99. */
  readonly beta2?: number;
}

/**
 * Lion's direction (Chen et al., 2023, "Symbolic Discovery of Optimization Algorithms"):
 * sign(β₁·m + (1 − β₁)·g), every coordinate ±1, then m ← β₂·m + (1 − β₂)·g.
 */
export function lionMomentum(options: LionMomentumOptions = {}): MomentumPart {
  checkKnownOptions("lionMomentum", options, ["beta1", "beta2"]);
  const beta1 = checkNumber("betas[0]", "beta parameter at index 0", options.beta1 ?? 0.9, { min: 0, max: 1, maxOpen: true });
  const beta2 = checkNumber("betas[1]", "beta parameter at index 1", options.beta2 ?? 0.99, { min: 0, max: 1, maxOpen: true });
  const state: LionState = { m: EMPTY, w1: 1 - beta1, w2: 1 - beta2 };
  const part = rulePart("m: Lion (sign of a mix of m and g)", "momentum", { state, begin() {}, coordinate: lionSign }, (n) => {
    state.m = new Float64Array(n);
  });
  return { ...part, get m() { return state.m; } };
}
