"use strict";
// An error in a cell as Jupyter's `error` message wants it: ename, evalue and
// a traceback whose frames name the cell and its line ("In[3]:6:9"), not the
// JavaScript the cell was compiled to, and without the kernel's own frames.
const util = require("util");
const { throughMaps } = require("./source-map");

/**
 * @typedef {{ filename: string, source: string, prefixLength: number,
 *   maps: () => import("./source-map").DecodedMap[] }} CellScript
 * @typedef {{ status: "error", ename: string, evalue: string, traceback: string[] }} CellFailure
 */

// Frames of Node, tslab and this kernel: how the cell was run, not what it did.
const MACHINERY = /\((node:|internal\/)|^\s*at (node:|internal\/)|[/\\]tslab[/\\]dist[/\\]|[/\\]kernel[/\\](executor|protocol|launch|cell-error)\.js:/;
const FRAME = /^(\s*at (?:.*? \()?)(.*?):(\d+):(\d+)(\)?)$/;

/**
 * @param {unknown} thrown what the cell threw
 * @param {CellScript} script
 * @returns {CellFailure}
 */
function cellError(thrown, script) {
  if (!(thrown instanceof Error)) {
    const evalue = util.inspect(thrown);
    return { status: "error", ename: "Uncaught", evalue, traceback: [`Uncaught ${evalue}`] };
  }
  const ename = thrown.name || thrown.constructor?.name || "Error";
  const evalue = thrown.message;
  const stack = typeof thrown.stack === "string" ? thrown.stack : `${ename}: ${evalue}`;
  return { status: "error", ename, evalue, traceback: rewriteStack(stack, script) };
}

/**
 * The stack with each frame of the cell's script renumbered in the cell, and
 * the kernel's frames left out. Header lines (the message) are kept as they are.
 * @param {string} stack
 * @param {CellScript} script
 */
function rewriteStack(stack, script) {
  /** @type {import("./source-map").DecodedMap[] | undefined} */
  let maps;
  const lines = [];
  let inFrames = false;
  for (const line of stack.split("\n")) {
    const frame = FRAME.exec(line);
    if (!frame || !/^\s*at /.test(line)) {
      if (!inFrames) lines.push(line);
      continue;
    }
    inFrames = true;
    const [, head, file, lineText, columnText, close] = frame;
    if (file === script.filename) {
      maps ??= script.maps();
      const at = cellPosition(maps, Number(lineText), Number(columnText), script.prefixLength);
      // Code the compiler added (exports bookkeeping) maps to no line: not the user's.
      if (at) lines.push(`${head}${script.filename}:${at.line}:${at.column}${close}`);
      continue;
    }
    if (MACHINERY.test(line)) continue;
    lines.push(line);
  }
  return lines;
}

/**
 * 1-based line and column in the cell of a 1-based position in the script
 * run (the wrapper's prefix shares its first line).
 */
function cellPosition(maps, line, column, prefixLength) {
  if (maps.length === 0) return undefined;
  const column0 = line === 1 ? Math.max(0, column - 1 - prefixLength) : column - 1;
  const at = throughMaps(maps, line - 1, column0);
  // tslab compiles "export {};\n" + cell: line 0 of its source is that prefix.
  if (!at || at.line < 1) return undefined;
  return { line: at.line, column: at.column + 1 };
}

/**
 * TypeScript's diagnostics as an error: the lines tslab printed on stderr.
 * @param {{ fileName?: string, start: { line: number, character: number }, messageText: string }[]} diagnostics
 * @returns {CellFailure}
 */
function compileError(diagnostics) {
  const traceback = diagnostics.map(
    (d) => `${d.fileName ? d.fileName + " " : ""}${d.start.line + 1}:${d.start.character + 1} - ${d.messageText}`,
  );
  return { status: "error", ename: "TSError", evalue: traceback.join("\n"), traceback };
}

/**
 * An interrupted cell: where it was, if it was in the cell's own code, and
 * nothing of the kernel's frames.
 * @param {Error | undefined} thrown vm's interruption, when the cell ran synchronously
 * @param {CellScript} script
 * @returns {CellFailure}
 */
function interruptError(thrown, script) {
  const evalue = "the cell was interrupted";
  const frames = thrown && typeof thrown.stack === "string" ? rewriteStack(thrown.stack, script).filter((l) => /^\s*at /.test(l)) : [];
  return { status: "error", ename: "Interrupted", evalue, traceback: [`Interrupted: ${evalue}`, ...frames] };
}

module.exports = { cellError, compileError, interruptError, rewriteStack };
