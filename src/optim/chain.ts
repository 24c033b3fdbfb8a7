import { checkNumber, checkBoolean, checkKnownOptions } from "../check/options";
import { fixedRate, fixedRateOf, type LearningRate, type Schedule } from "../schedules/schedule";
import { EMPTY, type MomentumPart, type Part, type ScalePart } from "./part";
import { fuseRules, type CoordinateRule, type DecayMode, type FusedStep } from "./rule";

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
  /**
   * Everything this optimizer remembers (t, ηᵗ, each part's m, σ, …) as plain JSON, like
   * torch's `state_dict()`: save it, and `loadStateDict` continues the run exactly.
   */
  stateDict(): OptimizerState;
  /** Restores a `stateDict()` of an optimizer with the same parts: the next step is the one the saved optimizer would take. */
  loadStateDict(state: OptimizerState): void;
}

/** A saved optimizer: numbers as JSON numbers, except NaN and ±Infinity, which are written as strings. */
export interface OptimizerState {
  readonly optimizer: string;
  readonly parts: readonly { readonly name: string; readonly state: Record<string, SavedNumber | readonly SavedNumber[] | boolean> }[];
  readonly t: number;
  readonly lr: SavedNumber;
  /** Parameters, −1 before the first update. */
  readonly n: number;
  readonly direction: readonly SavedNumber[];
  /** An optimizer of parameter groups: each group's own state. */
  readonly groups?: readonly OptimizerState[];
}

/** A number in JSON: NaN and ±Infinity, which JSON lacks, as "NaN", "Infinity", "-Infinity". */
export type SavedNumber = number | "NaN" | "Infinity" | "-Infinity";

const save = (x: number): SavedNumber => (Number.isFinite(x) ? x : (String(x) as SavedNumber));
const restore = (x: unknown, what: string): number => {
  if (typeof x === "number") return x;
  if (x === "NaN" || x === "Infinity" || x === "-Infinity") return Number(x);
  throw new TypeError(`loadStateDict: ${what} is ${JSON.stringify(x)}, not a number`);
};

/** Wraps a number as a constant schedule and checks a function is one. */
export function toSchedule(lr: LearningRate, owner = "lr"): Schedule {
  if (typeof lr === "function") return lr;
  checkNumber(owner, "learning rate", lr, { min: 0 });
  return fixedRate(lr);
}

function badRate(name: string, schedule: Schedule, eta: unknown, t: number): RangeError {
  const kind = eta === null ? "null" : eta === undefined ? "nothing was returned" : `a ${typeof eta}`;
  const shown = typeof eta === "number" ? String(eta) : `${typeof eta === "string" ? JSON.stringify(eta) : String(eta)} (${kind})`;
  const which = schedule.name ? `learning-rate schedule ${schedule.name}` : "learning-rate schedule";
  return new RangeError(`${name}: the ${which} returned ${shown} at update t = ${t} (ηᵗ must be a finite number ≥ 0)`);
}

const CHAIN_OPTIONS = ["name", "lr", "parts", "weightDecay", "decoupled"] as const;
const PART_METHODS = ["init", "update", "reset"] as const;

/*
 * A part keeps its state (m, σ, …) for the one optimizer it belongs to: a second optimizer
 * stepping the same part would overwrite the first one's m and σ without a word.
 */
const owners = new WeakMap<object, string>();

/** Says at creation, not at the first step, what is wrong with a chain's options. */
function checkChainOptions(options: unknown): void {
  if (options === undefined || options === null || typeof options !== "object") {
    throw new TypeError(`chain needs options { lr, parts }, e.g. chain({ lr: 0.1, parts: [heavyBall({ momentum: 0.9 })] })`);
  }
  checkKnownOptions("chain", options, CHAIN_OPTIONS);
  const { lr, parts, name } = options as { lr?: unknown; parts?: unknown; name?: unknown };
  if (lr === undefined) throw new TypeError("chain: lr is required (a number η, or a schedule t => ηᵗ)");
  if (typeof lr !== "number" && typeof lr !== "function") {
    throw new TypeError(`chain: lr must be a number η or a schedule t => ηᵗ, got ${JSON.stringify(lr)}`);
  }
  if (name !== undefined && typeof name !== "string") throw new TypeError(`chain: name must be a string, got ${String(name)}`);
  if (!Array.isArray(parts)) {
    throw new TypeError(`chain: parts must be an array of parts (momentum, scale), e.g. [emaMomentum({ beta: 0.9 }), adamScale({ beta: 0.999 })]; [] is plain gradient descent`);
  }
  parts.forEach((part: unknown, k) => {
    const p = part as Partial<Part> | null;
    const what = `chain: parts[${k}]`;
    if (p === null || typeof p !== "object") throw new TypeError(`${what} must be a part such as heavyBall(…) or rmsScale(…), got ${String(part)}`);
    if (typeof p.name !== "string") throw new TypeError(`${what} has no name (a part needs name, role, init, update and reset)`);
    if (p.role !== "momentum" && p.role !== "scale") {
      throw new TypeError(`${what} (${p.name}) has role ${JSON.stringify(p.role)}; a part's role is "momentum" or "scale"`);
    }
    for (const method of PART_METHODS) {
      if (typeof p[method] !== "function") throw new TypeError(`${what} (${p.name}) has no ${method}() method`);
    }
    if (p.rule !== undefined && (typeof p.rule !== "object" || typeof p.rule.coordinate !== "function" || typeof p.rule.begin !== "function")) {
      throw new TypeError(`${what} (${p.name}) has a malformed rule (it needs state, begin(t) and coordinate(s, i, u, g))`);
    }
    if (parts.indexOf(part) !== k) throw new TypeError(`${what} (${p.name}) is the same part as parts[${parts.indexOf(part)}]; each needs its own`);
    const owner = owners.get(p);
    if (owner !== undefined) {
      throw new TypeError(`${what} (${p.name}) already belongs to the optimizer ${owner}: a part keeps its optimizer's state, so make a new one for each optimizer`);
    }
  });
}

/** Says what is wrong with the arrays given to step (the step itself tests the common case). */
function checkArrays(name: string, params: unknown, grads: unknown, n: number): void {
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
 * The step for parts without coordinate rules (written by hand): each part's update runs
 * over the arrays in turn. Same numbers as the fused loop; more passes over memory.
 */
function partByPart(parts: readonly Part[], decay: DecayMode): FusedStep {
  let decayed = EMPTY;
  return (params, grads, eta, wd, u, _rules, t) => {
    const n = params.length;
    let g = grads;
    if (decay === "coupled") {
      if (decayed.length !== n) decayed = new Float64Array(n);
      for (let i = 0; i < n; i++) decayed[i] = grads[i] + wd * params[i];
      g = decayed;
    }
    for (let i = 0; i < n; i++) u[i] = g[i];
    for (let k = 0; k < parts.length; k++) parts[k].update(u, g, t, params);
    if (decay === "decoupled") {
      const shrink = 1 - eta * wd;
      for (let i = 0; i < n; i++) params[i] *= shrink;
    }
    for (let i = 0; i < n; i++) params[i] -= eta * u[i];
  };
}

/**
 * From this many parameters on, an optimizer compiles its loop for its own arrays (about 1.5×
 * faster per step; the compilation, a few milliseconds, is then small next to the steps).
 */
const OWN_LOOP_AT = 10_000;

const NO_RULES: readonly CoordinateRule[] = [];

/*
 * A class, not an object literal with getters: every optimizer then shares one hidden class,
 * so the run loop's calls to `step` and reads of `lr` stay monomorphic whichever optimizer
 * it is given (V8 gives each literal with accessors its own shape).
 */
class Chain<P extends readonly Part[]> implements Optimizer<P> {
  readonly name: string;
  readonly parts: P;
  readonly schedule: Schedule;
  private readonly weightDecay: number;
  /** The parts' rules, if every part has one (every part of this module does). */
  private readonly rules: readonly CoordinateRule[] | undefined;
  private readonly decay: DecayMode;
  /** The loop shared by all optimizers with the same parts. */
  private readonly shared: FusedStep;
  private update: FusedStep;
  /** η when the schedule is a constant (no call per update), else NaN. */
  private readonly fixedLr: number;
  private readonly momentumPart: MomentumPart | undefined;
  private readonly scalePart: ScalePart | undefined;
  private n = -1;
  private updates = 0;
  private lastLr = NaN;
  private u: Float64Array = EMPTY;

  constructor(options: ChainOptions<P>) {
    checkChainOptions(options);
    this.name = options.name ?? "chain";
    this.schedule = toSchedule(options.lr);
    this.weightDecay = checkNumber("weightDecay", "weight_decay value", options.weightDecay ?? 0, { min: 0 });
    const decoupled = checkBoolean("decoupled", options.decoupled ?? false);
    const parts = (this.parts = options.parts);
    for (const part of parts) owners.set(part, this.name);
    this.momentumPart = parts.find((p): p is MomentumPart => p.role === "momentum");
    this.scalePart = parts.find((p): p is ScalePart => p.role === "scale");
    const decay: DecayMode = (this.decay = this.weightDecay === 0 ? "none" : decoupled ? "decoupled" : "coupled");
    // With a coordinate rule for every part, one compiled loop per update.
    const rules = (this.rules = parts.every((p) => p.rule !== undefined) ? parts.map((p) => p.rule as CoordinateRule) : undefined);
    this.update = this.shared = rules ? fuseRules(rules, decay) : partByPart(parts, decay);
    this.fixedLr = fixedRateOf(this.schedule) ?? NaN;
  }

  get t(): number {
    return this.updates;
  }
  get lr(): number {
    return this.lastLr;
  }
  get m(): Float64Array | undefined {
    return this.momentumPart?.m;
  }
  get sigma(): Float64Array | undefined {
    return this.scalePart?.sigma;
  }
  get direction(): Float64Array {
    return this.u;
  }

  /** What a notebook prints for an optimizer: its name, parts and clock, not its internals. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    const parts = this.parts.map((p) => p.name).join("; then ") || "no parts: u = g";
    return `${this.name} [${parts}] after ${this.t} update${this.t === 1 ? "" : "s"}, last η = ${this.lr}`;
  }

  stateDict(): OptimizerState {
    return {
      optimizer: this.name,
      parts: this.parts.map((part) => {
        if (!part.rule) throw new TypeError(`stateDict: the part ${part.name} keeps its state in its own code (it has no rule), so it cannot be saved`);
        const state = Object.fromEntries(
          Object.entries(part.rule.state).map(([key, value]) => [key, value instanceof Float64Array ? Array.from(value, save) : typeof value === "number" ? save(value) : value]),
        );
        return { name: part.name, state };
      }),
      t: this.updates,
      lr: save(this.lastLr),
      n: this.n,
      direction: Array.from(this.u, save),
    };
  }

  loadStateDict(saved: OptimizerState): void {
    const names = this.parts.map((p) => p.name);
    if (!saved || !Array.isArray(saved.parts) || saved.parts.length !== names.length || saved.parts.some((p, k) => p?.name !== names[k])) {
      throw new TypeError(
        `loadStateDict: this ${this.name} has parts [${names.join("; ")}], the saved ${saved?.optimizer ?? "state"} has [${(saved?.parts ?? []).map((p) => p?.name).join("; ")}]`,
      );
    }
    const n = checkNumber("n", "number of parameters", saved.n, { min: -1, integer: true });
    this.reset();
    if (n === -1) return;
    // As a first update would: state allocated for n parameters (and a loop of its own for a large model).
    this.first(new Float64Array(n), new Float64Array(n));
    this.parts.forEach((part, k) => {
      const into = part.rule!.state;
      for (const [key, value] of Object.entries(saved.parts[k].state)) {
        const current = into[key];
        if (current instanceof Float64Array) {
          if (!Array.isArray(value) || value.length !== current.length) {
            throw new RangeError(`loadStateDict: ${part.name}'s ${key} has ${Array.isArray(value) ? value.length : "no"} values, needs ${current.length}`);
          }
          // Into the arrays the parts (and a large model's own loop) already hold.
          value.forEach((x, i) => (current[i] = restore(x, `${part.name}'s ${key}[${i}]`)));
        } else if (typeof current === "number") into[key] = restore(value, `${part.name}'s ${key}`);
        else if (typeof current === "boolean") into[key] = value === true;
        else throw new TypeError(`loadStateDict: ${part.name} has no state ${key}`);
      }
    });
    this.updates = checkNumber("t", "update count", saved.t, { min: 0, integer: true });
    this.lastLr = restore(saved.lr, "lr");
    if (Array.isArray(saved.direction) && saved.direction.length === n) saved.direction.forEach((x, i) => (this.u[i] = restore(x, `direction[${i}]`)));
  }

  reset(): void {
    this.n = -1;
    this.updates = 0;
    this.lastLr = NaN;
    this.u = EMPTY;
    this.update = this.shared;
    for (const p of this.parts) p.reset();
  }

  /*
   * Small on purpose: V8 inlines a function into its caller (the run loop) only while its
   * bytecode is short, so the first update and the error messages live in other functions.
   */
  step(params: Float64Array, grads: Float64Array): void {
    const n = this.n;
    if (!(params instanceof Float64Array && grads instanceof Float64Array && params.length === n && grads.length === n)) {
      this.first(params, grads);
    }
    const t = this.updates;
    const eta = this.fixedLr >= 0 ? this.fixedLr : this.schedule(t);
    // typeof too: "0.1" >= 0 and null >= 0 are true in JavaScript.
    if (typeof eta !== "number" || !(eta >= 0) || eta === Infinity) throw badRate(this.name, this.schedule, eta, t);
    this.update(params, grads, eta, this.weightDecay, this.u, this.rules ?? NO_RULES, t);
    this.lastLr = eta;
    this.updates = t + 1;
  }

  /** Checks the arrays, and on the first update allocates the state for their length. */
  private first(params: unknown, grads: unknown): void {
    checkArrays(this.name, params, grads, this.n);
    if (this.n !== -1) return;
    this.n = (params as Float64Array).length;
    this.u = new Float64Array(this.n);
    for (const p of this.parts) p.init(this.n);
    if (this.n >= OWN_LOOP_AT && this.rules) this.update = fuseRules(this.rules, this.decay, { direction: this.u });
  }
}

/**
 * Builds an optimizer from a learning rate and parts: θ ← θ − ηᵗ·u, u = gᵗ rewritten by
 * each part in turn. Every named optimizer (sgd, adagrad, rmsprop, adam, …) is one call.
 * Allocates its buffers on the first step and nothing per update after that.
 */
export function chain<P extends readonly Part[]>(options: ChainOptions<P>): Optimizer<P> {
  return new Chain(options);
}
