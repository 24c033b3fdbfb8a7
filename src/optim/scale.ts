import { checkBoolean, checkKnownOptions, checkNumber, requireOptions } from "../check/options";
import { EMPTY, rulePart, type ScalePart } from "./part";
import { lerp, type CoordinateRule, type RuleState } from "./rule";

/*
 * Scale parts divide u by σ, and σ comes from g (the gradient), not from u. Each part's
 * arithmetic for one parameter is the small function beside it; the optimizer pastes these
 * into its one loop (rule.ts).
 *
 * The lecture's rules have no ε, so a parameter whose gradients were all exactly 0 would
 * compute 0/0: we define that step as 0 (it has had no reason to move).
 */

type RootMeanSquareState = { sigma: Float64Array; sum: Float64Array; eps: number; count: number };

/** The lecture's Adagrad: σᵢ = √(mean of gᵢ² so far). */
function rootMeanSquareSigma(s: RootMeanSquareState, i: number, u: number, g: number): number {
  s.sum[i] += g * g;
  const sigma = (s.sigma[i] = Math.sqrt(s.sum[i] / s.count) + s.eps);
  return sigma === 0 ? 0 : u / sigma;
}

type RootSumSquareState = { sigma: Float64Array; sum: Float64Array; eps: number };

/** torch's Adagrad: σᵢ = √(sum of gᵢ² so far) + ε. */
function rootSumSquareSigma(s: RootSumSquareState, i: number, u: number, g: number): number {
  s.sum[i] += g * g;
  return u / (s.sigma[i] = Math.sqrt(s.sum[i]) + s.eps);
}

type RmsState = {
  sigma: Float64Array; v: Float64Array; mean: Float64Array;
  alpha: number; w: number; eps: number; centered: boolean; lecture: boolean; first: boolean;
};

/** RMSProp: vᵢ ← α·vᵢ + (1 − α)·gᵢ² (the lecture starts at v = g⁰²), σᵢ = √vᵢ + ε. */
function rmsSigma(s: RmsState, i: number, u: number, g: number): number {
  let v = (s.v[i] = s.first ? g * g : s.v[i] * s.alpha + g * g * s.w);
  if (s.centered) {
    const mean = (s.mean[i] = s.first ? g : lerp(s.mean[i], g, s.w));
    v -= mean * mean;
  }
  const sigma = (s.sigma[i] = Math.sqrt(v) + s.eps);
  return s.lecture && sigma === 0 ? 0 : u / sigma;
}

type AdamScaleState = {
  sigma: Float64Array; v: Float64Array; vmax: Float64Array;
  beta: number; w: number; eps: number; unbias: number; amsgrad: boolean;
};

/** Adam: vᵢ ← β₂·vᵢ + (1 − β₂)·gᵢ², σᵢ = √vᵢ/√(1 − β₂ᵗ⁺¹) + ε (AMSGrad: the largest v so far). */
function adamSigma(s: AdamScaleState, i: number, u: number, g: number): number {
  let v = (s.v[i] = s.v[i] * s.beta + g * g * s.w);
  if (s.amsgrad) v = s.vmax[i] = Math.max(s.vmax[i], v);
  return u / (s.sigma[i] = Math.sqrt(v) * s.unbias + s.eps);
}

type InfinityNormState = { sigma: Float64Array; beta: number; eps: number };

/** Adamax: σᵢ ← max(β₂·σᵢ, |gᵢ| + ε), the largest past |g|, each decayed by β₂ per update. */
function infinityNormSigma(s: InfinityNormState, i: number, u: number, g: number): number {
  return u / (s.sigma[i] = Math.max(s.beta * s.sigma[i], Math.abs(g) + s.eps));
}

type AdadeltaState = { sigma: Float64Array; square: Float64Array; delta: Float64Array; rho: number; w: number; eps: number };

/**
 * Adadelta: σᵢ = √(E[g²]ᵢ + ε) / √(E[Δθ²]ᵢ + ε), both moving averages: the step gets the
 * units of θ, so η = 1 works without tuning.
 */
function adadeltaSigma(s: AdadeltaState, i: number, u: number, g: number): number {
  const square = (s.square[i] = s.square[i] * s.rho + g * g * s.w);
  const step = (Math.sqrt(s.delta[i] + s.eps) / Math.sqrt(square + s.eps)) * u;
  s.sigma[i] = Math.sqrt(square + s.eps) / Math.sqrt(s.delta[i] + s.eps);
  s.delta[i] = s.delta[i] * s.rho + step * step * s.w;
  return step;
}

type BeliefState = { sigma: Float64Array; m: Float64Array; s: Float64Array; beta1: number; w1: number; beta2: number; w2: number; eps: number; unbias: number };

/** AdaBelief: σᵢ from the moving average of (gᵢ − mᵢ)², how far g strays from its own trend. */
function beliefSigma(s: BeliefState, i: number, u: number, g: number): number {
  const m = (s.m[i] = s.m[i] * s.beta1 + g * s.w1);
  const spread = (s.s[i] = s.s[i] * s.beta2 + (g - m) * (g - m) * s.w2 + s.eps);
  return u / (s.sigma[i] = Math.sqrt(spread) * s.unbias + s.eps);
}

type RectifiedState = {
  sigma: Float64Array; v: Float64Array; beta: number; w: number; eps: number;
  adaptive: boolean; k: number; rho: number; rectifier: number;
};

/** RAdam: Adam's v; σᵢ = (√vᵢ + ε)·k once the variance is tractable, else 1 (u / 1 = u). */
function rectifiedSigma(s: RectifiedState, i: number, u: number, g: number): number {
  const v = (s.v[i] = s.v[i] * s.beta + g * g * s.w);
  return u / (s.sigma[i] = s.adaptive ? (Math.sqrt(v) + s.eps) * s.k : 1);
}

/** A scale part from its rule; `init(n)` allocates σ and the rule's other arrays. */
function scalePart<S extends RuleState & { sigma: Float64Array }>(name: string, state: S, rule: CoordinateRule<S>, init: (n: number) => void): ScalePart {
  const part = rulePart(name, "scale", rule, (n) => {
    state.sigma = new Float64Array(n);
    init(n);
  });
  return { ...part, get sigma() { return state.sigma; } };
}

export interface RootMeanSquareOptions {
  /** Added to σ; 0 in the lecture, so that the first step is exactly ±η. */
  readonly eps?: number;
}

/**
 * The lecture's Adagrad σ: the root **mean** square of all past gradients,
 * σᵢᵗ = √( 1/(t+1) · Σₖ₌₀..ₜ (gᵢᵏ)² ). Note σᵢ⁰ = |gᵢ⁰|, so the first step is ±η.
 * (torch's Adagrad uses the root of the sum instead: see {@link rootSumSquare}.)
 */
export function rootMeanSquare(options: RootMeanSquareOptions = {}): ScalePart {
  checkKnownOptions("rootMeanSquare", options, ["eps"]);
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 0, { min: 0 });
  const state: RootMeanSquareState = { sigma: EMPTY, sum: EMPTY, eps, count: 1 };
  const rule: CoordinateRule<RootMeanSquareState> = {
    state,
    begin(t) {
      state.count = t + 1;
    },
    coordinate: rootMeanSquareSigma,
  };
  return scalePart("σ: root mean square of past g", state, rule, (n) => {
    state.sum = new Float64Array(n);
  });
}

export interface RootSumSquareOptions {
  readonly initialAccumulatorValue?: number;
  readonly eps?: number;
}

/** torch's Adagrad σ: σᵢᵗ = √(v₀ + Σₖ (gᵢᵏ)²) + ε, the root of the **sum** of squares. */
export function rootSumSquare(options: RootSumSquareOptions = {}): ScalePart {
  checkKnownOptions("rootSumSquare", options, ["initialAccumulatorValue", "eps"]);
  const initial = checkNumber("initialAccumulatorValue", "initial_accumulator_value value", options.initialAccumulatorValue ?? 0, { min: 0 });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-10, { min: 0 });
  const state: RootSumSquareState = { sigma: EMPTY, sum: EMPTY, eps };
  const rule: CoordinateRule<RootSumSquareState> = {
    state,
    begin() {},
    coordinate: rootSumSquareSigma,
  };
  return scalePart("σ: root of the sum of past g²", state, rule, (n) => {
    state.sum = new Float64Array(n).fill(initial);
  });
}

export interface RmsScaleOptions {
  /** α: weight of the past; small α reacts fast to new gradients. */
  readonly alpha: number;
  readonly eps?: number;
  /** Subtract the squared mean gradient: σ estimates a standard deviation (torch's `centered`). */
  readonly centered?: boolean;
  /**
   * Where the average of g² starts: "first-gradient" is the lecture's σ⁰ = |g⁰|;
   * "zero" is torch's (v starts at 0, so early σ is small).
   */
  readonly start?: "zero" | "first-gradient";
}

/** RMSProp's σ: vᵗ = α·vᵗ⁻¹ + (1 − α)·(gᵗ)², σᵗ = √vᵗ (+ ε). */
export function rmsScale(options: RmsScaleOptions): ScalePart {
  requireOptions("rmsScale", options, ["alpha"], ["alpha", "eps", "centered", "start"]);
  const alpha = checkNumber("alpha", "alpha value", options.alpha, { min: 0, max: 1 });
  const start = options.start ?? "zero";
  if (start !== "zero" && start !== "first-gradient") {
    throw new RangeError(`Invalid start: ${String(start)} (start must be "zero" or "first-gradient")`);
  }
  const lecture = start === "first-gradient";
  const eps = checkNumber("eps", "epsilon value", options.eps ?? (lecture ? 0 : 1e-8), { min: 0 });
  const centered = checkBoolean("centered", options.centered ?? false);
  const state: RmsState = { sigma: EMPTY, v: EMPTY, mean: EMPTY, alpha, w: 1 - alpha, eps, centered, lecture, first: false };
  const rule: CoordinateRule<RmsState> = {
    state,
    begin(t) {
      state.first = lecture && t === 0;
    },
    coordinate: rmsSigma,
  };
  return scalePart(lecture ? "σ: RMSProp, σ⁰ = |g⁰|" : centered ? "σ: centered RMSProp" : "σ: RMSProp", state, rule, (n) => {
    state.v = new Float64Array(n);
    state.mean = centered ? new Float64Array(n) : EMPTY;
  });
}

export interface AdamScaleOptions {
  /** β₂: weight of the past in the average of g². */
  readonly beta: number;
  readonly eps?: number;
  /** Use the largest average of g² seen so far (AMSGrad), so σ never shrinks. */
  readonly amsgrad?: boolean;
  /** Divide v by 1 − β₂ᵗ so early σ is not biased toward its zero start (Adam does). Default true. */
  readonly biasCorrection?: boolean;
}

/**
 * Adam's σ: vᵗ = β₂·vᵗ⁻¹ + (1 − β₂)·(gᵗ)², σᵗ = √vᵗ / √(1 − β₂ᵗ⁺¹) + ε.
 * The bias correction makes the first σ equal |g⁰| (+ε), so Adam's first step is η·sign(g).
 */
export function adamScale(options: AdamScaleOptions): ScalePart {
  requireOptions("adamScale", options, ["beta"], ["beta", "eps", "amsgrad", "biasCorrection"]);
  const beta = checkNumber("betas[1]", "beta parameter at index 1", options.beta, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-8, { min: 0 });
  const amsgrad = checkBoolean("amsgrad", options.amsgrad ?? false);
  const biasCorrection = checkBoolean("biasCorrection", options.biasCorrection ?? true);
  // 1/√(1 − β₂ᵗ⁺¹) once per update, so that the only division per parameter is u/σ.
  const state: AdamScaleState = { sigma: EMPTY, v: EMPTY, vmax: EMPTY, beta, w: 1 - beta, eps, unbias: 1, amsgrad };
  const rule: CoordinateRule<AdamScaleState> = {
    state,
    begin(t) {
      state.unbias = biasCorrection ? 1 / Math.sqrt(1 - beta ** (t + 1)) : 1;
    },
    coordinate: adamSigma,
  };
  const name = amsgrad ? "σ: AMSGrad (max of moving average of g²)" : biasCorrection ? "σ: moving average of g², bias-corrected" : "σ: moving average of g²";
  return scalePart(name, state, rule, (n) => {
    state.v = new Float64Array(n);
    state.vmax = amsgrad ? new Float64Array(n) : EMPTY;
  });
}

/** RAdam's σ, with the variance rectifier readable for plots. */
export interface RectifiedScalePart extends ScalePart {
  /** ρₜ of the last update: the length of the approximated simple moving average. */
  readonly rho: number;
  /** ρ∞ = 2/(1 − β₂) − 1. */
  readonly rhoInfinity: number;
  /** rₜ of the last update, or NaN while ρₜ ≤ 5 (no adaptive step yet). */
  readonly rectifier: number;
  /** Whether the last update used the adaptive σ (ρₜ > 5). */
  readonly adaptive: boolean;
}

/**
 * RAdam's σ (Liu et al., 2019; torch 2.x): while the variance of the adaptive learning
 * rate is intractable (ρₜ ≤ 5) σ = 1, an un-adapted momentum step — a built-in warmup.
 * After that σ = (√vᵗ + ε)/(√(1 − β₂ᵗ)·rₜ) with rₜ = √((ρₜ−4)(ρₜ−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρₜ)).
 */
export function rectifiedScale(options: { readonly beta: number; readonly eps?: number }): RectifiedScalePart {
  requireOptions("rectifiedScale", options, ["beta"], ["beta", "eps"]);
  const beta = checkNumber("betas[1]", "beta parameter at index 1", options.beta, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-8, { min: 0 });
  const rhoInfinity = 2 / (1 - beta) - 1;
  // ρ and r live in `state` for plots (fields keep doubles unboxed; the code does not read them).
  // k = 1/(√(1 − β₂ᵗ)·rₜ) once per update, so that the only division per parameter is u/σ.
  const state: RectifiedState = { sigma: EMPTY, v: EMPTY, beta, w: 1 - beta, eps, adaptive: false, k: 1, rho: NaN, rectifier: NaN };
  const rule: CoordinateRule<RectifiedState> = {
    state,
    begin(t) {
      const step = t + 1;
      const correction = 1 - beta ** step;
      const rho = (state.rho = rhoInfinity - (2 * step * beta ** step) / correction);
      state.adaptive = rho > 5;
      state.rectifier = state.adaptive ? Math.sqrt(((rho - 4) * (rho - 2) * rhoInfinity) / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho)) : NaN;
      state.k = 1 / (Math.sqrt(correction) * state.rectifier);
    },
    coordinate: rectifiedSigma,
  };
  const part = scalePart("σ: rectified moving average of g²", state, rule, (n) => {
    state.v = new Float64Array(n);
    state.rho = NaN;
    state.rectifier = NaN;
  });
  return {
    ...part,
    get sigma() { return state.sigma; }, // a spread copies a getter's value, not the getter
    get rho() { return state.rho; },
    rhoInfinity,
    get rectifier() { return state.rectifier; },
    get adaptive() { return state.rho > 5; },
  };
}

export interface InfinityNormScaleOptions {
  /** β₂: how much of the largest past |g| is kept per update. */
  readonly beta: number;
  readonly eps?: number;
}

/** Adamax's σ (Kingma & Ba, §7.1): the infinity norm of past gradients, σᵢᵗ = max(β₂·σᵢᵗ⁻¹, |gᵢᵗ| + ε). */
export function infinityNormScale(options: InfinityNormScaleOptions): ScalePart {
  requireOptions("infinityNormScale", options, ["beta"], ["beta", "eps"]);
  const beta = checkNumber("betas[1]", "beta parameter at index 1", options.beta, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-8, { min: 0 });
  const state: InfinityNormState = { sigma: EMPTY, beta, eps };
  const rule: CoordinateRule<InfinityNormState> = { state, begin() {}, coordinate: infinityNormSigma };
  return scalePart("σ: decayed max of |g|", state, rule, () => {});
}

export interface AdadeltaScaleOptions {
  /** ρ: weight of the past in both moving averages. */
  readonly rho: number;
  readonly eps?: number;
}

/** Adadelta's σ (Zeiler, 2012): the RMS of past gradients over the RMS of past steps. */
export function adadeltaScale(options: AdadeltaScaleOptions): ScalePart {
  requireOptions("adadeltaScale", options, ["rho"], ["rho", "eps"]);
  const rho = checkNumber("rho", "rho value", options.rho, { min: 0, max: 1 });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-6, { min: 0 });
  const state: AdadeltaState = { sigma: EMPTY, square: EMPTY, delta: EMPTY, rho, w: 1 - rho, eps };
  const rule: CoordinateRule<AdadeltaState> = { state, begin() {}, coordinate: adadeltaSigma };
  return scalePart("σ: RMS of g over RMS of past steps", state, rule, (n) => {
    state.square = new Float64Array(n);
    state.delta = new Float64Array(n);
  });
}

export interface BeliefScaleOptions {
  /** β₁ of the trend m that g is compared with. */
  readonly beta1: number;
  /** β₂ of the average of (g − m)². */
  readonly beta2: number;
  readonly eps?: number;
}

/**
 * AdaBelief's σ (Zhuang et al., 2020): sᵗ = β₂·sᵗ⁻¹ + (1 − β₂)(gᵗ − mᵗ)² + ε,
 * σᵗ = √(sᵗ/(1 − β₂ᵗ⁺¹)) + ε: large steps where g follows its trend, small where it is noisy.
 */
export function beliefScale(options: BeliefScaleOptions): ScalePart {
  requireOptions("beliefScale", options, ["beta1", "beta2"], ["beta1", "beta2", "eps"]);
  const beta1 = checkNumber("betas[0]", "beta parameter at index 0", options.beta1, { min: 0, max: 1, maxOpen: true });
  const beta2 = checkNumber("betas[1]", "beta parameter at index 1", options.beta2, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-16, { min: 0 });
  const state: BeliefState = { sigma: EMPTY, m: EMPTY, s: EMPTY, beta1, w1: 1 - beta1, beta2, w2: 1 - beta2, eps, unbias: 1 };
  const rule: CoordinateRule<BeliefState> = {
    state,
    begin(t) {
      state.unbias = 1 / Math.sqrt(1 - beta2 ** (t + 1));
    },
    coordinate: beliefSigma,
  };
  return scalePart("σ: moving average of (g − m)²", state, rule, (n) => {
    state.m = new Float64Array(n);
    state.s = new Float64Array(n);
  });
}

export interface TrustRatioOptions {
  /** Added to ‖u‖. Default 1e-6. */
  readonly eps?: number;
  /** λ: u ← u + λθ before the ratio is taken (LAMB's weight decay, inside the ratio). Default 0. */
  readonly weightDecay?: number;
}

/**
 * LARS's and LAMB's trust ratio (You et al., 2017; 2019): u ← u·‖θ‖/‖u‖, so each step
 * moves θ by a set fraction η of its own size (u is left alone while θ or u is 0). It
 * needs all of θ and u at once, so it has no coordinate rule: a chain with it calls each
 * part's `update` in turn.
 */
export function trustRatio(options: TrustRatioOptions = {}): ScalePart {
  checkKnownOptions("trustRatio", options, ["eps", "weightDecay"]);
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-6, { min: 0 });
  const lambda = checkNumber("weightDecay", "weight_decay value", options.weightDecay ?? 0, { min: 0 });
  let sigma = EMPTY;
  return {
    name: "σ: ‖u‖/‖θ‖ (trust ratio)",
    role: "scale",
    init(n) {
      sigma = new Float64Array(n);
    },
    reset() {
      sigma = EMPTY;
    },
    update(u, g, t, theta) {
      if (theta === undefined) throw new TypeError("trustRatio: update(u, g, t, theta) needs θ (a chain gives it)");
      let uu = 0;
      let tt = 0;
      for (let i = 0; i < u.length; i++) {
        if (lambda !== 0) u[i] += lambda * theta[i];
        uu += u[i] * u[i];
        tt += theta[i] * theta[i];
      }
      const ratio = uu > 0 && tt > 0 ? Math.sqrt(tt) / (Math.sqrt(uu) + eps) : 1;
      for (let i = 0; i < u.length; i++) {
        u[i] *= ratio;
        sigma[i] = 1 / ratio;
      }
    },
    get sigma() {
      return sigma;
    },
  };
}
