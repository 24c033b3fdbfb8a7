import { checkNumber, checkBoolean } from "../check/options";
import type { LearningRate, Schedule } from "../schedules/schedule";
import { EMPTY, type MomentumPart, type Part, type ScalePart } from "./part";

/** How weight decay enters: torch's Adam adds wd·θ to g ("coupled"); AdamW shrinks θ itself ("decoupled"). */
export interface WeightDecay {
  readonly weightDecay?: number;
  readonly decoupled?: boolean;
}

export interface ChainOptions<P extends readonly Part[]> extends WeightDecay {
  /** Shown in errors and legends, e.g. "Adam". */
  readonly name?: string;
  /** η or a schedule ηᵗ (a function of the 0-based update count). */
  readonly lr: LearningRate;
  /** Applied in order to u = gᵗ: momentum then scale gives (1/σᵗ)·mᵗ. */
  readonly parts: P;
}

export interface Optimizer<P extends readonly Part[] = readonly Part[]> {
  readonly name: string;
  /** The parts, in order; their state (m, σ, …) is readable for plots. */
  readonly parts: P;
  /**
   * One update, exactly as one torch `optimizer.step()`: `params` is changed in place.
   * Both arrays must have the same length, the same on every call.
   */
  step(params: Float64Array, grads: Float64Array): void;
  /** Updates done so far. */
  readonly t: number;
  /** ηᵗ used by the last update (NaN before the first). */
  readonly lr: number;
  /** The schedule ηᵗ this optimizer follows. */
  readonly schedule: Schedule;
  /** m per parameter from the momentum part, if it has one. */
  readonly m: Float64Array | undefined;
  /** σ per parameter from the scale part, if it has one. */
  readonly sigma: Float64Array | undefined;
  /** The direction −(θᵗ⁺¹ − θᵗ)/ηᵗ of the last update, i.e. mᵗ/σᵗ (without decoupled weight decay). */
  readonly direction: Float64Array;
  /** Forgets all state: the next step is a first step again. */
  reset(): void;
}

/** Wraps a number as a constant schedule and checks a function is one. */
export function toSchedule(lr: LearningRate, owner = "lr"): Schedule {
  if (typeof lr === "function") return lr;
  checkNumber(owner, "learning rate", lr, { min: 0 });
  return () => lr;
}

function checkArrays(name: string, params: unknown, grads: unknown, n: number): void {
  // The common case in one comparison, so that checking costs nothing in the run loop.
  if (n !== -1 && (params as Float64Array).length === n && (grads as Float64Array).length === n && params instanceof Float64Array && grads instanceof Float64Array) return;
  if (!(params instanceof Float64Array)) {
    throw new TypeError(`${name}.step: params must be a Float64Array, got ${Object.prototype.toString.call(params)}`);
  }
  if (!(grads instanceof Float64Array)) {
    throw new TypeError(`${name}.step: grads must be a Float64Array, got ${Object.prototype.toString.call(grads)}`);
  }
  if (params.length === 0) throw new RangeError(`${name}.step: params is empty (need at least one parameter)`);
  if (grads.length !== params.length) {
    throw new RangeError(`${name}.step: grads has length ${grads.length} but params has length ${params.length}; they must match`);
  }
  if (n !== -1 && params.length !== n) {
    throw new RangeError(
      `${name}.step: params has length ${params.length} but this optimizer was first used with ${n} parameters; create a new optimizer (or call reset()) for a different model`,
    );
  }
}

/**
 * Builds an optimizer from a learning rate and parts: θ ← θ − ηᵗ·u, u = gᵗ rewritten by
 * each part in turn. Every named optimizer (sgd, adagrad, rmsprop, adam, …) is one call.
 * Allocates its buffers on the first step and nothing per update after that.
 */
export function chain<P extends readonly Part[]>(options: ChainOptions<P>): Optimizer<P> {
  const name = options.name ?? "chain";
  const schedule = toSchedule(options.lr);
  const wd = checkNumber("weightDecay", "weight_decay value", options.weightDecay ?? 0, { min: 0 });
  const decoupled = checkBoolean("decoupled", options.decoupled ?? false);
  const parts = options.parts;
  const momentumPart = parts.find((p): p is MomentumPart & P[number] => p.role === "momentum");
  const scalePart = parts.find((p): p is ScalePart & P[number] => p.role === "scale");

  let n = -1;
  let t = 0;
  let lastLr = NaN;
  let u = EMPTY;
  let decayed = EMPTY;

  return {
    name,
    parts,
    schedule,
    get t() {
      return t;
    },
    get lr() {
      return lastLr;
    },
    get m() {
      return momentumPart?.m;
    },
    get sigma() {
      return scalePart?.sigma;
    },
    get direction() {
      return u;
    },
    reset() {
      n = -1;
      t = 0;
      lastLr = NaN;
      u = EMPTY;
      decayed = EMPTY;
      for (const p of parts) p.reset();
    },
    step(params: Float64Array, grads: Float64Array): void {
      checkArrays(name, params, grads, n);
      const len = params.length;
      if (n === -1) {
        n = len;
        u = new Float64Array(n);
        if (wd !== 0 && !decoupled) decayed = new Float64Array(n);
        for (const p of parts) p.init(n);
      }
      const eta = schedule(t);
      if (!(eta >= 0) || eta === Infinity) {
        throw new RangeError(`${name}: the learning-rate schedule returned ${eta} at update t = ${t} (ηᵗ must be a finite number ≥ 0)`);
      }
      let g = grads;
      if (wd !== 0 && !decoupled) {
        for (let i = 0; i < len; i++) decayed[i] = grads[i] + wd * params[i];
        g = decayed;
      }
      for (let i = 0; i < len; i++) u[i] = g[i];
      for (let k = 0; k < parts.length; k++) parts[k].update(u, g, t);
      if (wd !== 0 && decoupled) {
        const shrink = 1 - eta * wd;
        for (let i = 0; i < len; i++) params[i] *= shrink;
      }
      for (let i = 0; i < len; i++) params[i] -= eta * u[i];
      lastLr = eta;
      t++;
    },
  };
}
