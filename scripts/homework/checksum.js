"use strict";
// nbgrader's checksum of a locked cell (metadata nbgrader.checksum), which the
// release writes so nbgrader's own tools and ours can tell an edited cell.
const crypto = require("crypto");
const { sourceText } = require("./markers");

/**
 * nbgrader's compute_checksum (nbgrader/utils.py): md5 of the source, the cell
 * type, the grade/solution/locked flags, the grade_id and, for grade cells, the points.
 * @param {any} cell a cell with nbgrader metadata
 */
function checksum(cell) {
  const meta = cell.metadata?.nbgrader ?? {};
  const grade = meta.grade === true;
  const solution = meta.solution === true;
  const locked = !solution && (grade || meta.locked === true);
  const md5 = crypto.createHash("md5");
  md5.update(sourceText(cell) ?? "");
  md5.update(String(cell.cell_type));
  md5.update(grade ? "True" : "False");
  md5.update(solution ? "True" : "False");
  md5.update(locked ? "True" : "False");
  md5.update(String(meta.grade_id ?? ""));
  if (grade) md5.update(pythonFloat(meta.points));
  return md5.digest("hex");
}

// str(float(points)) in Python: 2 → "2.0", 0.5 → "0.5"
function pythonFloat(value) {
  const n = Number(value);
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

function isLocked(cell) {
  const meta = cell?.metadata?.nbgrader;
  return Boolean(meta) && meta.solution !== true && (meta.grade === true || meta.locked === true);
}

module.exports = { checksum, isLocked };
