"use strict";
// The student version of an instructor notebook: what `npm run release` writes
// and what a missing answer cell is replaced by when grading.
const { readHomework } = require("./markers");
const { stubCode, removeHidden, stubMarkdown } = require("./stub");
const { checksum, isLocked } = require("./checksum");

/** Notebook metadata key naming the instructor notebook a release came from (matching falls back on it). */
const ORIGIN_KEY = "homework";

/** nbformat's on-disk form of a source: lines, each but the last ending in "\n". */
function toLines(text) {
  return text === "" ? [] : text.split(/(?<=\n)/);
}

/** The code of the cells after `index`: what a stub must keep declared. */
function laterCode(nb, index) {
  return nb.cells.slice(index + 1).filter((c) => c && c.cell_type === "code").map((c) => (Array.isArray(c.source) ? c.source.join("") : String(c.source ?? ""))).join("\n");
}

/**
 * The released source of one marked cell, or null when the cell is released as is.
 * @param {import("./markers").MarkedCell} cell
 * @param {string | null} [later] laterCode() of its notebook (see stubCode)
 * @returns {{ source: string, warnings: string[] } | null}
 */
function releasedCell(cell, later = null) {
  if (cell.kind === "answer" || (cell.kind === "manual-answer" && cell.cellType === "code")) {
    return stubCode(cell.source, cell.solution, cell.gradeId, later);
  }
  if (cell.kind === "manual-answer") return { source: stubMarkdown(), warnings: [] };
  if (cell.kind === "tests" && cell.hidden.length > 0) return { source: removeHidden(cell.source, cell.hidden), warnings: [] };
  return null;
}

/**
 * @param {any} nb the instructor's notebook (parsed JSON; not modified)
 * @param {string} name its file name, for messages and the origin metadata
 * @returns {{ notebook: any, warnings: string[], homework: import("./markers").Homework }}
 */
function studentVersion(nb, name) {
  const homework = readHomework(nb, name);
  const copy = structuredClone(nb);
  const warnings = [...homework.warnings];
  for (const cell of copy.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
    if (cell.metadata) delete cell.metadata.execution;
  }
  for (const marked of homework.cells) {
    const released = releasedCell(marked, laterCode(nb, marked.index));
    if (!released) continue;
    copy.cells[marked.index].source = toLines(released.source);
    for (const w of released.warnings) warnings.push(`${name}, cell "${marked.id}": ${w}`);
  }
  for (const cell of copy.cells) {
    if (isLocked(cell)) cell.metadata.nbgrader = { ...cell.metadata.nbgrader, checksum: checksum(cell) }; // of the released source
  }
  copy.metadata = { ...copy.metadata, [ORIGIN_KEY]: { source: name } };
  delete copy.metadata.adaptive_lr; // the runner's execution record is not the student's
  return { notebook: copy, warnings, homework };
}

module.exports = { studentVersion, releasedCell, laterCode, toLines, ORIGIN_KEY };
