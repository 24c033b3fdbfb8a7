"use strict";
// From what each cell did to points: a tests cell that ran without error earns
// its points, anything else earns 0 with the reason the student needs to read.

const REASON_LIMIT = 1200;

/**
 * The part of a kernel message a student reads: the error line and what
 * follows it, without the stack (tslab prints the failing source line and
 * a caret before it, and the error's fields after it). Compile errors ("3:15 - Cannot find name 'x'.") stay whole.
 */
function concise(message) {
  if (!message) return "";
  const lines = message.split("\n");
  const start = lines.findIndex((line) => /^[A-Za-z]*(Error|Exception)\b[^:]*:/.test(line));
  const from = start >= 0 ? lines.slice(start) : lines;
  // Node prints the stack, then the error's own fields ({ statement, figures }): the message ends at the stack.
  const stack = from.findIndex((line) => /^\s+at /.test(line));
  const text = (stack >= 0 ? from.slice(0, stack) : from).join("\n").trim();
  return text.length <= REASON_LIMIT ? text : `${text.slice(0, REASON_LIMIT)} …`;
}

const STATUS = { error: "failed", timeout: "timeout", dead: "kernel died", "out of memory": "out of memory", "not run": "not run" };
const OUT_OF_MEMORY = /ran out of memory|Array buffer allocation failed|heap out of memory|Cannot allocate memory|Invalid typed array length|Invalid array length/;
const TAMPERED = /\(tampered\)/;

/**
 * @typedef {{ gradeId: string, cell: string, kind: string, points: number, earned: number | null,
 *   status: "passed"|"partial"|"failed"|"timeout"|"kernel died"|"out of memory"|"tampered"|"not run"|"missing"|"not graded"|"manual", reason: string | null,
 *   parts?: { part: number, points: number, hidden: boolean, earned: number, reason: string | null }[] }} Grade
 */

/**
 * Grades of one executed submission.
 * @param {import("./markers").Homework} homework
 * @param {import("./kernel").NotebookOutcome} outcome
 * @param {string[]} missing answer cell ids the submission lacks
 * @param {string} [guard] the guard's secret name (assemble.js), which marks a check's report of its failed parts
 * @returns {{ grades: Grade[], failedCells: { id: string | null, status: string, reason: string }[] }}
 */
function scoreOutcome(homework, outcome, missing, guard = "") {
  const byId = new Map(outcome.cells.map((cell) => [cell.id, cell]));
  const grades = homework.items.map((item) => {
    const base = { gradeId: item.gradeId, cell: item.cellId, kind: item.kind, points: item.points };
    if (item.kind !== "tests") return { ...base, earned: null, status: "manual", reason: "graded by hand (nbgrader manually graded answer or task)" };
    const lost = item.answers.filter((id) => missing.includes(id));
    if (lost.length > 0) return { ...base, earned: 0, status: "missing", reason: lost.map((id) => `cell ${id} missing`).join("; ") };
    const check = byId.get(item.cellId);
    if (!check) return { ...base, earned: 0, status: "not run", reason: "the tests cell was not executed" };
    const parts = item.parts && item.parts.parts.length > 1 ? item.parts.parts : null;
    const partGrades = (failed) =>
      parts.map((part, k) => ({ part: k + 1, points: part.points, hidden: part.hidden, earned: failed.has(k + 1) ? 0 : part.points, reason: failed.get(k + 1) ?? null }));
    if (check.status === "ok") return { ...base, earned: item.points, status: "passed", reason: null, ...(parts ? { parts: partGrades(new Map()) } : {}) };
    const failedParts = parts && check.status === "error" ? partsFailed(check.message, guard) : null;
    if (failedParts) {
      const graded = partGrades(failedParts);
      const earned = graded.reduce((sum, p) => sum + p.earned, 0);
      const reason = graded.filter((p) => p.earned === 0 && p.reason !== null).map((p) => `part ${p.part}: ${concise(p.reason)}`).join("\n");
      return { ...base, earned, status: earned > 0 ? "partial" : "failed", reason, parts: graded };
    }
    const before = item.answers
      .map((id) => byId.get(id))
      .filter((answer) => answer && answer.status !== "ok" && answer.status !== "not run")
      .map((answer) => `solution cell ${answer.id} failed: ${concise(answer.message)}`);
    const own = check.status === "error" ? concise(check.message) : check.message;
    const reason = [...before, own].join("\nthen the tests failed: ");
    let status = STATUS[check.status] ?? "failed";
    if (status === "failed" && TAMPERED.test(reason)) status = "tampered";
    else if (status === "failed" && OUT_OF_MEMORY.test(reason)) status = "out of memory";
    return { ...base, earned: 0, status, reason };
  });
  const graded = new Set(homework.items.map((item) => item.cellId));
  const failedCells = outcome.cells
    .filter((cell) => cell.status !== "ok" && !graded.has(cell.id))
    .map((cell) => ({ id: cell.id, status: cell.status, reason: concise(cell.message) }));
  return { grades, failedCells };
}

/** The parts a check cell reported failed (guard.js), by part number, or null when it failed otherwise. */
function partsFailed(message, guard) {
  if (!message || !guard) return null;
  const marker = `grader ${guard}: parts failed `;
  const at = message.lastIndexOf(marker); // tslab first echoes the throwing line, which holds the marker too
  if (at < 0) return null;
  const line = message.slice(at + marker.length).split("\n")[0];
  try {
    const list = JSON.parse(line);
    return new Map(list.map(([part, reason]) => [part, String(reason)]));
  } catch {
    return null;
  }
}

/**
 * Grades when the submission could not be executed at all (not submitted, unreadable, …): 0 for each tests cell.
 * @param {import("./markers").Homework} homework
 * @param {string} reason
 * @returns {Grade[]}
 */
function zeroGrades(homework, reason) {
  return homework.items.map((item) => ({
    gradeId: item.gradeId,
    cell: item.cellId,
    kind: item.kind,
    points: item.points,
    earned: item.kind === "tests" ? 0 : null,
    status: item.kind === "tests" ? "not graded" : "manual",
    reason,
  }));
}

/** Points earned and possible (autograded cells only). */
function totals(grades) {
  const auto = grades.filter((g) => g.kind === "tests");
  return { earned: auto.reduce((s, g) => s + (g.earned ?? 0), 0), max: auto.reduce((s, g) => s + g.points, 0) };
}

/**
 * The one word a gradebook shows for a notebook: ok, wrong, missing, unreadable,
 * duplicate, timeout, out of memory or tampered (the first that applies, in that
 * order of precedence: tampered, then what stopped grading, then missing, then wrong).
 * @param {import("./report").NotebookReport} entry
 */
function notebookStatus(entry) {
  const byEntry = { "not submitted": "missing", unreadable: "unreadable", duplicate: "duplicate", tampered: "tampered", timeout: "timeout" };
  if (byEntry[entry.status]) return byEntry[entry.status];
  const statuses = entry.grades.map((g) => g.status);
  if ((entry.tampered ?? []).length > 0 || statuses.includes("tampered")) return "tampered";
  if (statuses.includes("out of memory")) return "out of memory";
  if (statuses.includes("timeout")) return "timeout";
  if (statuses.includes("missing")) return "missing";
  const { earned, max } = totals(entry.grades);
  return earned === max ? "ok" : "wrong";
}

/** A student's status: the first notebook's that is not ok, else ok. */
function studentStatus(report) {
  return report.notebooks.map(notebookStatus).find((s) => s !== "ok") ?? "ok";
}

module.exports = { scoreOutcome, zeroGrades, totals, concise, notebookStatus, studentStatus };
