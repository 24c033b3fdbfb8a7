"use strict";
// One HTML page per student (feedback/<student>.html), to hand back: their
// code, and each check with its points and, for a visible check, why it
// failed. A hidden check is only ever "hidden check k: failed": its source and
// its message stay with the instructor (they could give the hidden tests away).
const { readNotebook } = require("./files");
const { sourceText } = require("./markers");
const { studentVersion } = require("./student-version");

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

const STATUS_WORDS = {
  "not submitted": "not submitted",
  unreadable: "the file could not be read",
  duplicate: "more than one file for this notebook",
  tampered: "grading was stopped by the submission",
  timeout: "the time limit was reached",
};

/**
 * What a student may read about one check: visible failures with their reason, hidden ones without.
 * @param {import("./score").Grade} grade
 * @param {string} visibleSource the check cell as released (no hidden tests)
 * @returns {string[]} lines
 */
function checkLines(grade, visibleSource) {
  if (grade.parts) {
    let hidden = 0;
    return grade.parts.map((part) => {
      const label = part.hidden ? `hidden check ${++hidden}` : `part ${part.part}`;
      if (part.earned === part.points) return `${label}: passed (${part.earned}/${part.points})`;
      return part.hidden ? `${label}: failed (0/${part.points})` : `${label}: failed (0/${part.points}): ${firstLines(part.reason)}`;
    });
  }
  if (grade.status === "passed") return [`passed (${grade.earned}/${grade.points})`];
  const reason = grade.reason ?? "";
  // a claim's statement names the check; if it is not in the released cell, it is a hidden one
  const statement = /claim does not hold: (.*?)(?: — |$)/m.exec(reason)?.[1];
  const hiddenFailure = statement !== undefined && !visibleSource.includes(statement);
  if (hiddenFailure) return [`hidden check 1: failed (0/${grade.points})`];
  return [`${grade.status} (0/${grade.points}): ${firstLines(reason)}`];
}

function firstLines(text) {
  const lines = String(text ?? "").split("\n").slice(0, 6).join("\n");
  return lines.length > 600 ? `${lines.slice(0, 600)} …` : lines;
}

/**
 * @param {import("./report").StudentReport} report
 * @param {Map<string, { notebook: any, homework: import("./markers").Homework }>} instructor by notebook name
 * @returns {string} the page
 */
function feedbackPage(report, instructor) {
  const parts = [];
  for (const entry of report.notebooks) {
    const nb = instructor.get(entry.notebook);
    parts.push(`<h2>${escape(entry.notebook)}: ${entry.earned} / ${entry.max}</h2>`);
    if (STATUS_WORDS[entry.status]) {
      parts.push(`<p class="problem">${escape(STATUS_WORDS[entry.status])}${entry.reason ? `: ${escape(entry.reason)}` : ""}</p>`);
    }
    if ((entry.tampered ?? []).length > 0) {
      parts.push(`<p class="problem">Changed locked cells (graded with the original ones): ${escape(entry.tampered.join("; "))}</p>`);
    }
    if (!nb) continue;
    const released = studentVersion(nb.notebook, entry.notebook).notebook;
    const read = entry.file ? readNotebook(entry.file) : null;
    const theirs = new Map();
    if (read?.ok) for (const cell of read.notebook.cells) if (cell && typeof cell.id === "string" && !theirs.has(cell.id)) theirs.set(cell.id, sourceText(cell));
    for (const item of nb.homework.items.filter((i) => i.kind === "tests")) {
      const grade = entry.grades.find((g) => g.gradeId === item.gradeId);
      for (const answerId of item.answers) {
        parts.push(`<h3>Your cell ${escape(answerId)}</h3>`, `<pre class="code">${escape(theirs.get(answerId) ?? "(missing)")}</pre>`);
      }
      const visible = sourceText(released.cells[item.index]) ?? "";
      const lines = grade ? checkLines(grade, visible) : ["not graded"];
      parts.push(`<h3>Check ${escape(item.gradeId)}: ${grade?.earned ?? 0} / ${item.points}</h3>`, `<ul>${lines.map((l) => `<li><pre>${escape(l)}</pre></li>`).join("")}</ul>`);
    }
  }
  for (const problem of report.problems) parts.push(`<p class="problem">${escape(problem)}</p>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Feedback: ${escape(report.student)}</title>
<style>body{font:15px/1.45 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem}pre{white-space:pre-wrap;margin:0}
pre.code{background:#f5f5f5;padding:.6rem;border-radius:4px}.problem{color:#a00}</style></head>
<body><h1>${escape(report.student)}: ${report.earned} / ${report.max}</h1>
${parts.join("\n")}
</body></html>
`;
}

module.exports = { feedbackPage, checkLines };
