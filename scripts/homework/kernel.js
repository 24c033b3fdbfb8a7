"use strict";
// The one place that knows how graded notebooks reach the kernel: each
// submission runs in its own sandbox (sandbox.js) holding the repo's Jupyter
// python with scripts/homework/run_cells.py and the kernel it starts; they
// share the lecture runner's event protocol (JSON lines on file descriptor 3).
// The sandbox is its own process group and PID namespace: whatever the student
// did (killed its parent, forked, looped), the grader kills the group when it is
// done or when the watchdog fires, and every process in it is gone.
const { spawn, spawnSync } = require("child_process");
const path = require("path");
const { ensureBuilt } = require("../../kernel/fresh-build");
const { findJupyterPython, INSTALL_HINT } = require("../../kernel/jupyter");
const { BWRAP, ROOM, sandboxArgs, kernelArgv, kernelNodeOptions, isAvailable } = require("./sandbox");
const { ensureSnapshots } = require("../../kernel/snapshot");
const { findPidsHierarchy, createProcessLimit } = require("./process-limit");

const RUN_CELLS = path.join(__dirname, "run_cells.py");
/** Seconds a sandbox gets beyond --notebook-timeout to start Jupyter and the kernel and send its report. */
const WATCHDOG_GRACE = 60;
/** The grading process's stderr kept for the report of a sandbox that failed. */
const STDERR_TAIL = 8000;

/**
 * @typedef {{ index: number, id: string | null, status: "ok"|"error"|"timeout"|"dead"|"out of memory"|"not run", message: string | null }} CellOutcome
 * @typedef {{ seconds: number, restarts: number, runnerFailure: { kind: "kernel"|"replay"|"runner"|"sandbox"|"watchdog", message: string } | null,
 *   replayFailures: CellOutcome[], cells: CellOutcome[], executed?: string, outputTruncated?: boolean, refusedForks?: number }} NotebookOutcome
 * @typedef {{ timeout: number, notebookTimeout: number, jobs: number, limits: import("./sandbox").Limits, verbose?: boolean }} RunOptions
 */

/**
 * Checks once what every submission needs, so a failure later is the submission's:
 * the module builds, Jupyter is there, and bubblewrap can start a sandbox.
 * @returns {{ python: string }}
 */
function prepare() {
  const build = ensureBuilt({ log: () => {} });
  if (!build.ok) throw new Error(`${build.output}\nnot grading: the adaptive-lr module does not build`);
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error(INSTALL_HINT);
  if (!isAvailable()) throw new Error(`not grading: ${BWRAP} is missing; student code runs only in a sandbox (Debian/Ubuntu: apt-get install bubblewrap)`);
  const probe = spawnSync(BWRAP, [...sandboxArgs({ memoryMb: 64, diskMb: 1, cpuSeconds: 1, outputMb: 1 }), "--", jupyter.python, "-c", "import nbclient"], { encoding: "utf8" });
  if (probe.status !== 0) throw new Error(`not grading: bubblewrap cannot start a sandbox with Jupyter in it:\n${(probe.stderr || probe.error?.message || "").trim()}`);
  return { python: jupyter.python };
}

/**
 * Grades one notebook in a fresh sandbox.
 * @param {string} python
 * @param {{ notebook: string, workFiles: Record<string, string> }} item the graded notebook's JSON, files for the working folder
 * @param {RunOptions} options
 * @param {ReturnType<typeof createProcessLimit> | null} limit the sandbox's process cap, where the machine has one
 * @returns {Promise<NotebookOutcome>}
 */
function executeInSandbox(python, item, options, limit) {
  const started = Date.now();
  const stderrFile = "/tmp/kernel-stderr.txt";
  const job = {
    kernelArgv: kernelArgv(options.limits, stderrFile),
    kernelStderr: stderrFile,
    memoryMb: options.limits.memoryMb,
    outputLimit: options.limits.outputMb * 1024 * 1024,
    timeout: options.timeout,
    notebookTimeout: options.notebookTimeout,
    notebook: item.notebook,
    workFiles: item.workFiles,
  };
  const bwrapArgs = [...sandboxArgs(options.limits), "--", python, RUN_CELLS];
  const [command, args] = limit ? limit.wrap(BWRAP, bwrapArgs) : [BWRAP, bwrapArgs];
  const child = spawn(command, args, {
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    detached: true, // its own process group, which we kill whole
  });
  let stderrTail = "";
  const keep = (chunk) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
    if (options.verbose) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.stdin.on("error", () => {}); // a sandbox that died early; reported below
  child.stdin.end(JSON.stringify(job));

  const killGroup = () => {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  };
  let watchdogFired = false;
  const watchdog = setTimeout(() => {
    watchdogFired = true;
    killGroup();
  }, (options.notebookTimeout + WATCHDOG_GRACE) * 1000);

  /** @type {NotebookOutcome | null} */
  let outcome = null;
  let buffered = "";
  child.stdio[3].on("data", (chunk) => {
    buffered += chunk.toString("utf8");
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (!line.trim()) continue;
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        continue; // not ours: the kernel cannot reach fd 3, but be strict about what we trust
      }
      if (event.event === "done") {
        const { event: _, index: __, ...rest } = event;
        outcome = rest;
      }
    }
  });
  return new Promise((resolve) => {
    const finish = (code, signal) => {
      clearTimeout(watchdog);
      killGroup(); // anything the student left behind
      const refusedForks = limit ? limit.refusedForks() : 0;
      limit?.close(); // and whatever left the process group
      const seconds = (Date.now() - started) / 1000;
      if (outcome) return resolve(refusedForks ? { ...outcome, refusedForks } : outcome);
      const runnerFailure = watchdogFired
        ? { kind: "watchdog", message: `stopped: the submission took more than ${options.notebookTimeout + WATCHDOG_GRACE} s in all (--notebook-timeout plus ${WATCHDOG_GRACE} s to start)` }
        : {
            kind: "sandbox",
            message: `the grading process in the sandbox was ended before it reported (exit ${code ?? signal}): code in the submission killed it${stderrTail.trim() ? `; last output: ${stderrTail.trim().split("\n").slice(-3).join(" | ")}` : ""}`,
          };
      resolve({ seconds, restarts: 0, runnerFailure, replayFailures: [], cells: [], ...(refusedForks ? { refusedForks } : {}) });
    };
    child.on("error", (err) => {
      stderrTail += String(err);
      finish(null, null);
    });
    child.on("close", finish);
  });
}

/**
 * Executes notebooks, `jobs` sandboxes at a time, each in a fresh kernel.
 * @param {{ notebook: string, workFiles: Record<string, string> }[]} items
 * @param {RunOptions & { onDone?: (index: number, outcome: NotebookOutcome) => void | Promise<void> }} options
 * @returns {Promise<NotebookOutcome[]>}
 */
async function executeNotebooks(items, options) {
  if (items.length === 0) return [];
  const { python } = prepare();
  // Each sandbox's kernel starts in the grading room: from its start-up snapshot when current.
  await ensureSnapshots([ROOM], { nodeOptions: kernelNodeOptions(options.limits), log: options.verbose ? undefined : () => {} });
  const pids = options.limits.processes ? findPidsHierarchy() : { reason: "no process cap asked for" };
  if ("reason" in pids && options.limits.processes) {
    process.stderr.write(`warning: submissions are not capped at ${options.limits.processes} processes (${pids.reason}); the other limits hold\n`);
  }
  let sandboxes = 0;
  const newLimit = () => ("base" in pids ? createProcessLimit(pids.base, `${process.pid}-${++sandboxes}`, options.limits.processes) : null);
  /** @type {NotebookOutcome[]} */
  const outcomes = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      outcomes[index] = await executeInSandbox(python, items[index], options, newLimit());
      await options.onDone?.(index, outcomes[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.jobs, items.length)) }, worker));
  return outcomes;
}

module.exports = { executeNotebooks, prepare };
