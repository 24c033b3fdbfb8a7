"use strict";
// The grade files: one JSON report per student (students/<id>.json, written
// when that student is done), the gradebook (gradebook.json: one row per
// student, merged across calls), and the class summary from it as JSON and
// CSV (one row per student, one column per autograded cell, total, status).
const fs = require("fs");
const path = require("path");
const { writeAtomically } = require("./files");

/**
 * @typedef {{ notebook: string, file: string | null, status: "graded"|"not submitted"|"unreadable"|"duplicate"|"tampered"|"timeout",
 *   reason: string | null, earned: number, max: number, seconds: number | null, restarts: number,
 *   grades: import("./score").Grade[], failedCells: { id: string | null, status: string, reason: string }[],
 *   tampered: string[], problems?: string[] }} NotebookReport  tampered: locked cells the submission changed (tamper.js)
 * @typedef {{ student: string, earned: number, max: number, status: string, notebooks: NotebookReport[], problems: string[] }} StudentReport
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

/** The folder of one student's files: ids are folder names, kept apart from the class files whatever they are. */
const studentFile = (out, student) => path.join(out, "students", `${student}.json`);

/**
 * The gradebook of `out`: the rows of earlier calls, merged with this call's by student.
 * A row holds what the summary needs; the student's full report is students/<id>.json.
 * @typedef {{ student: string, earned: number, max: number, status: string, points: Record<string, number>, problems: number }} Row
 * @typedef {{ file: string, source: string, columns: Column[], rows: Map<string, Row> }} Gradebook
 * @param {string} out
 * @param {string} source
 * @param {Column[]} columns this call's columns; earlier ones are kept
 * @returns {Gradebook}
 */
function openGradebook(out, source, columns) {
  const file = path.join(out, "gradebook.json");
  let earlier = { columns: [], rows: [] };
  if (fs.existsSync(file)) {
    try {
      earlier = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
      throw new Error(`${file} is not valid JSON (${err instanceof Error ? err.message : String(err)}); move it away to start a new gradebook`);
    }
  }
  const merged = [...(earlier.columns ?? [])];
  for (const c of columns) if (!merged.some((m) => m.notebook === c.notebook && m.gradeId === c.gradeId)) merged.push(c);
  return { file, source, columns: merged, rows: new Map((earlier.rows ?? []).map((row) => [row.student, row])) };
}

/** True when the student's report is there (what --resume skips). */
function hasReport(out, student) {
  return fs.existsSync(studentFile(out, student));
}

/**
 * Writes one student's report and their row of the gradebook, now.
 * @param {string} out
 * @param {Gradebook} book
 * @param {StudentReport} report
 */
function writeStudent(out, book, report) {
  writeAtomically(studentFile(out, report.student), JSON.stringify(report, null, 2) + "\n");
  const earnedBy = (column) => report.notebooks.find((n) => n.notebook === column.notebook)?.grades.find((g) => g.gradeId === column.gradeId)?.earned;
  const previous = book.rows.get(report.student);
  const points = { ...(previous?.points ?? {}) };
  for (const c of book.columns) {
    const earned = earnedBy(c);
    if (earned !== undefined) points[`${c.notebook}/${c.gradeId}`] = earned ?? 0;
  }
  const earned = Object.values(points).reduce((s, p) => s + p, 0);
  const max = book.columns.filter((c) => `${c.notebook}/${c.gradeId}` in points).reduce((s, c) => s + c.points, 0);
  book.rows.set(report.student, {
    student: report.student,
    earned,
    max,
    status: report.status,
    points,
    problems: report.problems.length + report.notebooks.filter((n) => n.status !== "graded").length,
  });
  writeAtomically(book.file, JSON.stringify({ source: book.source, columns: book.columns, rows: [...book.rows.values()].sort(byStudent) }, null, 2) + "\n");
}

const byStudent = (a, b) => (a.student < b.student ? -1 : a.student > b.student ? 1 : 0);

/** The executed copy of a student's notebook, for the instructor (it holds the hidden tests). */
function writeExecuted(out, student, notebook, text) {
  writeAtomically(path.join(out, "executed", student, notebook), text);
}

/**
 * summary.json and summary.csv from the whole gradebook: every student ever graded into `out`.
 * The CSV starts with a BOM (spreadsheets then read UTF-8 names right), a header row, then
 * a row of maximum points, then one row per student with a status column.
 * @param {string} out
 * @param {Gradebook} book
 * @returns {string[]} files written
 */
function writeSummaries(out, book) {
  const rows = [...book.rows.values()].sort(byStudent);
  const count = new Map();
  for (const c of book.columns) count.set(c.gradeId, (count.get(c.gradeId) ?? 0) + 1);
  const named = book.columns.map((c) => ({ ...c, column: count.get(c.gradeId) > 1 ? `${path.basename(c.notebook, ".ipynb")}/${c.gradeId}` : c.gradeId }));
  const max = named.reduce((s, c) => s + c.points, 0);
  const cell = (row, c) => row.points[`${c.notebook}/${c.gradeId}`] ?? 0;
  const summary = {
    source: book.source,
    notebooks: [...new Set(named.map((c) => c.notebook))],
    columns: named,
    max,
    students: rows.map((row) => ({ student: row.student, earned: row.earned, max: row.max, status: row.status, points: Object.fromEntries(named.map((c) => [c.column, cell(row, c)])), problems: row.problems })),
  };
  const jsonFile = path.join(out, "summary.json");
  writeAtomically(jsonFile, JSON.stringify(summary, null, 2) + "\n");
  const lines = [
    ["student", ...named.map((c) => c.column), "total", "status"],
    ["(max)", ...named.map((c) => c.points), max, ""],
    ...rows.map((row) => [row.student, ...named.map((c) => cell(row, c)), row.earned, row.status]),
  ];
  const csvFile = path.join(out, "summary.csv");
  writeAtomically(csvFile, "\uFEFF" + lines.map((line) => line.map(csvField).join(",")).join("\r\n") + "\r\n");
  return [book.file, jsonFile, csvFile];
}

module.exports = { columnsFor, openGradebook, hasReport, writeStudent, writeExecuted, writeSummaries, studentFile };
