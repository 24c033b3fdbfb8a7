"use strict";
// The one place that knows how graded notebooks reach the kernel: the repo's
// Jupyter python and kernelspec (kernel/jupyter.js, kernel/kernelspec.js, as
// the lecture runner uses them) and scripts/homework/run_cells.py, which shares
// the lecture runner's event protocol (JSON lines on file descriptor 3).
const { spawn } = require("child_process");
const path = require("path");
const { ensureBuilt } = require("../../kernel/fresh-build");
const { findJupyterPython, INSTALL_HINT } = require("../../kernel/jupyter");
const { KERNEL_NAME, repoJupyterDir, envWithRepoKernel, writeKernelSpec } = require("../../kernel/kernelspec");

const RUN_CELLS = path.join(__dirname, "run_cells.py");

/**
 * @typedef {{ index: number, id: string | null, status: "ok"|"error"|"timeout"|"dead"|"not run", message: string | null }} CellOutcome
 * @typedef {{ seconds: number, restarts: number, runnerFailure: { kind: "kernel"|"replay"|"runner", message: string } | null,
 *   replayFailures: CellOutcome[], cells: CellOutcome[] }} NotebookOutcome
 */

/**
 * Executes notebooks one after the other, each in a fresh kernel.
 * @param {{ notebook: string, cwd: string, outIpynb?: string }[]} items notebook JSON text, the kernel's working folder, where to save the executed copy
 * @param {{ timeout: number, notebookTimeout: number, verbose?: boolean,
 *   onStart?: (index: number) => void, onDone?: (index: number, outcome: NotebookOutcome) => void }} options
 * @returns {Promise<NotebookOutcome[]>}
 */
async function executeNotebooks(items, { timeout, notebookTimeout, verbose = false, onStart, onDone }) {
  if (items.length === 0) return [];
  // Checked once here: a module that does not build would fail every student's notebook alike.
  const build = ensureBuilt({ log: () => {} });
  if (!build.ok) throw new Error(`${build.output}\nnot grading: the adaptive-lr module does not build`);
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error(INSTALL_HINT);
  writeKernelSpec(repoJupyterDir); // present and pointing at this node, as the lecture runner does
  const env = { ...envWithRepoKernel(), ADAPTIVE_LR_KERNEL_DOCS: "0", PYTHONUNBUFFERED: "1" };
  const child = spawn(jupyter.python, [RUN_CELLS], { env, stdio: ["pipe", "pipe", "pipe", "pipe"] });
  let stderrTail = "";
  const keep = (chunk) => {
    stderrTail = (stderrTail + chunk.toString("utf8")).slice(-8000);
    if (verbose) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.stdin.end(JSON.stringify({ kernelName: KERNEL_NAME, timeout, notebookTimeout, notebooks: items }));

  /** @type {NotebookOutcome[]} */
  const outcomes = [];
  let ended = false;
  let buffered = "";
  child.stdio[3].on("data", (chunk) => {
    buffered += chunk.toString("utf8");
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      if (!line.trim()) continue;
      const event = JSON.parse(line);
      if (event.event === "start") onStart?.(event.index);
      if (event.event === "done") {
        const { event: _, index, ...outcome } = event;
        outcomes[index] = outcome;
        onDone?.(index, outcome);
      }
      if (event.event === "end") ended = true;
    }
  });
  const code = await new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (!ended) {
    throw new Error(`${jupyter.python} ${RUN_CELLS} stopped (exit ${code}) before the end:\n${stderrTail.trim()}`);
  }
  return outcomes;
}

module.exports = { executeNotebooks };
