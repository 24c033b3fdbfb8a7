import { checkBoolean, checkNumber } from "../check/options";
import { EMPTY, type ScalePart } from "./part";

/**
 * Divides u by σ. The lecture's rules have no ε, so a parameter whose gradients were
 * all exactly 0 would compute 0/0: we define that step as 0 (it has had no reason to move).
 */
function divideLecture(u: Float64Array, sigma: Float64Array): void {
  for (let i = 0, n = u.length; i < n; i++) u[i] = sigma[i] === 0 ? 0 : u[i] / sigma[i];
}

/** Shared shape of the scale parts: σ and one accumulator, allocated on init. */
function scalePart(
  name: string,
  state: { sigma: Float64Array; acc: Float64Array },
  initial: number,
  update: ScalePart["update"],
  extra: { init?(n: number): void; reset?(): void } = {},
): ScalePart {
  return {
    name,
    role: "scale",
    get sigma() {
      return state.sigma;
    },
    init(n) {
      state.sigma = new Float64Array(n);
      state.acc = new Float64Array(n).fill(initial);
      extra.init?.(n);
    },
    reset() {
      state.sigma = EMPTY;
      state.acc = EMPTY;
      extra.reset?.();
    },
    update,
  };
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
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 0, { min: 0 });
  const s = { sigma: EMPTY, acc: EMPTY };
  return scalePart("σ: root mean square of past g", s, 0, (u, g, t) => {
    const count = t + 1;
    const { acc, sigma } = s;
    for (let i = 0, n = g.length; i < n; i++) {
      acc[i] += g[i] * g[i];
      sigma[i] = Math.sqrt(acc[i] / count) + eps;
    }
    divideLecture(u, sigma);
  });
}

export interface RootSumSquareOptions {
  readonly initialAccumulatorValue?: number;
  readonly eps?: number;
}

/** torch's Adagrad σ: σᵢᵗ = √(v₀ + Σₖ (gᵢᵏ)²) + ε, the root of the **sum** of squares. */
export function rootSumSquare(options: RootSumSquareOptions = {}): ScalePart {
  const initial = checkNumber("initialAccumulatorValue", "initial_accumulator_value value", options.initialAccumulatorValue ?? 0, { min: 0 });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-10, { min: 0 });
  const s = { sigma: EMPTY, acc: EMPTY };
  return scalePart("σ: root of the sum of past g²", s, initial, (u, g) => {
    const { acc, sigma } = s;
    for (let i = 0, n = g.length; i < n; i++) {
      acc[i] += g[i] * g[i];
      sigma[i] = Math.sqrt(acc[i]) + eps;
      u[i] /= sigma[i];
    }
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
  const alpha = checkNumber("alpha", "alpha value", options.alpha, { min: 0, max: 1 });
  const start = options.start ?? "zero";
  if (start !== "zero" && start !== "first-gradient") {
    throw new RangeError(`Invalid start: ${String(start)} (start must be "zero" or "first-gradient")`);
  }
  const lecture = start === "first-gradient";
  const eps = checkNumber("eps", "epsilon value", options.eps ?? (lecture ? 0 : 1e-8), { min: 0 });
  const centered = checkBoolean("centered", options.centered ?? false);
  const s = { sigma: EMPTY, acc: EMPTY };
  let mean = EMPTY;
  const w = 1 - alpha;
  return scalePart(
    lecture ? "σ: RMSProp, σ⁰ = |g⁰|" : centered ? "σ: centered RMSProp" : "σ: RMSProp",
    s,
    0,
    (u, g, t) => {
      const n = g.length;
      const { acc, sigma } = s;
      const first = lecture && t === 0;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        let v = (acc[i] = first ? gi * gi : acc[i] * alpha + gi * gi * w);
        if (centered) {
          const c = (mean[i] = first ? gi : w < 0.5 ? mean[i] + w * (gi - mean[i]) : gi - (gi - mean[i]) * (1 - w));
          v -= c * c;
        }
        sigma[i] = Math.sqrt(v) + eps;
      }
      if (lecture) divideLecture(u, sigma);
      else for (let i = 0; i < n; i++) u[i] /= sigma[i];
    },
    {
      init: (n) => {
        mean = centered ? new Float64Array(n) : EMPTY;
      },
      reset: () => {
        mean = EMPTY;
      },
    },
  );
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
  const beta = checkNumber("betas[1]", "beta parameter at index 1", options.beta, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-8, { min: 0 });
  const amsgrad = checkBoolean("amsgrad", options.amsgrad ?? false);
  const biasCorrection = checkBoolean("biasCorrection", options.biasCorrection ?? true);
  const s = { sigma: EMPTY, acc: EMPTY };
  let vmax = EMPTY;
  const w = 1 - beta;
  return scalePart(
    amsgrad ? "σ: AMSGrad (max of moving average of g²)" : biasCorrection ? "σ: moving average of g², bias-corrected" : "σ: moving average of g²",
    s,
    0,
    (u, g, t) => {
      const root = biasCorrection ? Math.sqrt(1 - beta ** (t + 1)) : 1;
      const { acc, sigma } = s;
      const n = g.length;
      if (amsgrad) {
        const max = vmax;
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          const v = (max[i] = Math.max(max[i], (acc[i] = acc[i] * beta + gi * gi * w)));
          u[i] /= sigma[i] = Math.sqrt(v) / root + eps;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const gi = g[i];
          const v = (acc[i] = acc[i] * beta + gi * gi * w);
          u[i] /= sigma[i] = Math.sqrt(v) / root + eps;
        }
      }
    },
    {
      init: (n) => {
        vmax = amsgrad ? new Float64Array(n) : EMPTY;
      },
      reset: () => {
        vmax = EMPTY;
      },
    },
  );
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
  const beta = checkNumber("betas[1]", "beta parameter at index 1", options.beta, { min: 0, max: 1, maxOpen: true });
  const eps = checkNumber("eps", "epsilon value", options.eps ?? 1e-8, { min: 0 });
  const rhoInfinity = 2 / (1 - beta) - 1;
  const s = { sigma: EMPTY, acc: EMPTY };
  let rho = NaN;
  let rectifier = NaN;
  const w = 1 - beta;
  const base = scalePart("σ: rectified moving average of g²", s, 0, (u, g, t) => {
    const step = t + 1;
    const correction = 1 - beta ** step;
    rho = rhoInfinity - (2 * step * beta ** step) / correction;
    const n = g.length;
    const { acc, sigma } = s;
    for (let i = 0; i < n; i++) acc[i] = acc[i] * beta + g[i] * g[i] * w;
    if (rho > 5) {
      rectifier = Math.sqrt(((rho - 4) * (rho - 2) * rhoInfinity) / ((rhoInfinity - 4) * (rhoInfinity - 2) * rho));
      const k = Math.sqrt(correction) * rectifier;
      for (let i = 0; i < n; i++) u[i] /= sigma[i] = (Math.sqrt(acc[i]) + eps) / k;
    } else {
      rectifier = NaN;
      sigma.fill(1);
    }
  }, {
    reset: () => {
      rho = NaN;
      rectifier = NaN;
    },
  });
  return Object.defineProperties(base, {
    rho: { get: () => rho, enumerable: true },
    rhoInfinity: { value: rhoInfinity, enumerable: true },
    rectifier: { get: () => rectifier, enumerable: true },
    adaptive: { get: () => rho > 5, enumerable: true },
  }) as RectifiedScalePart;
}
