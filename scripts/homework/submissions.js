"use strict";
// Which student handed in which file, and for which instructor notebook.
// A folder holds one sub-folder per student (the folder's name is the
// student id) and/or notebooks directly, named after the notebook and the
// student (02-convex-valley-alice.ipynb, alice_02-convex-valley.ipynb). A file
// whose name names no notebook is recognised by its content: the origin the
// release wrote into its metadata, else the answer cell ids it shares.
const fs = require("fs");
const path = require("path");
const { UsageError } = require("./args");
const { readNotebook } = require("./files");
const { ORIGIN_KEY } = require("./student-version");

const SEPARATOR = /[-_. ]/;

/**
 * @typedef {{ student: string, file: string, notebook: string | null, how: string }} Submission
 *   notebook: the instructor notebook's file name, null when it could not be told
 * @typedef {{ name: string, answerIds: string[] }} InstructorNotebook
 */

/**
 * The stem of an instructor notebook inside `stem`, and what is left of it.
 * @param {string} stem a file name without .ipynb
 * @param {string[]} stems instructor notebook names without .ipynb
 * @returns {{ stem: string, rest: string } | null}
 */
function nameMatch(stem, stems) {
  for (const s of [...stems].sort((a, b) => b.length - a.length)) {
    if (stem === s) return { stem: s, rest: "" };
    if (stem.startsWith(s) && SEPARATOR.test(stem[s.length])) return { stem: s, rest: trimSeparators(stem.slice(s.length)) };
    if (stem.endsWith(s) && SEPARATOR.test(stem[stem.length - s.length - 1])) {
      return { stem: s, rest: trimSeparators(stem.slice(0, stem.length - s.length)) };
    }
  }
  return null;
}

function trimSeparators(text) {
  return text.replace(/^[-_. ]+|[-_. ]+$/g, "");
}

/** The .ipynb files under a student's folder, at any depth (LMS exports nest), in path order. */
function notebooksUnder(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (entry.name.startsWith(".")) continue; // .ipynb_checkpoints, editor files
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...notebooksUnder(full));
    else if (entry.isFile() && entry.name.endsWith(".ipynb")) found.push(full);
  }
  return found;
}

/**
 * Finds every submitted notebook and the student and instructor notebook it belongs to.
 * @param {string[]} paths folders or notebook files
 * @param {InstructorNotebook[]} instructor
 * @returns {{ submissions: Submission[], students: string[] }}
 */
function discover(paths, instructor) {
  const stems = instructor.map((nb) => path.basename(nb.name, ".ipynb"));
  /** @type {Submission[]} */
  const submissions = [];
  const students = new Set();
  const addLoose = (file) => {
    const stem = path.basename(file, ".ipynb");
    const match = nameMatch(stem, stems);
    const student = match ? match.rest || path.basename(path.dirname(file)) : stem;
    students.add(student);
    submissions.push({ student, file, notebook: match ? `${match.stem}.ipynb` : null, how: match ? "file name" : "" });
  };
  for (const given of paths) {
    if (!fs.existsSync(given)) throw new UsageError(`no such file or folder: ${given}`);
    const stat = fs.statSync(given);
    if (stat.isFile()) {
      if (!given.endsWith(".ipynb")) throw new UsageError(`not a notebook (.ipynb) or a folder: ${given}`);
      addLoose(given);
      continue;
    }
    const entries = fs.readdirSync(given, { withFileTypes: true });
    // A folder holding a notebook under its own name (01-steps.ipynb) is one student's folder, given
    // alone: every notebook in it is that student's (a second file for a notebook is a duplicate, not a student).
    if (entries.some((e) => e.isFile() && stems.includes(path.basename(e.name, ".ipynb")) && e.name.endsWith(".ipynb"))) {
      const student = path.basename(given);
      students.add(student);
      for (const file of notebooksUnder(given)) {
        const match = nameMatch(path.basename(file, ".ipynb"), stems);
        submissions.push({ student, file, notebook: match ? `${match.stem}.ipynb` : null, how: match ? "file name" : "" });
      }
      continue;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith(".")) continue;
      const full = path.join(given, entry.name);
      if (entry.isFile() && entry.name.endsWith(".ipynb")) addLoose(full);
      if (!entry.isDirectory()) continue;
      students.add(entry.name); // a student with an empty folder still gets a row, with zeros
      for (const file of notebooksUnder(full)) {
        const match = nameMatch(path.basename(file, ".ipynb"), stems);
        submissions.push({ student: entry.name, file, notebook: match ? `${match.stem}.ipynb` : null, how: match ? "file name" : "" });
      }
    }
  }
  for (const submission of submissions) {
    if (submission.notebook === null) Object.assign(submission, matchByContent(submission.file, instructor));
  }
  return { submissions, students: [...students].sort() };
}

// The release's origin metadata, else the instructor notebook sharing the most answer cell ids.
function matchByContent(file, instructor) {
  const read = readNotebook(file);
  if (!read.ok) return { notebook: null, how: `its name matches no notebook and ${read.reason}` };
  const origin = read.notebook.metadata?.[ORIGIN_KEY]?.source;
  if (typeof origin === "string" && instructor.some((nb) => nb.name === origin)) return { notebook: origin, how: "metadata" };
  const ids = new Set(read.notebook.cells.map((cell) => cell?.id).filter((id) => typeof id === "string"));
  let best = null;
  let shared = 0;
  for (const nb of instructor) {
    const count = nb.answerIds.filter((id) => ids.has(id)).length;
    if (count > shared) [best, shared] = [nb.name, count];
  }
  if (best) return { notebook: best, how: "cell ids" };
  return { notebook: null, how: "neither its name, its metadata nor its cell ids match an instructor notebook" };
}

module.exports = { discover, nameMatch };
