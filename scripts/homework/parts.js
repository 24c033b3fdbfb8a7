"use strict";
// Partial credit: a check cell may be cut into parts by lines `// POINTS n`,
// each part worth n points and graded on its own (a part passes when it runs
// without throwing). Code before the first `// POINTS` line is shared by all
// parts (and when it throws, every part fails). The parts' points add up to
// the cell's nbgrader points. A cell without `// POINTS` lines is one part.
// A part whose `// POINTS` line lies in a hidden tests region is hidden: its
// source is never shown to the student, only "hidden check k: failed".

const POINTS_LINE = /^\s*\/\/\s*POINTS\s+(\S+)\s*$/;

/**
 * @typedef {{ points: number, hidden: boolean, begin: number, end: number }} Part  lines [begin, end) after the POINTS line
 * @typedef {{ preamble: [number, number], parts: Part[] }} Parts
 */

/**
 * @param {string} source a tests cell
 * @param {{ begin: number, end: number }[]} hidden its HIDDEN TESTS regions (marker line indices)
 * @param {number} points the cell's nbgrader points
 * @param {string} at where, for messages
 * @param {string[]} problems where mistakes go
 * @returns {Parts}
 */
function checkParts(source, hidden, points, at, problems) {
  const lines = source.split("\n");
  const starts = [];
  lines.forEach((line, i) => {
    const match = POINTS_LINE.exec(line);
    if (!match) return;
    const value = Number(match[1]);
    if (!Number.isFinite(value) || value < 0) problems.push(`${at}, line ${i + 1}: "// POINTS ${match[1]}" needs a number ≥ 0`);
    starts.push({ line: i, points: value });
  });
  if (starts.length === 0) return { preamble: [0, 0], parts: [{ points, hidden: false, begin: 0, end: lines.length }] };
  const parts = starts.map((start, k) => ({
    points: start.points,
    hidden: hidden.some((region) => region.begin < start.line && start.line < region.end),
    begin: start.line + 1,
    end: k + 1 < starts.length ? starts[k + 1].line : lines.length,
  }));
  const sum = parts.reduce((s, p) => s + p.points, 0);
  if (Math.abs(sum - points) > 1e-9) problems.push(`${at}: its "// POINTS" lines add up to ${sum}, but nbgrader.points is ${points}`);
  for (const region of hidden) {
    // otherwise its lines would count for the visible part above it
    if (!starts.some((s) => s.line > region.begin && s.line < region.end)) {
      problems.push(`${at}, line ${region.begin + 1}: with "// POINTS" lines, a hidden tests region needs its own "// POINTS n" line`);
    }
  }
  return { preamble: [0, starts[0].line], parts };
}

module.exports = { checkParts, POINTS_LINE };
