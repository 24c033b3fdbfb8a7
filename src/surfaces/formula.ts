import type { MathNode } from "mathjs";
import { checkKnownOptions } from "../check/options";
import { compileLossAndGradient, compileScalar, compileVector, freeVariables, FormulaError, gradientNodes, parseFormula } from "./compile";
import type { Surface, SurfaceTex } from "./surface";

export interface SurfaceOptions {
  /** Short name for titles, e.g. "Rosenbrock". Default: the expression. */
  readonly name?: string;
  /** Variable names in parameter order. Default: free variables in order of appearance. */
  readonly variables?: readonly string[];
  /** Plotting window per variable. */
  readonly window?: readonly (readonly [number, number])[];
  readonly start?: readonly number[];
  readonly minimum?: readonly number[];
}

const TEX = { parenthesis: "auto", implicit: "hide" } as const;

/** mathjs sets names that are also units (b for byte, g for gram, …) upright; variables are italic. */
function italicVariables(tex: string, variables: readonly string[]): string {
  return variables.reduce((t, v) => t.split(`\\mathrm{${v}}`).join(`{${v}}`), tex);
}

/**
 * An error surface from a formula in mathjs syntax, e.g. `surface("(1-x)^2 + 100*(y-x^2)^2")`.
 * mathjs derives ∇f and H symbolically once; all three become plain JS functions.
 */
export function surface(expression: string, options: SurfaceOptions = {}): Surface {
  checkKnownOptions("surface", options, ["name", "variables", "window", "start", "minimum"]);
  const node = parseFormula(expression);
  const found = freeVariables(node);
  const variables = options.variables ? [...options.variables] : found;
  const twice = variables.find((v, i) => variables.indexOf(v) !== i);
  if (twice !== undefined) throw new FormulaError(`Invalid variables: "${twice}" is named twice in [${variables.join(", ")}] (each parameter needs its own name)`);
  if (variables.length === 0) throw new FormulaError(`The expression "${expression}" has no variables`);
  for (const v of found) {
    if (!variables.includes(v)) {
      throw new FormulaError(`Unknown variable "${v}" in "${expression}" (variables are ${variables.join(", ")})`);
    }
  }
  const n = variables.length;
  const checkPoint = (what: string, p: readonly number[] | undefined) => {
    if (p && (p.length !== n || !p.every(Number.isFinite))) {
      throw new RangeError(`Invalid ${what}: [${p.join(", ")}] (${what} must be ${n} finite numbers, one per variable ${variables.join(", ")})`);
    }
  };
  checkPoint("start", options.start);
  checkPoint("minimum", options.minimum);
  if (options.window && (options.window.length !== n || !options.window.every(([a, b]) => Number.isFinite(a) && Number.isFinite(b) && a < b))) {
    throw new RangeError(`Invalid window (window must give [min, max] with min < max for each of ${variables.join(", ")})`);
  }

  const grad: MathNode[] = gradientNodes(node, variables, expression, "cheap");
  const hess: MathNode[][] = grad.map((gi) => gradientNodes(gi, variables, expression, "cheap"));
  const loss = compileScalar(node, variables, expression);
  const gradient = compileVector(grad, variables, expression, "gradient");
  const hessian = compileVector(hess.flat(), variables, expression, "hessian");
  const lossAndGradient = compileLossAndGradient(node, grad, variables, expression);
  // Readable LaTeX needs mathjs's full simplification, which is slow: only on first use.
  let tex: SurfaceTex | undefined;
  const makeTex = (): SurfaceTex => {
    const g = gradientNodes(node, variables, expression, "full");
    const h = g.map((gi) => gradientNodes(gi, variables, expression, "full"));
    const t = (n: MathNode) => italicVariables(n.toTex(TEX), variables);
    return { f: t(node), gradient: g.map(t), hessian: h.map((row) => row.map(t)) };
  };
  return {
    name: options.name ?? expression,
    expression,
    variables,
    dimension: n,
    loss,
    gradient,
    lossAndGradient,
    hessian,
    get tex() {
      return (tex ??= makeTex());
    },
    window: options.window,
    start: options.start,
    minimum: options.minimum,
  };
}
