/**
 * Where a derivation's variables live. A step that holds only for positive S, integer t or
 * 0 ≤ β < 1 is checked only there, so the assumptions are part of the derivation and are
 * printed with it.
 *
 *   "real"                 any real number (sampled in −10 … 10)
 *   "positive"             S > 0 (sampled in 0 … 10)
 *   "nonnegative"          S ≥ 0
 *   "0 <= beta < 1"        bounds, each < or <=
 *   "integer 0 .. 60"      whole numbers, inclusive
 *   "-5 .. 5"              a closed interval
 */
import type { Random } from "../check/random";

export interface Domain {
  readonly variable: string;
  readonly low: number;
  readonly high: number;
  readonly lowOpen: boolean;
  readonly highOpen: boolean;
  readonly integer: boolean;
  /** The domain as LaTeX, e.g. "0 \le \beta < 1". */
  readonly tex: string;
  /** The domain in words, e.g. "0 ≤ beta < 1". */
  readonly text: string;
  /** A point of the domain; edges are sampled too, since that is where steps break. */
  sample(random: Random): number;
}

/** How far "real" and "positive" reach when sampled: steps with powers of these stay finite. */
const REACH = 10;

const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?`;
const BOUNDS = new RegExp(String.raw`^(${NUMBER})\s*(<=|<|≤)\s*([A-Za-z_]\w*)\s*(<=|<|≤)\s*(${NUMBER})$`);
const INTERVAL = new RegExp(String.raw`^(${NUMBER})\s*\.\.\s*(${NUMBER})$`);

function tooBad(variable: string, spec: string): RangeError {
  return new RangeError(
    `derivation: Invalid domain for ${variable}: "${spec}" (a domain is "real", "positive", "nonnegative", ` +
      `"LOW < ${variable} <= HIGH" with < or <=, or "LOW .. HIGH", optionally after "integer")`,
  );
}

export function parseDomain(variable: string, spec: string): Domain {
  let rest = spec.trim();
  const integer = /^integer\b/.test(rest);
  if (integer) rest = rest.slice("integer".length).trim();
  let low: number, high: number, lowOpen = false, highOpen = false;
  if (rest === "" && integer) [low, high] = [-REACH, REACH];
  else if (rest === "real") [low, high] = [-REACH, REACH];
  else if (rest === "positive") [low, high, lowOpen] = [0, REACH, true];
  else if (rest === "nonnegative") [low, high] = [0, REACH];
  else {
    const bounds = BOUNDS.exec(rest);
    const interval = INTERVAL.exec(rest);
    if (bounds) {
      if (bounds[3] !== variable) throw tooBad(variable, spec);
      [low, high] = [Number(bounds[1]), Number(bounds[5])];
      [lowOpen, highOpen] = [bounds[2] === "<", bounds[4] === "<"];
    } else if (interval) {
      [low, high] = [Number(interval[1]), Number(interval[2])];
    } else {
      throw tooBad(variable, spec);
    }
  }
  if (!(low < high) && !(low === high && !lowOpen && !highOpen)) throw tooBad(variable, spec);
  if (integer && Math.ceil(low + (lowOpen ? 0.5 : 0)) > Math.floor(high - (highOpen ? 0.5 : 0))) throw tooBad(variable, spec);
  const lowInt = Math.ceil(lowOpen && Number.isInteger(low) ? low + 1 : low);
  const highInt = Math.floor(highOpen && Number.isInteger(high) ? high - 1 : high);
  const le = (open: boolean) => (open ? "<" : "≤");
  const text = integer ? `${variable} ∈ {${lowInt}, …, ${highInt}}` : `${low} ${le(lowOpen)} ${variable} ${le(highOpen)} ${high}`;
  const texVar = texName(variable);
  const tex = integer
    ? String.raw`${texVar} \in \{${lowInt}, \dots, ${highInt}\}`
    : `${low} ${lowOpen ? "<" : "\\le"} ${texVar} ${highOpen ? "<" : "\\le"} ${high}`;
  return {
    variable, low, high, lowOpen, highOpen, integer, tex, text,
    sample(random) {
      const u = random.uniform();
      if (integer) {
        // One draw in eight takes an end: off-by-one errors live there.
        if (u < 1 / 16) return lowInt;
        if (u < 1 / 8) return highInt;
        return lowInt + Math.floor(random.uniform() * (highInt - lowInt + 1));
      }
      // Near the ends too (but inside an open end): a step that breaks at β → 1 shows it there.
      const span = high - low;
      if (u < 1 / 16) return lowOpen ? low + span * 1e-6 : low;
      if (u < 1 / 8) return highOpen ? high - span * 1e-6 : high;
      let x = low + span * random.uniform();
      while ((lowOpen && x <= low) || (highOpen && x >= high)) x = low + span * random.uniform();
      return x;
    },
  };
}

const GREEK = new Set([
  "alpha", "beta", "gamma", "delta", "epsilon", "eta", "theta", "lambda", "mu", "rho", "sigma", "tau", "phi", "omega",
]);

/** A variable's LaTeX: Greek names as letters, beta1 as β₁. */
export function texName(variable: string): string {
  const m = /^([A-Za-z]+)_?(\d*)$/.exec(variable);
  if (!m) return String.raw`\mathit{${variable.replace(/_/g, "\\_")}}`;
  const base = GREEK.has(m[1]) ? `\\${m[1]}` : m[1].length === 1 ? m[1] : String.raw`\mathit{${m[1]}}`;
  return m[2] ? `${base}_{${m[2]}}` : base;
}
