"use strict";
// A submission's edited, deleted or added check cells (and other locked
// cells), found against the student version it was given. Grading always
// uses the instructor's cells; this tells the instructor and the student.
const { sourceText } = require("./markers");
const { studentVersion } = require("./student-version");
const { isLocked } = require("./checksum");

/**
 * What a submission changed in the locked cells it was given.
 * @param {any} instructorNb
 * @param {string} name the notebook's file name
 * @param {any} submissionNb
 * @returns {string[]} one line per change, empty when none
 */
function lockedChanges(instructorNb, name, submissionNb) {
  const released = studentVersion(instructorNb, name).notebook;
  const given = new Map(released.cells.filter(isLocked).map((cell) => [cell.id, cell]));
  const byId = new Map();
  for (const cell of submissionNb.cells) if (cell && typeof cell.id === "string" && !byId.has(cell.id)) byId.set(cell.id, cell);
  const changes = [];
  for (const [id, cell] of given) {
    const theirs = byId.get(id);
    if (!theirs) changes.push(`locked cell ${id} deleted`);
    else if (sourceText(theirs) !== sourceText(cell)) changes.push(`locked cell ${id} edited`);
  }
  for (const cell of submissionNb.cells) {
    if (!cell || typeof cell !== "object" || given.has(cell.id)) continue;
    const meta = cell.metadata?.nbgrader;
    if (meta && meta.grade === true && meta.solution !== true) changes.push(`check cell ${typeof cell.id === "string" ? cell.id : "(no id)"} added`);
  }
  return changes;
}

module.exports = { lockedChanges };
