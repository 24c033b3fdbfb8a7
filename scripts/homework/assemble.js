"use strict";
// The notebook that grades one submission: the instructor's notebook (its own
// setup, visible and hidden tests, locked cells as written) with the
// student's answer cells put in by cell id, the grader's guard cell before the
// first of them, and each check cell bound to what the guard recorded
// (guard.js). A student can change only what they were asked to write.
const { sourceText } = require("./markers");
const { releasedCell, toLines } = require("./student-version");
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
  for (const answer of homework.answers) {
    const submitted = byId.get(answer.id) ?? byGradeId.get(answer.gradeId);
    const text = submitted ? sourceText(submitted) : null;
    if (text === null) {
      missing.push(answer.id);
      // what the student was given, so the cells after it behave as in the release
      copy.cells[answer.index].source = toLines(releasedCell(answer)?.source ?? "");
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

module.exports = { gradedNotebook, GUARD_CELL_ID };
