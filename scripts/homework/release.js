#!/usr/bin/env node
"use strict";
// npm run release [-- NOTEBOOK ... --out DIR]: the student versions of the
// lecture notebooks (solutions stubbed, hidden tests removed, outputs cleared,
// cell ids kept). The instructor's notebooks are only read.
const fs = require("fs");
const path = require("path");
const { selectNotebooks, notebooksIn } = require("../lectures/select");
const { parseReleaseArgs, RELEASE_USAGE, UsageError } = require("./args");
const { readNotebook, notebookText, writeAtomically } = require("./files");
const { studentVersion } = require("./student-version");

const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * Writes the student version of each notebook into `out`.
 * @param {string[]} sources instructor notebook paths
 * @param {string} out
 * @param {(line: string) => void} log
 * @returns {{ written: string[], failed: { notebook: string, reason: string }[] }}
 */
function release(sources, out, log = console.log) {
  const protectedFiles = new Set([...sources, ...notebooksIn(path.join(repoRoot, "notebooks"))].map((p) => path.resolve(p)));
  for (const source of sources) {
    const target = path.resolve(out, path.basename(source));
    if (protectedFiles.has(target)) throw new UsageError(`--out ${out} would overwrite the source notebook ${target}; choose another folder`);
  }
  const written = [];
  const failed = [];
  for (const source of sources) {
    const name = path.basename(source);
    const target = path.join(out, name);
    try {
      const read = readNotebook(source);
      if (!read.ok) throw new Error(read.reason);
      const { notebook, warnings, homework } = studentVersion(read.notebook, name);
      writeAtomically(target, notebookText(notebook));
      written.push(target);
      const stubbed = homework.answers.map((c) => c.gradeId);
      const hidden = homework.cells.filter((c) => c.hidden.length > 0).length;
      const what = stubbed.length ? `${stubbed.length} solution cell(s) stubbed (${stubbed.join(", ")}), hidden tests removed from ${hidden} cell(s)` : "no exercises";
      log(`${path.relative(process.cwd(), target) || target}: ${what}`);
      for (const w of warnings) log(`  warning: ${w}`);
    } catch (err) {
      failed.push({ notebook: source, reason: err instanceof Error ? err.message : String(err) });
      log(`${name}: NOT released:\n  ${(err instanceof Error ? err.message : String(err)).split("\n").join("\n  ")}`);
    }
  }
  return { written, failed };
}

function main(argv) {
  let options;
  try {
    options = parseReleaseArgs(argv, repoRoot);
    if (options.help) {
      console.log(RELEASE_USAGE);
      return 0;
    }
    const sources = selectNotebooks(options.selectors, path.join(repoRoot, "notebooks"));
    if (sources.length === 0) throw new UsageError("no notebooks to release");
    fs.mkdirSync(options.out, { recursive: true });
    const { written, failed } = release(sources, options.out);
    console.log(`${written.length} notebook(s) released into ${options.out}${failed.length ? `; ${failed.length} failed` : ""}`);
    return failed.length ? 1 : 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`release: ${err.message}\n${RELEASE_USAGE}`);
      return 2;
    }
    throw err;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { release };
