#!/usr/bin/env node
"use strict";
// npm run validate -- my-notebook.ipynb: for students, before handing in. Runs
// the notebook's visible checks the way the grader does (a fresh kernel in the
// grading sandbox, the answer cells matched by cell id) and says what would be
// graded: each answer cell found or missing, each visible check passed or
// failed and why, locked cells changed since the release (their nbgrader
// checksum). Hidden tests are not in a student's notebook: they run when graded.
const fs = require("fs");
const path = require("path");
const { UsageError } = require("./args");
const { readNotebook } = require("./files");
const { readHomework } = require("./markers");
const { gradedNotebook, GUARD_CELL_ID } = require("./assemble");
const { executeNotebooks } = require("./kernel");
const { scoreOutcome, totals } = require("./score");
const { checksum, isLocked } = require("./checksum");
const { notebookText } = require("./files");

const USAGE = `usage: npm run validate -- NOTEBOOK.ipynb [--timeout S]

  NOTEBOOK.ipynb  your notebook, as you will hand it in (it is only read)
  --timeout S     seconds a cell may run (default: 60)`;

function parse(argv) {
  const options = { file: null, timeout: 60, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") options.help = true;
    else if (arg === "--timeout" || arg.startsWith("--timeout=")) {
      const text = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      const value = Number(text);
      if (!Number.isFinite(value) || value < 1 || value > 86400) throw new UsageError(`--timeout must be a number of seconds in [1, 86400], got "${text}"`);
      options.timeout = value;
    } else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else if (options.file) throw new UsageError("give one notebook");
    else options.file = path.resolve(arg);
  }
  if (!options.help && !options.file) throw new UsageError("give the notebook to check");
  return options;
}

/**
 * @param {string} file
 * @param {{ timeout: number }} options
 * @param {(line: string) => void} log
 * @returns {Promise<boolean>} whether every visible check passed
 */
async function validate(file, { timeout }, log = console.log) {
  if (!fs.existsSync(file)) throw new UsageError(`no such file: ${file}`);
  const read = readNotebook(file);
  if (!read.ok) {
    log(`${file}: would be graded 0 (unreadable): ${read.reason}`);
    return false;
  }
  const name = path.basename(file);
  const homework = readHomework(read.notebook, name);
  const checks = homework.items.filter((item) => item.kind === "tests");
  if (checks.length === 0) {
    log(`${name}: no autograded exercises in this notebook (no nbgrader check cells)`);
    return false;
  }
  const origin = read.notebook.metadata?.homework?.source;
  log(`${name}: graded as ${origin ?? "(no release metadata: matched by file name or cell ids)"}; answer cells, by id: ${homework.answers.map((a) => a.id).join(", ")}`);
  const changed = new Set();
  for (const cell of read.notebook.cells) {
    const recorded = cell?.metadata?.nbgrader?.checksum;
    if (isLocked(cell) && typeof recorded === "string" && recorded !== checksum(cell)) {
      changed.add(cell.id);
      log(`  locked cell ${cell.id} was changed since the release: the grader runs the original and reports the change`);
    }
  }
  const { notebook } = gradedNotebook(read.notebook, homework, read.notebook);
  const [outcome] = await executeNotebooks([{ notebook: notebookText(notebook), workFiles: {} }], {
    timeout,
    notebookTimeout: Math.max(600, timeout * 4),
    jobs: 1,
    limits: { memoryMb: 3072, diskMb: 256, cpuSeconds: Math.max(600, timeout * 4), outputMb: 8, processes: 512 },
  });
  const { grades, failedCells } = scoreOutcome(homework, outcome, []);
  for (const grade of grades.filter((g) => g.kind === "tests")) {
    if (changed.has(grade.cell)) {
      Object.assign(grade, { earned: 0, status: "changed" });
      log(`  ${grade.gradeId}: not checked: its cell was changed; restore it from the release to check your answer`);
    } else log(`  ${grade.gradeId}: ${grade.status === "passed" ? "visible checks pass" : `${grade.status}: ${grade.reason}`}`);
  }
  for (const cell of failedCells.filter((c) => c.id !== GUARD_CELL_ID)) log(`  cell ${cell.id}: ${cell.status}: ${cell.reason}`);
  if (outcome.runnerFailure) log(`  ${outcome.runnerFailure.message}`);
  const { earned, max } = totals(grades);
  log(`${earned}/${max} points from the visible checks; hidden tests run when it is graded`);
  return earned === max;
}

async function main(argv) {
  try {
    const options = parse(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    return (await validate(options.file, options)) ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`validate: ${err.message}\n${USAGE}`);
      return 2;
    }
    console.error(`validate: ${err instanceof Error ? err.message : String(err)}`);
    return 2;
  }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => (process.exitCode = code));

module.exports = { validate };
