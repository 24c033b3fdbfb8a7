"use strict";
// What of a lecture notebook the site may show. Hidden tests never: their
// regions (`// BEGIN HIDDEN TESTS` … `// END HIDDEN TESTS`) are cut from every
// graded cell before the notebook runs, so neither its page nor its executed
// copy holds them. With --release the site is built from the student version
// (scripts/homework/student-version.js): solutions stubbed too, and the cells
// from the first exercise on are shown but not run (tag "skip-execution", which
// nbclient honours), since a stub throws by design.
const { readHomework } = require("../homework/markers");
const { removeHidden } = require("../homework/stub");
const { studentVersion, toLines } = require("../homework/student-version");

const SKIP_TAG = "skip-execution";

/**
 * @param {any} nb a parsed notebook (not modified)
 * @param {string} name its file name, for messages
 * @param {{ release: boolean }} options
 * @returns {any} the notebook to run and publish
 */
function publishedNotebook(nb, name, { release }) {
  const hasMarkers = nb.cells.some((cell) => cell?.metadata?.nbgrader !== undefined);
  if (!hasMarkers) return nb;
  if (release) {
    const { notebook, homework } = studentVersion(nb, name);
    const first = Math.min(...homework.answers.map((a) => a.index));
    notebook.cells.forEach((cell, index) => {
      if (index < first || cell.cell_type !== "code") return;
      const tags = Array.isArray(cell.metadata?.tags) ? cell.metadata.tags : [];
      cell.metadata = { ...cell.metadata, tags: [...new Set([...tags, SKIP_TAG])] };
    });
    return notebook;
  }
  const homework = readHomework(nb, name);
  const copy = structuredClone(nb);
  for (const cell of homework.cells) {
    if (cell.kind === "tests" && cell.hidden.length > 0) copy.cells[cell.index].source = toLines(removeHidden(cell.source, cell.hidden));
  }
  return copy;
}

module.exports = { publishedNotebook, SKIP_TAG };
