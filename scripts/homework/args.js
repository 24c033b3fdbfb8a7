"use strict";
// Command lines of `npm run release` and `npm run grade`.
const os = require("os");
const path = require("path");
const { UsageError } = require("../lectures/args");

const RELEASE_USAGE = `usage: npm run release -- [NOTEBOOK ...] [--out DIR]

  NOTEBOOK   a name or name prefix in notebooks/ (02, 02-convex), a notebook path, or a folder;
             default: every notebook in notebooks/
  --out DIR  where the student versions go (default: release/); never a folder of source notebooks`;

const GRADE_USAGE = `usage: npm run grade -- SUBMISSION ... [--source DIR] [--out DIR] [--jobs N] [--resume] [--timeout S] [--notebook-timeout S]
                      [--memory MB] [--disk MB] [--output MB] [--processes N] [--verbose]

  SUBMISSION            a folder with one sub-folder per student (student id = folder name) holding
                        notebooks, and/or notebooks directly (student id from the file name, e.g.
                        02-convex-valley-alice.ipynb or alice_02-convex-valley.ipynb); or notebook files
  --source DIR          the instructor's notebooks (default: notebooks/)
  --out DIR             the gradebook: students/<student>.json, gradebook.json, summary.json,
                        summary.csv, executed/<student>/ (default: grades/); later calls merge into it
  --jobs N              submissions graded at once, each in its own sandbox (default: the number of cores)
  --resume              skip students whose report is already in --out (after a crash or a stop)
  --timeout S           seconds a cell may run before the kernel is stopped (default: 60)
  --notebook-timeout S  seconds one submission may take in all (default: 600); also its kernel's CPU time limit
  --memory MB           address space of a submission's kernel (default: 3072)
  --disk MB             size of its working folder and of its /tmp (default: 256)
  --output MB           outputs kept in its executed copy (default: 8)
  --processes N         processes and threads a submission may have at once (default: 512)
  --verbose             show what Jupyter and the kernel print on stderr`;

function count(flag, text, min, max) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new UsageError(`${flag} must be a whole number in [${min}, ${max}], got "${text}"`);
  }
  return value;
}

function seconds(flag, text) {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 1 || value > 86400) {
    throw new UsageError(`${flag} must be a number of seconds in [1, 86400], got "${text}"`);
  }
  return value;
}

// --flag value / --flag=value, and the positional arguments.
function* options(argv) {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    yield { arg, flag, value };
  }
}

/** @returns {{ selectors: string[], out: string, help: boolean }} */
function parseReleaseArgs(argv, repoRoot) {
  const parsed = { selectors: [], out: path.join(repoRoot, "release"), help: false };
  for (const { arg, flag, value } of options(argv)) {
    if (flag === "-h" || flag === "--help") parsed.help = true;
    else if (flag === "--out") parsed.out = path.resolve(value());
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else parsed.selectors.push(arg);
  }
  return parsed;
}

/**
 * @returns {{ submissions: string[], source: string, out: string, timeout: number,
 *   notebookTimeout: number, jobs: number, resume: boolean, memory: number, disk: number, output: number, processes: number,
 *   verbose: boolean, help: boolean }}
 */
function parseGradeArgs(argv, repoRoot) {
  const parsed = {
    submissions: [],
    source: path.join(repoRoot, "notebooks"),
    out: path.join(repoRoot, "grades"),
    timeout: 60,
    notebookTimeout: 600,
    jobs: Math.max(1, typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length),
    resume: false,
    memory: 3072,
    disk: 256,
    output: 8,
    processes: 512,
    verbose: false,
    help: false,
  };
  for (const { arg, flag, value } of options(argv)) {
    if (flag === "-h" || flag === "--help") parsed.help = true;
    else if (flag === "--source") parsed.source = path.resolve(value());
    else if (flag === "--out") parsed.out = path.resolve(value());
    else if (flag === "--timeout") parsed.timeout = seconds(flag, value());
    else if (flag === "--notebook-timeout") parsed.notebookTimeout = seconds(flag, value());
    else if (flag === "--jobs") parsed.jobs = count(flag, value(), 1, 256);
    else if (flag === "--resume") parsed.resume = true;
    else if (flag === "--memory") parsed.memory = count(flag, value(), 512, 1048576);
    else if (flag === "--disk") parsed.disk = count(flag, value(), 1, 1048576);
    else if (flag === "--output") parsed.output = count(flag, value(), 1, 4096);
    else if (flag === "--processes") parsed.processes = count(flag, value(), 64, 65536);
    else if (flag === "--verbose") parsed.verbose = true;
    else if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
    else parsed.submissions.push(path.resolve(arg));
  }
  if (!parsed.help && parsed.submissions.length === 0) {
    throw new UsageError("give at least one submission folder or notebook");
  }
  return parsed;
}

module.exports = { parseReleaseArgs, parseGradeArgs, RELEASE_USAGE, GRADE_USAGE, UsageError };
