"use strict";
// papermill's convention for TypeScript notebooks: the cell tagged
// "parameters" declares the values a run may change; `-p name=value` adds a
// cell tagged "injected-parameters" right after it that declares them again.
// tslab lets a later cell redeclare a `const` (each cell is its own module),
// and we keep the original keyword and type annotation, so the compiler still
// checks the new value against the declared type.
//
// Each declaration states the values its notebook's story holds for, in its
// trailing comment, and -p refuses anything else before a kernel starts:
//   const alpha = 0.5; // RMSProp's α; range: 0.3 .. 0.95
//   const updates = 300; // updates per run; range: 200 .. 2000, integer
//   const decay = true; // one of: true | false
// A value is a literal (number, string, boolean, JSON array), never code.
const { UsageError } = require("./args");

const PARAMETERS_TAG = "parameters";
const INJECTED_TAG = "injected-parameters";

/**
 * @typedef {"number" | "string" | "boolean" | "array"} Kind
 * @typedef {{ low: number, high: number, integer: boolean }} Range
 * @typedef {{ keyword: "const" | "let" | "var", name: string, type: string | undefined, initializer: string,
 *   comment: string, kind: Kind | undefined, range: Range | undefined, choices: unknown[] | undefined }} Declaration
 */

const DECLARATION = /^\s*(?:export\s+)?(const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*(.+?)\s*)?=(?![=>])\s*(.*?)\s*;?\s*(?:\/\/(.*))?$/;
const NUMBER = /^[+-]?(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:e[+-]?\d+)?$/i;
const RANGE = /\brange:\s*(\S+)\s*\.\.\s*([^\s,;]+)\s*(,\s*integer\b)?/;
const CHOICES = /\bone of:\s*(.+?)\s*$/;

/**
 * A literal as a value: number (underscores allowed), boolean, quoted string, JSON array.
 * Returns undefined for anything else (an expression, a call, a bare word).
 * @param {string} text
 */
function parseLiteral(text) {
  const t = text.trim();
  if (NUMBER.test(t)) return Number(t.replace(/_/g, ""));
  if (t === "true" || t === "false") return t === "true";
  if (/^"(?:[^"\\]|\\.)*"$/.test(t)) return JSON.parse(t);
  if (/^'(?:[^'\\]|\\.)*'$/.test(t)) return JSON.parse(`"${t.slice(1, -1).replace(/\\'/g, "'").replace(/"/g, '\\"')}"`);
  if (t.startsWith("[")) {
    try {
      const value = JSON.parse(t.replace(/(\d)_(?=\d)/g, "$1"));
      if (Array.isArray(value) && value.every((v) => ["number", "string", "boolean"].includes(typeof v))) return value;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** @param {unknown} value @returns {Kind | undefined} */
function kindOf(value) {
  if (Array.isArray(value)) return "array";
  const t = typeof value;
  return t === "number" || t === "string" || t === "boolean" ? t : undefined;
}

/** The kind a declaration holds: from its type annotation, else from its initializer. */
function declaredKind(type, initializer) {
  if (type) {
    const bare = type.replace(/\s+/g, "");
    if (bare === "number" || bare === "string" || bare === "boolean") return bare;
    if (/^(number|string|boolean)\[\]$|^readonly(number|string|boolean)\[\]$|^Array<(number|string|boolean)>$/.test(bare)) return "array";
    if (/^("[^"]*"|'[^']*')(\|("[^"]*"|'[^']*'))*$/.test(bare)) return "string"; // a union of string literals
    return undefined;
  }
  return kindOf(parseLiteral(initializer));
}

/** @param {string} comment @param {string} name @returns {Range | undefined} */
function parseRange(comment, name) {
  const m = RANGE.exec(comment);
  if (!m) return undefined;
  const [low, high] = [parseLiteral(m[1]), parseLiteral(m[2])];
  if (typeof low !== "number" || typeof high !== "number" || !Number.isFinite(low) || !Number.isFinite(high) || low > high) {
    throw new UsageError(`parameter ${name}: its range "${m[0]}" must be "range: LOW .. HIGH" with numbers LOW ≤ HIGH`);
  }
  return { low, high, integer: Boolean(m[3]) };
}

/** One-line declarations `const name: Type = value; // comment` of a parameters cell, by name. */
function parameterDeclarations(source) {
  /** @type {Map<string, Declaration>} */
  const found = new Map();
  for (const line of source.split("\n")) {
    const m = DECLARATION.exec(line);
    if (!m) continue;
    const [, keyword, name, type, initializer, comment = ""] = m;
    const choicesMatch = CHOICES.exec(comment);
    const choices = choicesMatch ? choicesMatch[1].split("|").map((c) => parseLiteral(c.trim()) ?? c.trim()) : undefined;
    found.set(name, {
      keyword: /** @type {Declaration["keyword"]} */ (keyword),
      name,
      type,
      initializer,
      comment: comment.trim(),
      kind: declaredKind(type, initializer),
      range: parseRange(comment, name),
      choices,
    });
  }
  return found;
}

/** What the declaration accepts, in words: "a number in 0.3 .. 0.95". */
function describeAccepted(declaration) {
  const { kind, range, choices } = declaration;
  if (choices) return `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;
  if (range) return `${range.integer ? "an integer" : "a number"} in ${range.low} .. ${range.high}`;
  return kind === "array" ? "a JSON array" : kind ? `a ${kind}` : "a literal";
}

/**
 * Checks `text` against the declaration and returns it as TypeScript. Unquoted text
 * given for a string parameter is that string. Throws a UsageError naming the parameter,
 * the notebook and what it accepts.
 * @param {Declaration} declaration
 * @param {string} text
 * @param {string} notebookName
 */
function valueText(declaration, text, notebookName) {
  const where = `-p ${declaration.name}=${text}`;
  const accepted = `${declaration.name} in ${notebookName} takes ${describeAccepted(declaration)}`;
  let value = parseLiteral(text);
  // Unquoted text for a string parameter is the string itself (quoted when injected, so never code).
  if (value === undefined && declaration.kind === "string") value = text.trim();
  if (value === undefined) throw new UsageError(`${where}: not a literal value (a number, string, boolean or JSON array); ${accepted}`);
  if (declaration.kind && kindOf(value) !== declaration.kind) {
    throw new UsageError(`${where}: a ${kindOf(value)}, but ${accepted}`);
  }
  if (typeof value === "number" && !Number.isFinite(value)) throw new UsageError(`${where}: not a finite number; ${accepted}`);
  const { range, choices } = declaration;
  if (choices && !choices.some((c) => c === value)) throw new UsageError(`${where}: not allowed; ${accepted}`);
  if (range && typeof value === "number") {
    if (range.integer && !Number.isInteger(value)) throw new UsageError(`${where}: not an integer; ${accepted}`);
    if (value < range.low || value > range.high) throw new UsageError(`${where}: out of range; ${accepted}`);
  }
  return typeof value === "string" ? JSON.stringify(value) : Array.isArray(value) ? JSON.stringify(value) : String(value);
}

function cellSource(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function tags(cell) {
  return Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
}

/** The declarations of a notebook's parameters cell (empty when it has none). */
function notebookParameters(notebook) {
  const cell = notebook.cells.find((/** @type {any} */ c) => c.cell_type === "code" && tags(c).includes(PARAMETERS_TAG));
  return cell ? parameterDeclarations(cellSource(cell)) : new Map();
}

/**
 * Applies the overrides a notebook declares: returns a copy of `notebook`
 * with an injected-parameters cell after its parameters cell (an earlier
 * injected cell is replaced), the overrides applied, and the names its
 * parameters cell declares. A notebook that declares none is returned as is.
 * Each value is checked against its declaration first.
 * @param {any} notebook parsed .ipynb
 * @param {Record<string, string>} overrides
 * @param {string} [notebookName] for messages
 * @returns {{ notebook: any, applied: Record<string, string>, declared: string[] }}
 */
function injectParameters(notebook, overrides, notebookName = "the notebook") {
  const at = notebook.cells.findIndex((/** @type {any} */ cell) => cell.cell_type === "code" && tags(cell).includes(PARAMETERS_TAG));
  if (at < 0) return { notebook, applied: {}, declared: [] };
  const declared = parameterDeclarations(cellSource(notebook.cells[at]));
  const names = Object.keys(overrides).filter((name) => declared.has(name));
  if (names.length === 0) return { notebook, applied: {}, declared: [...declared.keys()] };

  /** @type {Record<string, string>} */
  const applied = {};
  const lines = ["// Parameters injected by npm start (-p)"];
  for (const name of names) {
    const declaration = /** @type {Declaration} */ (declared.get(name));
    const type = declaration.type ? `: ${declaration.type}` : "";
    lines.push(`${declaration.keyword} ${name}${type} = ${valueText(declaration, overrides[name], notebookName)};`);
    applied[name] = overrides[name];
  }
  /** @type {any} */
  const injected = {
    cell_type: "code",
    execution_count: null,
    metadata: { tags: [INJECTED_TAG] },
    outputs: [],
    source: lines.join("\n"),
  };
  // Cell ids exist from nbformat 4.5 on, and are forbidden before.
  if (notebook.nbformat > 4 || (notebook.nbformat === 4 && notebook.nbformat_minor >= 5)) injected.id = INJECTED_TAG;
  const copy = structuredClone(notebook);
  copy.cells = copy.cells.filter((/** @type {any} */ cell) => !tags(cell).includes(INJECTED_TAG));
  copy.cells.splice(copy.cells.findIndex((/** @type {any} */ cell) => tags(cell).includes(PARAMETERS_TAG)) + 1, 0, injected);
  return { notebook: copy, applied, declared: [...declared.keys()] };
}

/**
 * Every -p name must be declared by some selected notebook, so a typo stops
 * the run instead of silently running the defaults.
 * @param {Record<string, string>} overrides
 * @param {{ name: string, applied: Record<string, string>, declared: string[] }[]} notebooks
 */
function checkOverridesUsed(overrides, notebooks) {
  for (const name of Object.keys(overrides)) {
    if (notebooks.some((nb) => name in nb.applied)) continue;
    const declared = notebooks.filter((nb) => nb.declared.length > 0).map((nb) => `${nb.name}: ${nb.declared.join(", ")}`);
    throw new UsageError(
      `-p ${name}: no selected notebook declares "${name}" in a cell tagged "${PARAMETERS_TAG}" ` +
        `(one-line const/let/var declarations); declared: ${declared.join("; ") || "none"}`,
    );
  }
}

/**
 * The fixed sample the test suite runs a notebook on: every ranged parameter at its
 * low end at once, then at its high end at once, and two other seeds (parameters named
 * like "seed") at the defaults of the rest. Seeds are the default + 1 and a large one.
 * @param {Map<string, Declaration>} declarations
 * @returns {{ label: string, parameters: Record<string, string> }[]}
 */
function robustnessSample(declarations) {
  const ranged = [...declarations.values()].filter((d) => d.range);
  /** @type {{ label: string, parameters: Record<string, string> }[]} */
  const sample = [];
  if (ranged.length > 0) {
    for (const end of /** @type {const} */ (["low", "high"])) {
      sample.push({ label: `every range at its ${end} end`, parameters: Object.fromEntries(ranged.map((d) => [d.name, String(d.range[end])])) });
    }
  }
  const seeds = ranged.filter((d) => /seed/i.test(d.name) && d.range?.integer);
  for (const pick of [(d) => Number(parseLiteral(d.initializer)) + 1, (d) => Math.floor(d.range.low + 0.7919 * (d.range.high - d.range.low))]) {
    if (seeds.length === 0) break;
    const parameters = Object.fromEntries(seeds.map((d) => [d.name, String(Math.min(d.range.high, Math.max(d.range.low, pick(d))))]));
    sample.push({ label: `other seed${seeds.length > 1 ? "s" : ""}`, parameters });
  }
  return sample;
}

module.exports = {
  injectParameters,
  checkOverridesUsed,
  parameterDeclarations,
  notebookParameters,
  robustnessSample,
  parseLiteral,
  describeAccepted,
  PARAMETERS_TAG,
  INJECTED_TAG,
};
