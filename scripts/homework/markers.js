"use strict";
// Reads a notebook's homework markers, nbgrader's conventions (schema 3), and
// says clearly what is wrong with them. What each cell is:
//   answer   code, solution            the student writes it (autograded through its tests)
//   tests    code, grade + points       passes ⇒ full points, fails ⇒ 0
//   manual-answer  solution + grade + points (code or markdown): graded by hand, never by us
//   task     markdown, task + points     a question graded by hand
//   readonly locked only                kept as is
// Inside cells, marker lines are `// BEGIN SOLUTION` … `// END SOLUTION` (answer and
// manual code cells) and `// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS` (tests cells).

const KNOWN_KEYS = new Set(["schema_version", "solution", "grade", "locked", "task", "grade_id", "points", "cell_type", "checksum"]);
const REGIONS = { SOLUTION: "SOLUTION", "HIDDEN TESTS": "HIDDEN TESTS" };
const MARKER_LINE = /^(\s*)\/\/\s*(BEGIN|END)\s+([A-Z][A-Z ]*?)\s*$/;
// A marker that is not on its own `//` line is a mistake we can name (`/* BEGIN SOLUTION */`, `# BEGIN …`).
const MARKER_WORDS = /\b(BEGIN|END)\s+(SOLUTION|HIDDEN TESTS)\b/;
const GRADE_ID = /^[A-Za-z0-9_.-]+$/;
const { checkParts } = require("./parts");

class MarkerError extends Error {
  /** @param {string[]} problems */
  constructor(problems) {
    super(problems.join("\n"));
    this.name = "MarkerError";
    this.problems = problems;
  }
}

/** A cell's source as one string (nbformat allows a string or a list of lines). */
function sourceText(cell) {
  const source = cell.source;
  if (typeof source === "string") return source;
  if (Array.isArray(source) && source.every((line) => typeof line === "string")) return source.join("");
  return null;
}

/**
 * @typedef {{ begin: number, end: number, name: string, indent: string }} Region
 *   line indices of the BEGIN and END marker lines
 * @typedef {{ index: number, id: string, cellType: string, kind: "answer"|"tests"|"manual-answer"|"task"|"readonly",
 *   gradeId: string|null, points: number|null, source: string, solution: Region[], hidden: Region[],
 *   parts: import("./parts").Parts | null }} MarkedCell
 * @typedef {{ gradeId: string, cellId: string, index: number, points: number, kind: "tests"|"manual-answer"|"task",
 *   answers: string[], parts: import("./parts").Parts | null }} GradedItem  answers: ids of the answer cells this item checks (those since the previous item)
 * @typedef {{ cells: MarkedCell[], items: GradedItem[], answers: MarkedCell[], warnings: string[] }} Homework
 */

/**
 * The homework structure of a parsed notebook; throws MarkerError listing every problem.
 * @param {any} nb parsed .ipynb JSON
 * @param {string} name for messages (the notebook's file name)
 * @returns {Homework}
 */
function readHomework(nb, name) {
  const problems = [];
  const where = (cell, index) => `${name}, cell ${typeof cell.id === "string" ? `"${cell.id}"` : `#${index + 1}`}`;
  if (!nb || !Array.isArray(nb.cells)) throw new MarkerError([`${name}: not a notebook (no "cells" list)`]);

  /** @type {MarkedCell[]} */
  const cells = [];
  const gradeIds = new Map();
  nb.cells.forEach((cell, index) => {
    const at = where(cell, index);
    const source = sourceText(cell);
    if (source === null) {
      problems.push(`${at}: "source" must be a string or a list of strings`);
      return;
    }
    const meta = cell.metadata?.nbgrader;
    const kind = meta === undefined ? null : classify(meta, cell.cell_type, at, problems);
    const regions = cell.cell_type === "code" ? findRegions(source, at, problems) : { solution: [], hidden: [] };
    if (regions.solution.length > 0 && kind !== "answer" && kind !== "manual-answer") {
      problems.push(`${at}: has "// BEGIN SOLUTION" but is not a solution cell (metadata nbgrader.solution is not true)`);
    }
    if (regions.hidden.length > 0 && kind !== "tests") {
      problems.push(`${at}: has "// BEGIN HIDDEN TESTS" but is not a graded tests cell (nbgrader.grade true, solution false)`);
    }
    if (kind === null) return;
    if (kind !== "readonly" && (typeof cell.id !== "string" || cell.id === "")) {
      problems.push(`${at}: an exercise cell needs a cell "id" (nbformat 4.5) so submissions can be matched back`);
    }
    const gradeId = kind === "readonly" ? null : meta.grade_id;
    if (gradeId !== null && typeof gradeId === "string") {
      if (gradeIds.has(gradeId)) problems.push(`${at}: grade_id "${gradeId}" is already used by cell "${gradeIds.get(gradeId)}"`);
      gradeIds.set(gradeId, cell.id);
    }
    const points = kind === "tests" || kind === "manual-answer" || kind === "task" ? meta.points : null;
    cells.push({
      index,
      id: cell.id,
      cellType: cell.cell_type,
      kind,
      gradeId,
      points,
      source,
      solution: regions.solution,
      hidden: regions.hidden,
      parts: kind === "tests" ? checkParts(source, regions.hidden, points, at, problems) : null,
    });
  });
  if (problems.length > 0) throw new MarkerError(problems);

  /** @type {GradedItem[]} */
  const items = [];
  let pending = [];
  for (const cell of cells) {
    if (cell.kind === "answer") pending.push(cell.id);
    if (cell.kind === "tests" || cell.kind === "manual-answer" || cell.kind === "task") {
      items.push({ gradeId: cell.gradeId, cellId: cell.id, index: cell.index, points: cell.points, kind: cell.kind, answers: pending, parts: cell.parts });
      pending = [];
    }
  }
  const warnings = pending.map((id) => `${name}, cell "${id}": a solution cell with no graded tests cell after it earns no points`);
  return { cells, items, answers: cells.filter((c) => c.kind === "answer" || c.kind === "manual-answer"), warnings };
}

// nbgrader's cell types from its flags; anything else is reported.
function classify(meta, cellType, at, problems) {
  if (meta === null || typeof meta !== "object" || Array.isArray(meta)) {
    problems.push(`${at}: metadata.nbgrader must be an object`);
    return null;
  }
  const unknown = Object.keys(meta).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0) {
    problems.push(`${at}: unknown nbgrader key(s) ${unknown.map((k) => `"${k}"`).join(", ")}; known: ${[...KNOWN_KEYS].join(", ")}`);
  }
  if (meta.schema_version !== undefined && meta.schema_version !== 3) {
    problems.push(`${at}: nbgrader schema_version ${JSON.stringify(meta.schema_version)} is not supported (only 3)`);
  }
  for (const flag of ["solution", "grade", "locked", "task"]) {
    if (meta[flag] !== undefined && typeof meta[flag] !== "boolean") {
      problems.push(`${at}: nbgrader.${flag} must be true or false, got ${JSON.stringify(meta[flag])}`);
      return null;
    }
  }
  const { solution = false, grade = false, task = false } = meta;
  const needsId = solution || grade || task;
  if (needsId && (typeof meta.grade_id !== "string" || !GRADE_ID.test(meta.grade_id))) {
    problems.push(`${at}: nbgrader.grade_id must be a non-empty string of letters, digits, "_", "-" or ".", got ${JSON.stringify(meta.grade_id)}`);
  }
  const scored = grade || task;
  if (scored && (typeof meta.points !== "number" || !Number.isFinite(meta.points) || meta.points < 0)) {
    problems.push(`${at}: nbgrader.points must be a number ≥ 0 for a graded cell, got ${JSON.stringify(meta.points)}`);
  }
  if (task && (solution || grade)) {
    problems.push(`${at}: a task cell cannot also be a solution or grade cell`);
    return null;
  }
  if (task) {
    if (cellType !== "markdown") problems.push(`${at}: a task cell must be a markdown cell`);
    return "task";
  }
  if (solution && grade) return "manual-answer";
  if (solution) {
    if (cellType !== "code") {
      problems.push(`${at}: a markdown solution cell must also be a grade cell (nbgrader's "manually graded answer")`);
    }
    return "answer";
  }
  if (grade) {
    if (cellType !== "code") problems.push(`${at}: a markdown grade cell must also be a solution cell (nbgrader's "manually graded answer")`);
    return "tests";
  }
  return "readonly";
}

/** BEGIN/END pairs of a code cell, checked: known names, no nesting, every BEGIN closed. */
function findRegions(source, at, problems) {
  const found = { solution: [], hidden: [] };
  let open = null;
  source.split("\n").forEach((line, i) => {
    const match = MARKER_LINE.exec(line);
    if (!match) {
      if (MARKER_WORDS.test(line)) {
        problems.push(`${at}, line ${i + 1}: write the marker alone on its line as "// ${MARKER_WORDS.exec(line)[0]}", got "${line.trim()}"`);
      }
      return;
    }
    const [, indent, edge, name] = match;
    if (!(name in REGIONS)) {
      problems.push(`${at}, line ${i + 1}: unknown marker "${edge} ${name}"; known: BEGIN/END SOLUTION, BEGIN/END HIDDEN TESTS`);
      return;
    }
    if (edge === "BEGIN") {
      if (open) problems.push(`${at}, line ${i + 1}: "BEGIN ${name}" inside "BEGIN ${open.name}" (line ${open.begin + 1}); regions do not nest`);
      else open = { begin: i, name, indent };
      return;
    }
    if (!open || open.name !== name) {
      problems.push(`${at}, line ${i + 1}: "END ${name}" without a matching "BEGIN ${name}"`);
      return;
    }
    (name === "SOLUTION" ? found.solution : found.hidden).push({ begin: open.begin, end: i, name, indent: open.indent });
    open = null;
  });
  if (open) problems.push(`${at}, line ${open.begin + 1}: "BEGIN ${open.name}" is never closed by "END ${open.name}"`);
  return found;
}

module.exports = { readHomework, sourceText, findRegions, MarkerError };
