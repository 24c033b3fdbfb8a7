import { checkBoolean, checkNumber, requireOptions } from "../check/options";
import type { Schedule } from "./schedule";

/*
 * torch.optim.lr_scheduler's shapes, as plain functions of the 0-based update count t
 * (ηᵗ is the learning rate update t uses). Closed forms of torch's step-by-step rules:
 * equal to torch's to rounding (test/schedules-torch.test.ts).
 */

/** torch's LinearLR: η·f(t), f going linearly from startFactor to endFactor over totalIters updates, then staying. */
export function linearLr(options: { readonly lr: number; readonly startFactor?: number; readonly endFactor?: number; readonly totalIters?: number }): Schedule {
  requireOptions("linearLr", options, ["lr"], ["lr", "startFactor", "endFactor", "totalIters"]);
  const lr = checkNumber("lr", "learning rate", options.lr, { min: 0 });
  const start = checkNumber("startFactor", "start_factor value", options.startFactor ?? 1 / 3, { min: 0, max: 1, minOpen: true });
  const end = checkNumber("endFactor", "end_factor value", options.endFactor ?? 1, { min: 0, max: 1 });
  const total = checkNumber("totalIters", "total_iters value", options.totalIters ?? 5, { min: 1, integer: true });
  return (t) => lr * (start + ((end - start) * Math.min(t, total)) / total);
}

/** torch's PolynomialLR: ηᵗ = η·(1 − min(t, T)/T)^power, reaching 0 at T. */
export function polynomialDecay(options: { readonly lr: number; readonly totalIters?: number; readonly power?: number }): Schedule {
  requireOptions("polynomialDecay", options, ["lr"], ["lr", "totalIters", "power"]);
  const lr = checkNumber("lr", "learning rate", options.lr, { min: 0 });
  const total = checkNumber("totalIters", "total_iters value", options.totalIters ?? 5, { min: 1, integer: true });
  const power = checkNumber("power", "power value", options.power ?? 1, { min: 0 });
  return (t) => lr * (1 - Math.min(t, total) / total) ** power;
}

/**
 * SGDR, torch's CosineAnnealingWarmRestarts (Loshchilov & Hutter, 2017): cosine annealing
 * from η to minLr over t0 updates, then a restart at η, each period tMult times longer.
 */
export function cosineWarmRestarts(options: { readonly lr: number; readonly t0: number; readonly tMult?: number; readonly minLr?: number }): Schedule {
  requireOptions("cosineWarmRestarts", options, ["lr", "t0"], ["lr", "t0", "tMult", "minLr"]);
  const lr = checkNumber("lr", "learning rate", options.lr, { min: 0 });
  const t0 = checkNumber("t0", "T_0", options.t0, { min: 1, integer: true });
  const tMult = checkNumber("tMult", "T_mult", options.tMult ?? 1, { min: 1, integer: true });
  const minLr = checkNumber("minLr", "eta_min", options.minLr ?? 0, { min: 0, max: lr });
  return (t) => {
    // Which period t falls in, and how far into it (integers, as torch counts).
    let into = t;
    let period = t0;
    while (into >= period) {
      into -= period;
      period *= tMult;
    }
    return minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * into) / period))) / 2;
  };
}

export interface OneCycleOptions {
  /** The peak learning rate. */
  readonly maxLr: number;
  /** Updates in the cycle; a schedule asked for update totalSteps or later throws, as torch's does. */
  readonly totalSteps: number;
  /** Share of the cycle spent rising. Default 0.3. */
  readonly pctStart?: number;
  /** "cos" (default) or "linear". */
  readonly annealStrategy?: "cos" | "linear";
  /** Start at maxLr/divFactor. Default 25. */
  readonly divFactor?: number;
  /** End at maxLr/(divFactor·finalDivFactor). Default 1e4. */
  readonly finalDivFactor?: number;
  /** Rise, fall back to the start, then fall to the end (fast.ai's shape). Default false. */
  readonly threePhase?: boolean;
}

/**
 * torch's OneCycleLR (Smith & Topin, 2018): warm up from maxLr/divFactor to maxLr, then
 * anneal far below the start. Learning rate only: torch also cycles momentum by default
 * (cycle_momentum=True); with cycle_momentum=False the two agree.
 */
export function oneCycle(options: OneCycleOptions): Schedule {
  requireOptions("oneCycle", options, ["maxLr", "totalSteps"], ["maxLr", "totalSteps", "pctStart", "annealStrategy", "divFactor", "finalDivFactor", "threePhase"]);
  const maxLr = checkNumber("maxLr", "max_lr", options.maxLr, { min: 0 });
  const total = checkNumber("totalSteps", "total_steps", options.totalSteps, { min: 2, integer: true });
  const pct = checkNumber("pctStart", "pct_start", options.pctStart ?? 0.3, { min: 0, max: 1 });
  const strategy = options.annealStrategy ?? "cos";
  if (strategy !== "cos" && strategy !== "linear") throw new RangeError(`Invalid annealStrategy: ${JSON.stringify(strategy)} (annealStrategy must be "cos" or "linear")`);
  const initial = maxLr / checkNumber("divFactor", "div_factor", options.divFactor ?? 25, { min: 0, minOpen: true });
  const min = initial / checkNumber("finalDivFactor", "final_div_factor", options.finalDivFactor ?? 1e4, { min: 0, minOpen: true });
  const threePhase = checkBoolean("threePhase", options.threePhase ?? false);
  const phases = threePhase
    ? [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: 2 * pct * total - 2, from: maxLr, to: initial },
        { end: total - 1, from: initial, to: min },
      ]
    : [
        { end: pct * total - 1, from: initial, to: maxLr },
        { end: total - 1, from: maxLr, to: min },
      ];
  const anneal =
    strategy === "cos"
      ? (from: number, to: number, p: number) => to + ((from - to) / 2) * (Math.cos(Math.PI * p) + 1)
      : (from: number, to: number, p: number) => (to - from) * p + from;
  return (t) => {
    if (t >= total) throw new RangeError(`oneCycle: asked for update t = ${t}, but the cycle has totalSteps = ${total} updates (0 … ${total - 1})`);
    let start = 0;
    for (let k = 0; k < phases.length; k++) {
      const phase = phases[k];
      if (t <= phase.end || k === phases.length - 1) return anneal(phase.from, phase.to, (t - start) / (phase.end - start));
      start = phase.end;
    }
    return min;
  };
}
