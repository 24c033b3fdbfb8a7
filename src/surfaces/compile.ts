import { parse, derivative, simplifyConstant, simplifyCore, type MathNode } from "mathjs";

/*
 * mathjs parses and differentiates; we then turn each expression tree into plain JS
 * source once, so the run loop calls ordinary functions with no scope objects, no
 * mathjs dispatch and no allocation per call.
 */

const FUNCTIONS: Readonly<Record<string, string>> = {
  sin: "Math.sin", cos: "Math.cos", tan: "Math.tan", asin: "Math.asin", acos: "Math.acos", atan: "Math.atan",
  sinh: "Math.sinh", cosh: "Math.cosh", tanh: "Math.tanh", exp: "Math.exp", log: "Math.log", sqrt: "Math.sqrt",
  abs: "Math.abs", sign: "Math.sign", cbrt: "Math.cbrt", log10: "Math.log10", log2: "Math.log2",
  sec: "1/Math.cos", csc: "1/Math.sin", cot: "1/Math.tan", sech: "1/Math.cosh", csch: "1/Math.sinh", coth: "1/Math.tanh",
  max: "Math.max", min: "Math.min", square: "", cube: "",
};
const CONSTANTS: Readonly<Record<string, string>> = { pi: "Math.PI", e: "Math.E", PI: "Math.PI", E: "Math.E" };
const OPERATORS: Readonly<Record<string, string>> = { add: "+", subtract: "-", multiply: "*", divide: "/" };

export class FormulaError extends Error {
  override readonly name = "FormulaError";
}

/** Parses a formula, quoting it in any error. */
export function parseFormula(expression: string): MathNode {
  if (typeof expression !== "string" || expression.trim() === "") {
    throw new FormulaError(`Invalid expression: ${JSON.stringify(expression)} (expression must be a non-empty formula such as "x^2 + 10*y^2")`);
  }
  try {
    return parse(expression);
  } catch (e) {
    throw new FormulaError(`Cannot parse the expression "${expression}": ${(e as Error).message}`);
  }
}

/** Names of the free variables, in order of first appearance (constants and function names excluded). */
export function freeVariables(node: MathNode): string[] {
  const names: string[] = [];
  node.traverse((n, path, parent) => {
    if (n.type !== "SymbolNode") return;
    if (parent && parent.type === "FunctionNode" && path === "fn") return;
    const name = (n as unknown as { name: string }).name;
    if (!(name in CONSTANTS) && !names.includes(name)) names.push(name);
  });
  return names;
}

/**
 * Called for every operation in an expression with its code in full (`raw`, the key that
 * identifies it) and the code to emit (`js`, which may name shared subterms); returns what
 * the parent should use in its place.
 */
type Share = (raw: string, js: string) => string;

// x² as x·x, the same number: written out when x is a name (a variable or a shared subterm,
// the usual case), through a helper otherwise so that x is computed once.
const isName = (js: string) => /^[A-Za-z_$][\w$]*$/.test(js);
const square = ([a]: readonly string[]) => (isName(a) ? `(${a} * ${a})` : `sq(${a})`);
const cubed = ([a]: readonly string[]) => (isName(a) ? `(${a} * ${a} * ${a})` : `cube(${a})`);

/** JS source of one expression over the variables v0, v1, …; `expression` is quoted in errors. */
export function toJs(node: MathNode, variables: readonly string[], expression: string, share?: Share): string {
  // Each node gives its code twice: `raw` in full, and `js`, where `share` may have put names.
  const go = (n: MathNode): { raw: string; js: string } => {
    const leaf = (code: string) => ({ raw: code, js: code });
    const op = (build: (parts: readonly string[]) => string, children: readonly MathNode[]) => {
      const codes = children.map(go);
      const raw = build(codes.map((c) => c.raw));
      const js = build(codes.map((c) => c.js));
      return { raw, js: share ? share(raw, js) : js };
    };
    const any = n as unknown as Record<string, unknown>;
    switch (n.type) {
      case "ConstantNode": {
        const v = Number(any.value);
        if (!Number.isFinite(v)) throw new FormulaError(`Unsupported constant ${String(any.value)} in "${expression}"`);
        return leaf(v < 0 ? `(${v})` : String(v));
      }
      case "SymbolNode": {
        const name = any.name as string;
        const index = variables.indexOf(name);
        if (index >= 0) return leaf(`v${index}`);
        if (name in CONSTANTS) return leaf(CONSTANTS[name]);
        throw new FormulaError(`Unknown variable "${name}" in "${expression}" (variables are ${variables.join(", ")})`);
      }
      case "ParenthesisNode": {
        const inner = go(any.content as MathNode);
        return { raw: `(${inner.raw})`, js: isName(inner.js) ? inner.js : `(${inner.js})` };
      }
      case "OperatorNode": {
        const fn = any.fn as string;
        const children = any.args as MathNode[];
        if (fn === "unaryMinus") return op(([a]) => `(-${a})`, children);
        if (fn === "unaryPlus") return op(([a]) => `(+${a})`, children);
        if (fn === "pow") {
          // Small whole powers as products: Math.pow is several times slower in the run loop.
          const k = children[1];
          const e = k.type === "ConstantNode" ? Number((k as unknown as { value: unknown }).value) : NaN;
          if (e === 1) return go(children[0]);
          if (e === 2) return op(square, [children[0]]);
          if (e === 3) return op(cubed, [children[0]]);
          return op(([a, b]) => `Math.pow(${a}, ${b})`, children);
        }
        const symbol = OPERATORS[fn];
        if (!symbol) throw new FormulaError(`Unsupported operator "${String(any.op)}" in "${expression}"`);
        return op((args) => `(${args.join(` ${symbol} `)})`, children);
      }
      case "FunctionNode": {
        const name = (any.fn as { name?: string }).name ?? "";
        const children = any.args as MathNode[];
        if (name === "square") return op(square, children);
        if (name === "cube") return op(cubed, children);
        if (name === "log" && children.length === 2) return op(([a, b]) => `(Math.log(${a}) / Math.log(${b}))`, children);
        const js = FUNCTIONS[name];
        if (js === undefined) throw new FormulaError(`Unknown function "${name}" in "${expression}"`);
        return op((args) => (js.startsWith("1/") ? `(1 / ${js.slice(2)}(${args.join(", ")}))` : `${js}(${args.join(", ")})`), children);
      }
      default:
        throw new FormulaError(`Unsupported ${n.type} "${n.toString()}" in "${expression}" (use numbers, variables, + - * / ^ and functions like sin, exp, log, tanh)`);
    }
  };
  return go(node).js;
}

/**
 * JS for several expressions that computes each subterm they share once, as a `const`
 * (the residuals of a sum of squares appear in f and in every ∂f/∂v). The values are the
 * same, bit for bit, as evaluating each expression on its own: only repeats are removed.
 */
export function toSharedJs(nodes: readonly MathNode[], variables: readonly string[], expression: string): { lines: string; results: string[] } {
  const uses = new Map<string, number>();
  for (const node of nodes) {
    toJs(node, variables, expression, (raw, js) => {
      uses.set(raw, (uses.get(raw) ?? 0) + 1);
      return js;
    });
  }
  const names = new Map<string, string>();
  const lines: string[] = [];
  const results = nodes.map((node) =>
    toJs(node, variables, expression, (raw, js) => {
      if ((uses.get(raw) ?? 0) < 2 || !/\bv\d/.test(raw)) return js; // constants are folded anyway
      let name = names.get(raw);
      if (name === undefined) {
        name = `s${names.size}`;
        names.set(raw, name);
        lines.push(`const ${name} = ${js};`);
      }
      return name;
    }),
  );
  return { lines: lines.join("\n"), results };
}

function header(variables: readonly string[], owner: string): string {
  const n = variables.length;
  const unpack = variables.map((_, i) => `v${i} = p[${i}]`).join(", ");
  return `if (p.length !== ${n}) throw new RangeError("${owner}: theta has length " + p.length + " but the surface has ${n} variables (${variables.join(", ")})");\nconst ${unpack};\n`;
}

const sq = (x: number): number => x * x;
const cube = (x: number): number => x * x * x;

/** Compiles `function (params) { body }` with the small helpers in scope. */
function compile<F>(params: string, body: string): F {
  return new Function("sq", "cube", `"use strict"; return function (${params}) {\n${body}\n};`)(sq, cube) as F;
}

/** f(θ) as a plain function. */
export function compileScalar(node: MathNode, variables: readonly string[], expression: string): (p: ArrayLike<number>) => number {
  const { lines, results } = toSharedJs([node], variables, expression);
  return compile(`p`, header(variables, "loss") + `${lines}\nreturn ${results[0]};`);
}

/** A function writing several expressions into out[0…]. */
export function compileVector(
  nodes: readonly MathNode[],
  variables: readonly string[],
  expression: string,
  owner: string,
): (p: ArrayLike<number>, out?: Float64Array) => Float64Array {
  const { lines, results } = toSharedJs(nodes, variables, expression);
  const writes = results.map((js, i) => `out[${i}] = ${js};`).join("\n");
  // Without out, a new array: handy in a notebook cell; the run loop passes its own.
  const body = header(variables, owner) + `if (out === undefined) out = new Float64Array(${nodes.length});\nelse if (!(out instanceof Float64Array)) throw new TypeError("${owner}: out must be a Float64Array of length ${nodes.length}");\nif (out.length < ${nodes.length}) throw new RangeError("${owner}: out has length " + out.length + ", needs ${nodes.length}");\n${lines}\n${writes}\nreturn out;`;
  return compile(`p, out`, body);
}

/** f(θ) and ∇f(θ) in one call: one unpacking of θ and one call per update in the run loop. */
export function compileLossAndGradient(
  node: MathNode,
  gradient: readonly MathNode[],
  variables: readonly string[],
  expression: string,
): (p: ArrayLike<number>, out: Float64Array) => number {
  const { lines, results } = toSharedJs([node, ...gradient], variables, expression);
  const writes = results.slice(1).map((js, i) => `out[${i}] = ${js};`).join("\n");
  const body =
    header(variables, "lossAndGradient") +
    `if (out === undefined || out === null) throw new TypeError("lossAndGradient: give out, a Float64Array of length ${gradient.length}, for the gradient");\n` +
    `if (out.length < ${gradient.length}) throw new RangeError("lossAndGradient: out has length " + out.length + ", needs ${gradient.length}");\n` +
    `${lines}\n${writes}\nreturn ${results[0]};`;
  return compile(`p, out`, body);
}

/**
 * ∂f/∂v for each variable. `simplify: "full"` runs mathjs's whole rule set (readable, for
 * LaTeX; up to half a second on a ten-term sum); "cheap" only removes trivial operations
 * and folds constants (for compiled code; a few milliseconds).
 */
export function gradientNodes(node: MathNode, variables: readonly string[], expression: string, simplify: "full" | "cheap"): MathNode[] {
  toJs(node, variables, expression); // reports unknown functions and variables in our words, before mathjs does
  try {
    return variables.map((v) =>
      simplify === "full" ? derivative(node, v) : simplifyConstant(simplifyCore(derivative(node, v, { simplify: false }))),
    );
  } catch (e) {
    throw new FormulaError(`Cannot differentiate "${expression}": ${(e as Error).message}`);
  }
}
