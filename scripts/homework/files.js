"use strict";
// Reading notebooks without trusting them, and writing results without ever
// leaving half a file (or touching a file we were not asked to write).
const fs = require("fs");
const path = require("path");

/**
 * Parses a notebook file. Never throws: a submission may be anything.
 * @param {string} file
 * @returns {{ ok: true, notebook: any } | { ok: false, reason: string }}
 */
function readNotebook(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (err) {
    return { ok: false, reason: `cannot read the file: ${err instanceof Error ? err.message : String(err)}` };
  }
  let notebook;
  try {
    notebook = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not a notebook: the file is not valid JSON (${err instanceof Error ? err.message : String(err)})` };
  }
  if (notebook === null || typeof notebook !== "object" || !Array.isArray(notebook.cells)) {
    return { ok: false, reason: 'not a notebook: the JSON has no "cells" list' };
  }
  if (notebook.nbformat !== 4) {
    return { ok: false, reason: `not a notebook this grader reads: nbformat ${JSON.stringify(notebook.nbformat)} (only 4)` };
  }
  return { ok: true, notebook };
}

/** Jupyter's own layout (indent 1, non-ASCII kept), so diffs against saved notebooks stay small. */
function notebookText(notebook) {
  return JSON.stringify(notebook, null, 1) + "\n";
}

function writeAtomically(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

module.exports = { readNotebook, notebookText, writeAtomically };
