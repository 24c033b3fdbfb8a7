/**
 * A part's arithmetic for one coordinate, written once as JavaScript statements.
 *
 * Every rule of the lecture acts on each parameter on its own: mᵢ, σᵢ and the step of θᵢ
 * depend only on gᵢ. So an optimizer can do all its parts in a single loop over the
 * parameters, reading and writing each array once per update and calling nothing per
 * coordinate. The chain compiles its parts' rules into that loop (as surfaces compile their
 * formulas); a part's own `update(u, g, t)` runs the same statements alone.
 */
export interface CoordinateRule {
  /**
   * The live values the code reads, written `$name` in it: per-parameter arrays (m, σ, …)
   * and this update's scalars (bias corrections, μᵗ, …). The keys never change.
   */
  readonly state: RuleState;
  /** Sets this update's scalars in `state`; called once per update, before the loop. */
  begin(t: number): void;
  /**
   * Statements for coordinate `i`: `g` is gᵢᵗ (read only), `u` is the direction so far
   * (read it, rewrite it). `lerp(a, b, w)` is torch's lerp.
   */
  readonly code: string;
}

export type RuleState = { [name: string]: Float64Array | number | boolean };

/** torch's lerp: exact at both ends, which keeps moving averages bit-for-bit with torch 2.x's `lerp_`. */
export function lerp(a: number, b: number, w: number): number {
  return w < 0.5 ? a + w * (b - a) : b - (b - a) * (1 - w);
}

/** How weight decay enters the fused loop; decided when the optimizer is made. */
export type DecayMode = "none" | "coupled" | "decoupled";

/**
 * One update of a whole chain, fused: θ ← θ − ηᵗ·u for every coordinate, u = g rewritten by
 * each part in order. `direction` receives u (mᵗ/σᵗ).
 */
export type FusedStep = (
  params: Float64Array,
  grads: Float64Array,
  eta: number,
  weightDecay: number,
  direction: Float64Array,
  rules: readonly CoordinateRule[],
  t: number,
) => void;

/** One part's rule alone: rewrites the array u in place, as `Part.update` does. */
export type RuleUpdate = (u: Float64Array, g: Float64Array, rule: CoordinateRule, t: number) => void;

/**
 * Renames each `$name` in a rule's code to `p{k}_name` and lists the names used: the
 * per-parameter arrays and the scalars, which are read from `rules[k].state` before the loop.
 */
function bind(rule: CoordinateRule, k: number): { arrays: string[]; scalars: string[]; code: string } {
  const used = new Set<string>();
  const code = rule.code.replace(/\$(\w+)/g, (_, name: string) => {
    if (!(name in rule.state)) throw new Error(`coordinate rule uses $${name}, which its state does not have (${Object.keys(rule.state).join(", ")})`);
    used.add(name);
    return `p${k}_${name}`;
  });
  const names = [...used];
  return { arrays: names.filter((name) => rule.state[name] instanceof Float64Array), scalars: names.filter((name) => !(rule.state[name] instanceof Float64Array)), code };
}

/** `const p{k}_name = {owner}.state.name;` for each name. */
const read = (owner: string, k: number, names: readonly string[]): string =>
  names.map((name) => `const p${k}_${name} = ${owner}.state.${name};\n`).join("");

// Optimizers with the same parts and options share one compiled function (and its
// optimisation by V8): the code depends on the rules' text only, never on their values.
const compiled = new Map<string, unknown>();

/** `new Function`, with the source in the error if a rule's code does not parse. */
function compile(params: readonly string[], source: string): (...args: unknown[]) => unknown {
  try {
    return new Function(...params, `"use strict";\n${source}`) as (...args: unknown[]) => unknown;
  } catch (e) {
    throw new SyntaxError(`a coordinate rule's code does not compile (${(e as Error).message}):\n${source}`);
  }
}

function compileOnce<F>(source: string): F {
  let f = compiled.get(source);
  if (f === undefined) {
    f = compile(["lerp"], source)(lerp);
    compiled.set(source, f);
  }
  return f as F;
}

let ownCount = 0;

/** For a loop with its arrays fixed: a check, once per update, that the parts still use them. */
function stale(bound: readonly { arrays: string[] }[]): string {
  const tests = bound.flatMap((b, k) => b.arrays.map((name) => `rules[${k}].state.${name} !== p${k}_${name}`));
  if (tests.length === 0) return "";
  return `if (${tests.join(" || ")}) throw new Error("a part of this optimizer was re-initialised on its own; call reset() on the optimizer instead");\n`;
}

/**
 * Compiles a chain's rules, in order, into one loop over the parameters.
 *
 * With `own`, the loop is compiled for this optimizer alone, with its arrays (the rules'
 * state arrays as they are now, and `own.direction`) fixed in the function's closure: V8
 * then treats them as constants, which makes a step over a million parameters about 1.5×
 * faster. That costs a compilation per optimizer, so the chain asks for it only for large
 * models; the shared function serves the rest.
 */
export function fuseRules(rules: readonly CoordinateRule[], decay: DecayMode, own?: { readonly direction: Float64Array }): FusedStep {
  const bound = rules.map((rule, k) => bind(rule, k));
  const gradient = decay === "coupled" ? "grads[i] + weightDecay * params[i]" : "grads[i]";
  const apply = decay === "decoupled" ? "params[i] = params[i] * (1 - eta * weightDecay) - eta * u;" : "params[i] -= eta * u;";
  const arrays = bound.map((b, k) => read(`rules[${k}]`, k, b.arrays)).join("");
  const step = `function fusedStep(params, grads, eta, weightDecay, direction, rules, t) {
${rules.map((_, k) => `rules[${k}].begin(t);`).join("\n")}
${own ? stale(bound) : arrays}${bound.map((b, k) => read(`rules[${k}]`, k, b.scalars)).join("")}for (let i = 0, n = params.length; i < n; i++) {
  const g = ${gradient};
  let u = g;
${bound.map((b) => `  {\n    ${b.code}\n  }`).join("\n")}
  direction[i] = u;
  ${apply}
}
}`;
  if (!own) return compileOnce<FusedStep>(`return ${step};`);
  // A function of its own: new source text (the number), so V8 shares nothing with others.
  const make = compile(["lerp", "rules", "direction"], `// optimizer ${++ownCount}\n${arrays}return ${step.replace("direction, rules, t", "_direction, _rules, t")};`);
  return make(lerp, rules, own.direction) as FusedStep;
}

/** Compiles one rule into an update of the array u (what `Part.update` does). */
export function ruleUpdate(rule: CoordinateRule): RuleUpdate {
  const b = bind(rule, 0);
  return compileOnce<RuleUpdate>(`return function ruleUpdate(U, G, rule, t) {
rule.begin(t);
${read("rule", 0, b.arrays)}${read("rule", 0, b.scalars)}for (let i = 0, n = U.length; i < n; i++) {
  const g = G[i];
  let u = U[i];
  {
    ${b.code}
  }
  U[i] = u;
}
};`);
}
