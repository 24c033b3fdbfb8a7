"use strict";
// The grade files: one JSON report per student, and the class summary as
// JSON and CSV (one row per student, one column per autograded cell, total).
const path = require("path");
const { writeAtomically } = require("./files");

/**
 * @typedef {{ notebook: string, file: string | null, status: "graded"|"not submitted"|"unreadable"|"duplicate"|"not run",
 *   reason: string | null, earned: number, max: number, seconds: number | null, restarts: number,
 *   grades: import("./score").Grade[], failedCells: { id: string | null, status: string, reason: string }[] }} NotebookReport
 * @typedef {{ student: string, earned: number, max: number, notebooks: NotebookReport[], problems: string[] }} StudentReport
 * @typedef {{ column: string, notebook: string, gradeId: string, points: number }} Column
 */

/**
 * One column per autograded cell of the graded notebooks, named by grade_id
 * (prefixed by the notebook when two notebooks use the same grade_id).
 * @param {{ name: string, homework: import("./markers").Homework }[]} graded
 * @returns {Column[]}
 */
function columnsFor(graded) {
  const all = graded.flatMap(({ name, homework }) =>
    homework.items.filter((item) => item.kind === "tests").map((item) => ({ notebook: name, gradeId: item.gradeId, points: item.points })),
  );
  const count = new Map();
  for (const c of all) count.set(c.gradeId, (count.get(c.gradeId) ?? 0) + 1);
  return all.map((c) => ({ ...c, column: count.get(c.gradeId) > 1 ? `${path.basename(c.notebook, ".ipynb")}/${c.gradeId}` : c.gradeId }));
}

function csvField(value) {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * @param {string} out
 * @param {{ source: string, columns: Column[], students: StudentReport[] }} grading
 * @returns {string[]} files written
 */
function writeReports(out, { source, columns, students }) {
  const written = [];
  const write = (name, text) => {
    const file = path.join(out, name);
    writeAtomically(file, text);
    written.push(file);
  };
  for (const report of students) write(`${report.student}.json`, JSON.stringify(report, null, 2) + "\n");
  const earnedBy = (report, column) =>
    report.notebooks.find((n) => n.notebook === column.notebook)?.grades.find((g) => g.gradeId === column.gradeId)?.earned ?? 0;
  const max = columns.reduce((s, c) => s + c.points, 0);
  const summary = {
    source,
    notebooks: [...new Set(columns.map((c) => c.notebook))],
    columns,
    max,
    students: students.map((report) => ({
      student: report.student,
      earned: report.earned,
      max: report.max,
      points: Object.fromEntries(columns.map((c) => [c.column, earnedBy(report, c)])),
      problems: report.problems.length + report.notebooks.filter((n) => n.status !== "graded").length,
    })),
  };
  write("summary.json", JSON.stringify(summary, null, 2) + "\n");
  const rows = [["student", ...columns.map((c) => c.column), "total"]];
  for (const report of students) rows.push([report.student, ...columns.map((c) => earnedBy(report, c)), report.earned]);
  write("summary.csv", rows.map((row) => row.map(csvField).join(",")).join("\n") + "\n");
  return written;
}

module.exports = { columnsFor, writeReports };
