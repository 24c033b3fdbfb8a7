/**
 * Checked derivations: an instructor writes a chain of expressions, each related to the
 * one before by =, <, ≤, >, ≥ (or ⇔ between conditions), and every step is checked with
 * mathjs. An equality whose difference simplifies to 0 is proved symbolically; every step,
 * proved or not, is also evaluated at seeded random points of the variables' declared
 * domains (ends included), so a step that is true only under an assumption fails without
 * it, naming the step and a counterexample.
 *
 *   derivation("Adam's first moment", { beta: "0 <= beta < 1", t: "integer 0 .. 60", g: "real" })
 *     .start("(1 - beta) * Sum(beta^(t - k) * g, k, 0, t)", "unroll mᵗ, E[gᵏ] = g")
 *     .equals("(1 - beta) * g * (1 - beta^(t + 1)) / (1 - beta)", "geometric series")
 *     .equals("(1 - beta^(t + 1)) * g", "cancel 1 − β")
 *     .show();
 *
 * `Sum(body, k, from, to)` is Σₖ body for k = from … to (evaluated term by term).
 */
import { all, create, type MathJsInstance, type MathNode } from "mathjs";
import { CLAIM_MIME, claimRecord, recordClaim } from "../check/claim";
import { seededRandom } from "../check/random";
import { currentKernel } from "../plot/kernel";
import { parseDomain, texName, type Domain } from "./domain";

export type Relation = "=" | "<" | "<=" | ">" | ">=" | "<=>";

export interface DerivationOptions {
  /** Relative tolerance of a numeric check: |a − b| ≤ tolerance·max(|a|, |b|) + absoluteTolerance. Default 1e-9. */
  readonly tolerance?: number;
  /** Absolute part of the tolerance (values that should be 0). Default 1e-12. */
  readonly absoluteTolerance?: number;
  /** Random points per step. Default 200. */
  readonly points?: number;
  /** Seed of the points. Default 1. */
  readonly seed?: number;
}

export interface CheckedStep {
  /** 1-based; step 1 relates the start to the first expression after it. */
  readonly index: number;
  readonly relation: Relation;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** "symbolic": mathjs simplified the difference to 0 (and the points agree); else "numeric". */
  readonly method: "symbolic" | "numeric";
  /** Points of the domains where the step was evaluated. */
  readonly points: number;
}

export interface CheckedDerivation {
  readonly title: string;
  readonly domains: readonly Domain[];
  readonly steps: readonly CheckedStep[];
  /** The chain as aligned LaTeX, a mark and the method per step. */
  readonly tex: string;
  /** The chain as plain text. */
  readonly text: string;
}

/** A step that does not hold: which one, and a point where it fails. */
export class DerivationError extends Error {
  override readonly name = "DerivationError";
  constructor(
    readonly title: string,
    readonly step: number,
    readonly relation: Relation,
    readonly from: string,
    readonly to: string,
    readonly counterexample: Readonly<Record<string, number>>,
    readonly values: readonly [string, string],
  ) {
    const at = Object.entries(counterexample).map(([k, v]) => `${k} = ${v}`).join(", ");
    super(
      `✗ derivation "${title}", step ${step} does not hold: ${from} ${SYMBOL[relation]} ${to}` +
        ` — at ${at || "every point"} the left side is ${values[0]} and the right side is ${values[1]}`,
    );
  }
}

const SYMBOL: Record<Relation, string> = { "=": "=", "<": "<", "<=": "≤", ">": ">", ">=": "≥", "<=>": "⇔" };
const TEX: Record<Relation, string> = { "=": "=", "<": "<", "<=": "\\le", ">": ">", ">=": "\\ge", "<=>": "\\iff" };
const OPTIONS = ["tolerance", "absoluteTolerance", "points", "seed"];

let instance: MathJsInstance | undefined;

/** A mathjs instance that knows Sum(body, k, from, to); made once, on first use. */
function math(): MathJsInstance {
  if (instance) return instance;
  const m = create(all);
  const Sum = (args: MathNode[], _math: unknown, scope: Map<string, unknown>): number => {
    if (args.length !== 4 || args[1].type !== "SymbolNode") {
      throw new TypeError("Sum(body, k, from, to): k must be a name, e.g. Sum(beta^k, k, 0, t)");
    }
    const k = (args[1] as unknown as { name: string }).name;
    const [from, to] = [args[2], args[3]].map((a) => Number(a.compile().evaluate(scope)));
    if (!Number.isInteger(from) || !Number.isInteger(to)) throw new RangeError(`Sum: the bounds must be integers, got ${from} and ${to}`);
    const body = args[0].compile(), inner = new Map(scope);
    let s = 0;
    for (let i = from; i <= to; i++) {
      inner.set(k, i);
      s += Number(body.evaluate(inner));
    }
    return s;
  };
  (Sum as unknown as { rawArgs: boolean }).rawArgs = true;
  m.import({ Sum }, { override: true });
  instance = m;
  return m;
}

function texOf(node: MathNode): string {
  return node.toTex({
    parenthesis: "auto",
    implicit: "hide",
    handler: (n: MathNode, options: object) => {
      const f = n as unknown as { type: string; name?: string; fn?: { name?: string }; args?: MathNode[] };
      if (f.type === "SymbolNode" && f.name && !(f.name in CONSTANTS)) return `{${texName(f.name)}}`;
      if (f.type !== "FunctionNode" || f.fn?.name !== "Sum" || f.args?.length !== 4) return undefined;
      const [body, k, from, to] = f.args.map((a) => a.toTex(options));
      return `\\sum_{${k}=${from}}^{${to}} \\left(${body}\\right)`;
    },
  } as never);
}

type Value = number | boolean | { re: number; im: number };

function describe(v: Value): string {
  if (typeof v === "object") return `${v.re} ${v.im < 0 ? "−" : "+"} ${Math.abs(v.im)}i`;
  return String(v);
}

interface Chain {
  readonly expression: string;
  readonly node: MathNode;
  readonly relation?: Relation;
  readonly reason: string;
}

export class Derivation {
  private readonly chain: Chain[] = [];
  private readonly domains: Domain[];
  private readonly tolerance: number;
  private readonly absoluteTolerance: number;
  private readonly points: number;
  private readonly seed: number;

  constructor(readonly title: string, domains: Readonly<Record<string, string>>, options: DerivationOptions = {}) {
    if (typeof title !== "string" || title.trim() === "") throw new TypeError("derivation: title must be a non-empty string");
    for (const key of Object.keys(options)) {
      if (!OPTIONS.includes(key)) throw new TypeError(`derivation: unknown option "${key}" (options: ${OPTIONS.join(", ")})`);
    }
    this.domains = Object.entries(domains).map(([name, spec]) => parseDomain(name, spec));
    this.tolerance = options.tolerance ?? 1e-9;
    this.absoluteTolerance = options.absoluteTolerance ?? 1e-12;
    this.points = options.points ?? 200;
    this.seed = options.seed ?? 1;
    if (!(this.tolerance >= 0 && this.tolerance < 1)) throw new RangeError(`derivation: Invalid tolerance: ${this.tolerance} (0 ≤ tolerance < 1)`);
    if (!(this.absoluteTolerance >= 0)) throw new RangeError(`derivation: Invalid absoluteTolerance: ${this.absoluteTolerance} (0 ≤ absoluteTolerance)`);
    if (!Number.isInteger(this.points) || this.points < 1 || this.points > 100_000) {
      throw new RangeError(`derivation: Invalid points: ${this.points} (points must be an integer with 1 ≤ points ≤ 100000)`);
    }
    if (!Number.isInteger(this.seed)) throw new RangeError(`derivation: Invalid seed: ${this.seed} (seed must be an integer)`);
  }

  /** The first expression of the chain. */
  start(expression: string, reason = ""): this {
    if (this.chain.length > 0) throw new Error(`derivation "${this.title}": start() comes once, first`);
    this.chain.push({ expression, node: this.parse(expression), reason });
    return this;
  }

  /** The next expression, related to the previous one by `relation`. */
  step(relation: Relation, expression: string, reason = ""): this {
    if (!(relation in SYMBOL)) throw new TypeError(`derivation: Invalid relation: ${String(relation)} (one of ${Object.keys(SYMBOL).join(" ")})`);
    if (this.chain.length === 0) throw new Error(`derivation "${this.title}": start(expression) before the first step`);
    this.chain.push({ expression, node: this.parse(expression), relation, reason });
    return this;
  }

  equals(expression: string, reason = ""): this { return this.step("=", expression, reason); }
  lessThan(expression: string, reason = ""): this { return this.step("<", expression, reason); }
  atMost(expression: string, reason = ""): this { return this.step("<=", expression, reason); }
  greaterThan(expression: string, reason = ""): this { return this.step(">", expression, reason); }
  atLeast(expression: string, reason = ""): this { return this.step(">=", expression, reason); }
  /** The previous condition holds exactly when this one does (both are comparisons). */
  iff(expression: string, reason = ""): this { return this.step("<=>", expression, reason); }

  /** Checks every step; throws a DerivationError at the first that fails. */
  check(): CheckedDerivation {
    if (this.chain.length < 2) throw new Error(`derivation "${this.title}": a derivation needs start() and at least one step`);
    const steps: CheckedStep[] = [];
    for (let k = 1; k < this.chain.length; k++) steps.push(this.checkStep(k));
    return { title: this.title, domains: this.domains, steps, tex: this.tex(steps), text: this.text(steps) };
  }

  /**
   * Checks every step, shows the chain in the notebook (aligned LaTeX, one mark per step)
   * and records each step in the claims ledger; a wrong step fails the cell. Outside a
   * kernel it prints the chain as text. Returns nothing, so that a call on a cell's last
   * line is not echoed (`check()` returns the result).
   */
  show(): void {
    let checked: CheckedDerivation;
    try {
      checked = this.check();
    } catch (err) {
      if (err instanceof DerivationError) {
        recordClaim(`${this.title}, step ${err.step}: ${err.from} ${SYMBOL[err.relation]} ${err.to}`, false, err.counterexample);
      }
      throw err;
    }
    const write = currentKernel()?.writeBundle;
    const records = checked.steps.map((s) =>
      claimRecord(`${this.title}, step ${s.index}: ${s.from} ${SYMBOL[s.relation]} ${s.to}`, true, { method: s.method, points: s.points }));
    if (write) write({ "text/markdown": `**${this.title}**\n\n$$${checked.tex}$$`, "text/plain": checked.text, [CLAIM_MIME]: records });
    else console.log(checked.text);
  }

  private parse(expression: string): MathNode {
    if (typeof expression !== "string" || expression.trim() === "") throw new TypeError(`derivation "${this.title}": an expression must be a non-empty string`);
    let node: MathNode;
    try {
      node = math().parse(expression);
    } catch (err) {
      throw new SyntaxError(`derivation "${this.title}": cannot parse "${expression}": ${(err as Error).message}`);
    }
    const known = new Set(this.domains.map((d) => d.variable));
    const bound = new Set<string>();
    node.traverse((n) => {
      const f = n as unknown as { type: string; fn?: { name?: string }; args?: MathNode[] };
      if (f.type === "FunctionNode" && f.fn?.name === "Sum" && f.args?.[1]?.type === "SymbolNode") {
        bound.add((f.args[1] as unknown as { name: string }).name);
      }
    });
    node.traverse((n, _path, parent) => {
      if (n.type !== "SymbolNode") return;
      const name = (n as unknown as { name: string }).name;
      const isFunction = parent?.type === "FunctionNode" && (parent as unknown as { fn: MathNode }).fn === n;
      if (isFunction || known.has(name) || bound.has(name) || name in CONSTANTS) return;
      throw new RangeError(
        `derivation "${this.title}": "${expression}" uses ${name}, which has no domain (declared: ${[...known].join(", ") || "none"})`,
      );
    });
    return node;
  }

  private checkStep(k: number): CheckedStep {
    const before = this.chain[k - 1], after = this.chain[k];
    const relation = after.relation as Relation;
    const symbolic = relation !== "<=>" && this.provedSymbolically(before.node, after.node, relation);
    const [left, right] = [before.node.compile(), after.node.compile()];
    const random = seededRandom(this.seed * 7919 + k);
    const scope = new Map<string, number>();
    for (let p = 0; p < this.points; p++) {
      for (const d of this.domains) scope.set(d.variable, d.sample(random));
      let a: Value, b: Value;
      try {
        a = left.evaluate(new Map(scope)) as Value;
        b = right.evaluate(new Map(scope)) as Value;
      } catch (err) {
        throw new Error(`derivation "${this.title}", step ${k}: cannot evaluate at ${[...scope].map(([n, v]) => `${n} = ${v}`).join(", ")}: ${(err as Error).message}`);
      }
      if (!this.holds(relation, a, b)) {
        throw new DerivationError(this.title, k, relation, before.expression, after.expression, Object.fromEntries(scope), [describe(a), describe(b)]);
      }
    }
    return { index: k, relation, from: before.expression, to: after.expression, reason: after.reason, method: symbolic ? "symbolic" : "numeric", points: this.points };
  }

  /** mathjs simplifies right − left to 0 (=), or to a constant of the stated sign (<, ≤, >, ≥). */
  private provedSymbolically(a: MathNode, b: MathNode, relation: Relation): boolean {
    const m = math();
    const constant = (node: MathNode) => (node.type === "ConstantNode" ? Number((node as unknown as { value: unknown }).value) : NaN);
    try {
      const difference = m.simplify(new m.OperatorNode("-", "subtract", [b, a]));
      // mathjs cancels common factors in a quotient better than in a difference.
      if (relation === "=" && difference.type !== "ConstantNode") return constant(m.simplify(new m.OperatorNode("/", "divide", [a, b]))) === 1;
      if (difference.type !== "ConstantNode") return false;
      const d = constant(difference);
      return relation === "=" ? d === 0 : relation === "<" ? d > 0 : relation === "<=" ? d >= 0 : relation === ">" ? d < 0 : d <= 0;
    } catch {
      return false; // mathjs could not simplify it: the numeric check decides
    }
  }

  private holds(relation: Relation, a: Value, b: Value): boolean {
    if (relation === "<=>") return typeof a === "boolean" && typeof b === "boolean" && a === b;
    if (typeof a === "boolean" || typeof b === "boolean") return false;
    const m = math();
    if (typeof a === "object" || typeof b === "object") {
      if (relation !== "=") return false; // a complex value has no order
      const gap = Number(m.abs(m.subtract(a as never, b as never) as never));
      return gap <= this.tolerance * Math.max(Number(m.abs(a as never)), Number(m.abs(b as never))) + this.absoluteTolerance;
    }
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    if (!Number.isFinite(a) || !Number.isFinite(b)) return relation === "=" ? a === b : compare(relation, a, b);
    const slack = this.tolerance * Math.max(Math.abs(a), Math.abs(b)) + this.absoluteTolerance;
    switch (relation) {
      case "=": return Math.abs(a - b) <= slack;
      case "<=": return a <= b + slack;
      case ">=": return a >= b - slack;
      default: return compare(relation, a, b);
    }
  }

  private tex(steps: readonly CheckedStep[]): string {
    const note = (reason: string, method?: string) => {
      const words = [reason, method].filter(Boolean).join("; ");
      return words ? `&& ${method ? "\\checkmark\\;" : ""}\\text{${escapeTex(words)}}` : method ? "&& \\checkmark" : "";
    };
    const rows = [`& ${texOf(this.chain[0].node)} ${note(this.chain[0].reason)}`];
    for (const s of steps) {
      const method = s.method === "symbolic" ? "symbolic" : `numeric, ${s.points} points`;
      rows.push(`${TEX[s.relation]}\\; & ${texOf(this.chain[s.index].node)} ${note(s.reason, method)}`);
    }
    const where = this.domains.length ? `\\\\[2pt] & \\text{for } ${this.domains.map((d) => d.tex).join(",\\ ")}` : "";
    return `\\begin{aligned} ${rows.join(" \\\\ ")} ${where} \\end{aligned}`;
  }

  private text(steps: readonly CheckedStep[]): string {
    const lines = [`${this.title}`, `    ${this.chain[0].expression}${this.chain[0].reason ? `    (${this.chain[0].reason})` : ""}`];
    for (const s of steps) {
      const method = s.method === "symbolic" ? "symbolic" : `numeric, ${s.points} points`;
      lines.push(`  ${SYMBOL[s.relation]} ${s.to}    ✓ ${[s.reason, method].filter(Boolean).join("; ")}`);
    }
    if (this.domains.length) lines.push(`  for ${this.domains.map((d) => d.text).join(", ")}`);
    return lines.join("\n");
  }
}

const CONSTANTS: Record<string, true> = { pi: true, e: true, E: true, PI: true, Infinity: true, i: true, true: true, false: true };

function compare(relation: Relation, a: number, b: number): boolean {
  return relation === "<" ? a < b : relation === "<=" ? a <= b : relation === ">" ? a > b : relation === ">=" ? a >= b : a === b;
}

/**
 * Text for \text{…}: MathJax shows its content as it is (an escaped "\_" would show its
 * backslash), so only what would break the formula is swapped for a look-alike: braces,
 * the backslash, "$" (ends the math), "&" (an alignment column) and "%" (a comment).
 */
function escapeTex(text: string): string {
  const swap: Record<string, string> = { "\\": "∖", "{": "(", "}": ")", $: "＄", "&": "＆", "%": "％" };
  return text.replace(/[\\{}$&%]/g, (c) => swap[c]);
}

/** Starts a checked derivation over variables with the given domains (see {@link parseDomain}). */
export function derivation(title: string, domains: Readonly<Record<string, string>>, options: DerivationOptions = {}): Derivation {
  return new Derivation(title, domains, options);
}
