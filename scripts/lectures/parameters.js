"use strict";
// papermill's convention for TypeScript notebooks: the cell tagged
// "parameters" declares the values a run may change; `-p name=value` adds a
// cell tagged "injected-parameters" right after it that declares them again.
// tslab lets a later cell redeclare a `const` (each cell is its own module),
// and we keep the original keyword and type annotation, so the compiler still
// checks the new value against the declared type.
const { UsageError } = require("./args");

const PARAMETERS_TAG = "parameters";
const INJECTED_TAG = "injected-parameters";

/**
 * @typedef {{ keyword: "const" | "let" | "var", name: string, type: string | undefined, initializer: string }} Declaration
 */

/** One-line declarations `const name: Type = value;` of a parameters cell, by name. */
function parameterDeclarations(source) {
  /** @type {Map<string, Declaration>} */
  const found = new Map();
  const pattern = /^\s*(?:export\s+)?(const|let|var)\s+([A-Za-z_$][\w$]*)\s*(?::\s*(.+?)\s*)?=(?![=>])\s*(.*?)\s*;?\s*(?:\/\/.*)?$/;
  for (const line of source.split("\n")) {
    const m = pattern.exec(line);
    if (m) found.set(m[2], { keyword: /** @type {Declaration["keyword"]} */ (m[1]), name: m[2], type: m[3], initializer: m[4] });
  }
  return found;
}

function cellSource(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

function tags(cell) {
  return Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
}

/** The value as TypeScript: a bare word given for a string parameter is quoted. */
function valueText(declaration, value) {
  const quoted = /^["'`]/.test(value);
  const isString = declaration.type === "string" || /^["'`]/.test(declaration.initializer);
  return isString && !quoted ? JSON.stringify(value) : value;
}

/**
 * Applies the overrides a notebook declares: returns a copy of `notebook`
 * with an injected-parameters cell after its parameters cell (an earlier
 * injected cell is replaced), the overrides applied, and the names its
 * parameters cell declares. A notebook that declares none is returned as is.
 * @param {any} notebook parsed .ipynb
 * @param {Record<string, string>} overrides
 * @returns {{ notebook: any, applied: Record<string, string>, declared: string[] }}
 */
function injectParameters(notebook, overrides) {
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
    lines.push(`${declaration.keyword} ${name}${type} = ${valueText(declaration, overrides[name])};`);
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

module.exports = { injectParameters, checkOverridesUsed, parameterDeclarations, PARAMETERS_TAG, INJECTED_TAG };
