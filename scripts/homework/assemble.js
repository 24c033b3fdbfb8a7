"use strict";
// The notebook that grades one submission: the instructor's notebook (its own
// setup, visible and hidden tests, locked cells as written) with the
// student's answer cells put in by cell id, the grader's guard cell before the
// first of them, and each check cell bound to what the guard recorded
// (guard.js). A student can change only what they were asked to write.
const { sourceText } = require("./markers");
const { releasedCell, laterCode, toLines } = require("./student-version");
const { guardCell, guardedCheck, guardName, setupNames } = require("./guard");

const GUARD_CELL_ID = "grader-guard";

/**
 * @param {any} instructorNb parsed instructor notebook (not modified)
 * @param {import("./markers").Homework} homework its markers
 * @param {any} submissionNb parsed submission (not modified)
 * @returns {{ notebook: any, missing: string[], guard: string }} missing: ids of answer cells the submission lacks; guard: the guard's secret name
 */
function gradedNotebook(instructorNb, homework, submissionNb) {
  const copy = structuredClone(instructorNb);
  for (const cell of copy.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  const byId = new Map();
  const byGradeId = new Map(); // for editors that drop cell ids; the nbgrader metadata travels with the cell
  for (const cell of submissionNb.cells) {
    if (!cell || typeof cell !== "object") continue;
    if (typeof cell.id === "string" && !byId.has(cell.id)) byId.set(cell.id, cell);
    const gradeId = cell.metadata?.nbgrader?.grade_id;
    if (typeof gradeId === "string" && !byGradeId.has(gradeId)) byGradeId.set(gradeId, cell);
  }
  const missing = [];
  const taken = new Set(homework.answers.map((answer) => byId.get(answer.id) ?? byGradeId.get(answer.gradeId)).filter(Boolean));
  for (const answer of homework.answers) {
    let submitted = byId.get(answer.id) ?? byGradeId.get(answer.gradeId);
    if (!submitted) {
      submitted = bySignature(answer, instructorNb, submissionNb, taken);
      if (submitted) taken.add(submitted);
    }
    const text = submitted ? sourceText(submitted) : null;
    if (text === null) {
      missing.push(answer.id);
      // what the student was given, so the cells after it behave as in the release
      copy.cells[answer.index].source = toLines(releasedCell(answer, laterCode(instructorNb, answer.index))?.source ?? "");
    } else {
      copy.cells[answer.index].source = toLines(text);
    }
  }
  const firstAnswer = Math.min(...homework.answers.map((a) => a.index));
  const setup = copy.cells.slice(0, firstAnswer).filter((c) => c.cell_type === "code").map((c) => sourceText(c) ?? "");
  const names = setupNames(setup);
  const name = guardName();
  for (const item of homework.items) {
    if (item.kind === "tests") copy.cells[item.index].source = toLines(guardedCheck(sourceText(instructorNb.cells[item.index]), name, names, item.parts));
  }
  const guard = { id: GUARD_CELL_ID, cell_type: "code", metadata: {}, execution_count: null, outputs: [], source: toLines(guardCell(name, names)) };
  copy.cells.splice(firstAnswer, 0, guard);
  return { notebook: copy, missing, guard: name };
}

/**
 * An answer cell whose id and metadata an editor lost, recognised by what it
 * declares: the one unclaimed code cell of the submission that declares every
 * function the released stub declares (none when the stub declares none, or
 * when two cells could be it).
 */
function bySignature(answer, instructorNb, submissionNb, taken) {
  const stub = releasedCell(answer, laterCode(instructorNb, answer.index))?.source ?? "";
  const names = [...stub.matchAll(/^\s*(?:export\s+)?(?:async\s+)?function\s*\*?\s*([\w$]+)/gm)].map((m) => m[1]);
  if (names.length === 0) return undefined;
  const candidates = submissionNb.cells.filter((cell) => {
    if (!cell || cell.cell_type !== "code" || taken.has(cell) || cell.metadata?.nbgrader) return false;
    const text = sourceText(cell) ?? "";
    return names.every((name) => new RegExp(`function\\s*\\*?\\s*${name.replace(/\$/g, "\\$")}\\s*[(<]`).test(text));
  });
  return candidates.length === 1 ? candidates[0] : undefined;
}

module.exports = { gradedNotebook, GUARD_CELL_ID };
