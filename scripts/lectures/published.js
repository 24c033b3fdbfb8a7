"use strict";
// The notebook `npm start -- --release` runs and publishes: the student version
// (scripts/homework/student-version.js), solutions stubbed and hidden tests
// removed, the cells from the first exercise on shown but not run (tag
// "skip-execution", which nbclient honours), since a stub throws by design.
// Without --release the instructor's notebook runs whole and execute.py cuts
// the hidden tests from what it writes (published.py).
const { studentVersion } = require("../homework/student-version");

const SKIP_TAG = "skip-execution";

/**
 * @param {any} nb a parsed notebook (not modified)
 * @param {string} name its file name, for messages
 * @param {{ release: boolean }} options
 * @returns {any} the notebook to run and publish
 */
function publishedNotebook(nb, name, { release }) {
  const hasMarkers = nb.cells.some((cell) => cell?.metadata?.nbgrader !== undefined);
  if (!release || !hasMarkers) return nb;
  const { notebook, homework } = studentVersion(nb, name);
  const first = Math.min(...homework.answers.map((a) => a.index));
  notebook.cells.forEach((cell, index) => {
    if (index < first || cell.cell_type !== "code") return;
    const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
    cell.metadata = { ...cell.metadata, tags: [...new Set([...tags, SKIP_TAG])] };
  });
  return notebook;
}

module.exports = { publishedNotebook, SKIP_TAG };
