/**
 * A part's arithmetic for one coordinate, as a plain TypeScript function.
 *
 * Every rule of the lecture acts on each parameter on its own: mᵢ, σᵢ and the step of θᵢ
 * depend only on gᵢ. Adam's σ, for instance, is
 *
 *     function adamSigma(s: AdamScaleState, i: number, u: number, g: number): number {
 *       const v = (s.v[i] = s.v[i] * s.beta + g * g * s.w);  // vᵢ ← β₂·vᵢ + (1 − β₂)·gᵢ²
 *       return u / (s.sigma[i] = Math.sqrt(v) * s.unbias + s.eps);  // u ← u / σᵢ
 *     }
 *
 * A part's own `update(u, g, t)` calls its rule for each parameter. An optimizer does better:
 * it inlines its parts' rules, from their source text, into one loop over the parameters, so
 * each array is read and written once per update and nothing is called per coordinate (see
 * `fuseRules`). For that a rule reads and writes its state only through its first parameter
 * and ends with its one `return`; any other rule still works, called per coordinate.
 */
export interface CoordinateRule<S extends RuleState = RuleState> {
  /**
   * The live values the rule reads: per-parameter arrays (m, σ, …) and this update's
   * scalars (bias corrections, μᵗ, …). The keys never change.
   */
  readonly state: S;
  /** Sets this update's scalars in `state`; called once per update, before the loop. */
  begin(t: number): void;
  /**
   * Parameter i: `u` is the direction so far, `g` is gᵢᵗ; updates the state at i and returns
   * the new u. `lerp(a, b, w)` (from this module) is torch's lerp.
   */
  coordinate(s: S, i: number, u: number, g: number): number;
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

/** A rule's statements ready to paste into a loop over `i` that holds `u` and `g`. */
interface Inlined {
  /** The state's arrays and scalars the code reads, as `p{k}_name` locals. */
  readonly arrays: string[];
  readonly scalars: string[];
  readonly code: string;
  /** Not inlined: the loop calls the rule's function with its state. */
  readonly called?: boolean;
}

/** Helpers a rule may call, in scope of the compiled loop (tsc writes `(0, rule_1.lerp)(…)`). */
const HELPERS = { lerp } as const;

/**
 * Turns rule k's function into statements for the fused loop: its state parameter's fields
 * become locals `p{k}_name`, its other parameters the loop's i, u and g, its final
 * `return X` the statement `u = X`. Undefined when the function is not of that form (it is
 * then called per coordinate instead).
 */
function inline(rule: CoordinateRule, k: number): Inlined | undefined {
  const source = Function.prototype.toString.call(rule.coordinate).replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/[^\n]*/g, "");
  // A function or method with a block body, or an arrow returning an expression.
  const block = /^[^(]*\(([^)]*)\)\s*(?:=>\s*)?\{([\s\S]*)\}\s*$/.exec(source);
  const arrow = block ? null : /^\(([^)]*)\)\s*=>\s*([\s\S]+)$/.exec(source);
  const shape = block ?? (arrow && [arrow[0], arrow[1], `return (${arrow[2]});`]);
  if (!shape) return undefined;
  const params = shape[1].split(",").map((p) => p.trim()).filter((p) => p !== "");
  if (params.length === 0 || params.length > 4 || !params.every((p) => /^[A-Za-z_$][\w$]*$/.test(p))) return undefined;
  const [state, index = "i", direction = "u", gradient = "g"] = params;
  let body = shape[2].replace(/\(0,\s*[\w$]+\.([\w$]+)\)/g, (whole, name: string) => (name in HELPERS ? name : whole));
  const last = /\breturn\b([\s\S]*?);?\s*$/.exec(body);
  if (!last || (body.match(/\breturn\b/g) ?? []).length !== 1 || /\b(this|arguments|function)\b|=>/.test(body)) return undefined;
  body = `${body.slice(0, last.index)}u = (${last[1].trim()});`;
  const used = new Set<string>();
  let unknown: string | undefined;
  const field = new RegExp(`(?<![\\w$.])${state.replace(/\$/g, "\\$")}\\.([A-Za-z_$][\\w$]*)`, "g");
  body = body.replace(field, (_, name: string) => {
    if (!(name in rule.state)) unknown = name;
    used.add(name);
    return `p${k}_${name}`;
  });
  if (unknown !== undefined) {
    throw new Error(`coordinate rule ${rule.coordinate.name || ""} reads ${state}.${unknown}, which its state does not have (${Object.keys(rule.state).join(", ")})`);
  }
  // The state object itself, used other than through a field, cannot become locals.
  if (new RegExp(`(?<![\\w$.])${state.replace(/\$/g, "\\$")}(?![\\w$])`).test(body)) return undefined;
  const alias = [
    index !== "i" ? `const ${index} = i;` : "",
    gradient !== "g" ? `const ${gradient} = g;` : "",
    direction !== "u" ? `let ${direction} = u;` : "",
  ].join(" ");
  const names = [...used];
  const code = `${alias}\n    ${body.trim()}`;
  return works(code, k, names, rule.state)
    ? {
        arrays: names.filter((name) => rule.state[name] instanceof Float64Array),
        scalars: names.filter((name) => !(rule.state[name] instanceof Float64Array)),
        code,
      }
    : undefined;
}

/**
 * Runs inlined code once on a copy of the state: code that names anything outside its
 * parameters (a variable of the function's closure) fails here, and the rule is then called
 * as a function, with its closure, instead of pasted.
 */
function works(code: string, k: number, names: readonly string[], state: RuleState): boolean {
  try {
    const locals = names.map((name) => `p${k}_${name}`);
    const probe = new Function("lerp", ...locals, "i", "u", "g", `"use strict";\n${code}\nreturn u;`);
    probe(lerp, ...names.map((name) => (state[name] instanceof Float64Array ? new Float64Array(1) : state[name])), 0, 1, 1);
    return true;
  } catch {
    return false;
  }
}

/** Rule k in the loop: its inlined statements, or a call when it cannot be inlined. */
function bind(rule: CoordinateRule, k: number): Inlined {
  return inline(rule, k) ?? { arrays: [], scalars: [], code: `u = rules[${k}].coordinate(p${k}_state, i, u, g);`, called: true };
}

/** `const p{k}_name = {owner}.state.name;` for each name (and the state, for a called rule). */
const read = (owner: string, k: number, names: readonly string[], called = false): string =>
  (called ? `const p${k}_state = ${owner}.state;\n` : "") + names.map((name) => `const p${k}_${name} = ${owner}.state.${name};\n`).join("");
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
${own ? stale(bound) : arrays}${bound.map((b, k) => read(`rules[${k}]`, k, b.scalars, b.called)).join("")}for (let i = 0, n = params.length; i < n; i++) {
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

/**
 * One rule over whole arrays (what `Part.update` does): the rule's function called for each
 * coordinate, as written. The fused loop must give the same numbers; the tests hold it to that.
 */
export function ruleUpdate(rule: CoordinateRule): RuleUpdate {
  return (u, g, r, t) => {
    r.begin(t);
    const state = r.state;
    const coordinate = r.coordinate;
    for (let i = 0, n = u.length; i < n; i++) u[i] = coordinate(state, i, u[i], g[i]);
  };
}
