"use strict";
// What must never reach a student's server: the lines of the instructor's exercise cells
// (solutions, hidden tests) that the student release does not contain. The load test looks
// for each of them, as written and as JSON-escaped inside an .ipynb, in everything a
// student's kernel can read.
const fs = require("fs");
const path = require("path");

const MIN_LENGTH = 24; // shorter lines (`}`, `return x;`) are not telling

function sourceOf(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

/** @param {string[]} instructorNotebooks @param {string[]} releasedNotebooks @returns {string[]} */
function instructorOnlyLines(instructorNotebooks, releasedNotebooks) {
  const released = new Set();
  for (const file of releasedNotebooks) {
    for (const cell of JSON.parse(fs.readFileSync(file, "utf8")).cells) for (const line of sourceOf(cell).split("\n")) released.add(line.trim());
  }
  const secrets = new Set();
  for (const file of instructorNotebooks) {
    for (const cell of JSON.parse(fs.readFileSync(file, "utf8")).cells) {
      const grading = cell.metadata?.nbgrader;
      if (!grading || !(grading.solution || grading.grade)) continue;
      for (const raw of sourceOf(cell).split("\n")) {
        const line = raw.trim();
        if (line.length < MIN_LENGTH || released.has(line) || /^\/\/\s*(BEGIN|END)\s/.test(line)) continue;
        secrets.add(line);
        secrets.add(JSON.stringify(line).slice(1, -1));
      }
    }
  }
  return [...secrets];
}

/** The .ipynb files of a folder. */
function notebooksOf(dir) {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(".ipynb"))
    .map((n) => path.join(dir, n));
}

module.exports = { instructorOnlyLines, notebooksOf };
