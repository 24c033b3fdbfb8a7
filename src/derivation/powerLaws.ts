/**
 * Where the two branches of a rule like the Transformer's
 * lrate = d^−0.5 · min(step^−0.5, step · w^−1.5) meet, found symbolically. mathjs has no
 * equation solver, but each branch is a power law c·v^k in the variable v, and two power
 * laws meet where c₁·v^k₁ = c₂·v^k₂, i.e. at v = (c₂/c₁)^(1/(k₁ − k₂)). The exponent is
 * read off as k = v·(∂A/∂v)/A, which mathjs differentiates and simplifies to a constant.
 */
import { derivative, parse, simplify, type MathNode } from "mathjs";

/** A symbolic result: its text in mathjs syntax, its LaTeX, and its value for given symbols. */
export interface SymbolicValue {
  readonly text: string;
  readonly tex: string;
  evaluate(scope?: Readonly<Record<string, number>>): number;
}

export interface MinOfPowerLaws {
  /** The whole rule as given. */
  readonly expression: SymbolicValue;
  /** The two arguments of min(…), in order. */
  readonly branches: readonly [SymbolicValue, SymbolicValue];
  /** Each branch's exponent k in the variable (branch ∝ v^k). */
  readonly exponents: readonly [number, number];
  /** The variable's value where the branches are equal. */
  readonly meet: SymbolicValue;
  /** The rule's value there. */
  readonly value: SymbolicValue;
  /**
   * "peak" when the rule rises before the meeting point and falls after it (one branch
   * grows with v, the other shrinks): the meeting point is then the rule's maximum.
   */
  readonly kind: "peak" | "rising" | "falling";
}

export interface MinOfPowerLawsOptions {
  /** LaTeX for symbol names, e.g. { d_model: "d_{\\mathrm{model}}" }. */
  readonly tex?: Readonly<Record<string, string>>;
}

const SIMPLIFY = { exactFractions: true } as const;

function isSymbol(n: MathNode, name?: string): boolean {
  return n.type === "SymbolNode" && (name === undefined || (n as unknown as { name: string }).name === name);
}

function substitute(node: MathNode, name: string, replacement: MathNode): MathNode {
  return node.transform((n) => (isSymbol(n, name) ? replacement.cloneDeep() : n));
}

function isMin(n: MathNode): boolean {
  const fn = (n as unknown as { fn?: { name?: string } }).fn;
  return n.type === "FunctionNode" && fn?.name === "min";
}

function argsOf(n: MathNode): MathNode[] {
  return (n as unknown as { args: MathNode[] }).args;
}

export function minOfPowerLaws(expression: string, variable: string, options: MinOfPowerLawsOptions = {}): MinOfPowerLaws {
  const owner = "minOfPowerLaws";
  if (typeof variable !== "string" || !/^[A-Za-z_][A-Za-z_0-9]*$/.test(variable)) {
    throw new TypeError(`${owner}: Invalid variable: ${JSON.stringify(variable)} (variable must be a symbol name such as "step")`);
  }
  let root: MathNode;
  try {
    root = parse(expression);
  } catch (e) {
    throw new RangeError(`${owner}: cannot parse "${expression}": ${(e as Error).message}`);
  }
  const mins = root.filter(isMin);
  if (mins.length !== 1 || argsOf(mins[0]).length !== 2) {
    throw new RangeError(`${owner}: "${expression}" must contain exactly one min(A, B) with two arguments (found ${mins.length} min calls)`);
  }
  const names = options.tex ?? {};
  const handler = (n: MathNode): string | undefined => {
    const name = (n as unknown as { name?: string }).name;
    return isSymbol(n) && name !== undefined && Object.prototype.hasOwnProperty.call(names, name) ? names[name] : undefined;
  };
  const value = (node: MathNode): SymbolicValue => {
    const code = node.compile();
    return {
      text: node.toString(),
      tex: node.toTex({ parenthesis: "auto", implicit: "hide", handler }),
      evaluate(scope = {}) {
        const v: unknown = code.evaluate({ ...scope });
        if (typeof v !== "number") throw new TypeError(`${owner}: ${node.toString()} did not evaluate to a number (got ${String(v)})`);
        return v;
      },
    };
  };

  const branches = argsOf(mins[0]);
  const exponent = (b: MathNode, which: number): { k: MathNode; kValue: number; c: MathNode } => {
    const k = simplify(parse(`${variable} * (${derivative(b, variable).toString()}) / (${b.toString()})`), {}, SIMPLIFY);
    const vars = k.filter((n) => isSymbol(n));
    if (vars.length > 0) {
      throw new RangeError(
        `${owner}: branch ${which + 1}, ${b.toString()}, is not a power law c·${variable}^k (${variable}·∂/∂${variable} log of it is ${k.toString()}, not a constant)`,
      );
    }
    const c = simplify(substitute(b, variable, parse("1")), {}, SIMPLIFY);
    return { k, kValue: Number(k.evaluate()), c };
  };
  const [a, b] = branches.map(exponent);
  if (a.kValue === b.kValue) {
    throw new RangeError(`${owner}: both branches grow like ${variable}^${a.kValue}; they never meet at a single point`);
  }
  const meet = simplify(parse(`(${b.c.toString()} / (${a.c.toString()}))^(1 / ((${a.k.toString()}) - (${b.k.toString()})))`), {}, SIMPLIFY);
  const atMeet = simplify(substitute(root.transform((n) => (isMin(n) ? argsOf(n)[0].cloneDeep() : n)), variable, meet), {}, SIMPLIFY);
  const [hi, lo] = a.kValue > b.kValue ? [a.kValue, b.kValue] : [b.kValue, a.kValue];
  // Below the meeting point the faster-growing branch is the smaller one, above it the slower one.
  const kind = hi > 0 && lo < 0 ? "peak" : lo >= 0 ? "rising" : "falling";
  return {
    expression: value(root),
    branches: [value(branches[0]), value(branches[1])],
    exponents: [a.kValue, b.kValue],
    meet: value(meet),
    value: value(atMeet),
    kind,
  };
}
