"use strict";
// Executes notebooks under the adaptive-lr kernel through real Jupyter
// (nbclient, via execute.py and the Jupyter python) and writes the site.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const { ensureBuilt } = require("../../kernel/fresh-build");
const { buildPlotly } = require("../plotly/bundle");
const { findJupyterPython, INSTALL_HINT } = require("../../kernel/jupyter");
const { KERNEL_NAME, repoJupyterDir, writeKernelSpec, notebookKernelspec, envWithRepoKernel } = require("../../kernel/kernelspec");
const { UsageError } = require("./args");
const { injectParameters, checkOverridesUsed } = require("./parameters");
const { selectNotebooks } = require("./select");
const { updateSite, copyMathJax, writeAtomically, describeFailure, MATHJAX_URL } = require("./site");

const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * @typedef {import("./args").RunOptions} RunOptions
 * @typedef {import("./site").Entry} Entry
 * @typedef {import("./site").Failure} Failure
 * @typedef {import("./site").Claim} Claim
 * @typedef {{ ok: boolean, out: string, entries: Entry[] }} RunResult
 */

/**
 * @param {RunOptions} options
 * @param {{ log?: (line: string) => void, write?: (text: string) => void, notebooksDir?: string }} [io]
 * @returns {Promise<RunResult>}
 */
async function runLectures(options, io = {}) {
  const log = io.log ?? ((line) => process.stdout.write(line + "\n"));
  const write = io.write ?? ((text) => process.stdout.write(text));
  const notebooksDir = io.notebooksDir ?? path.join(repoRoot, "notebooks");

  const sources = selectNotebooks(options.selectors, notebooksDir);
  if (sources.length === 0) {
    log(`no notebooks in ${path.relative(process.cwd(), notebooksDir) || notebooksDir}: nothing to execute`);
    return { ok: true, out: options.out, entries: [] };
  }
  const items = sources.map((source) => prepare(source, options));
  checkOverridesUsed(options.parameters, items.map((item) => ({ name: item.name, applied: item.parameters, declared: item.declared })));
  fs.mkdirSync(options.out, { recursive: true });

  const build = ensureBuilt({ log });
  if (!build.ok) throw new Error(`${build.output}\nnot executing notebooks: the adaptive-lr module does not build`);
  buildPlotly({ log });
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error(INSTALL_HINT);
  writeKernelSpec(repoJupyterDir); // present and pointing at this node, whatever happened since npm install

  /** @type {Entry[]} */
  const entries = [];
  const runnable = items.filter((item) => item.invalid === undefined);
  const position = (item) => `[${items.indexOf(item) + 1}/${items.length}]`;
  // Unreadable notebooks are reported in their place in the order.
  let reported = 0;
  const reportInvalidUpTo = (end) => {
    for (; reported < end; reported++) {
      const item = items[reported];
      if (item.invalid === undefined) continue;
      entries.push(invalidEntry(item, options.out));
      log(`${position(item)} ${item.name} … FAILED: ${item.invalid}`);
    }
  };
  await executeAll(runnable, options, jupyter.python, {
    ready: (mathjax) => {
      if (!copyMathJax(mathjax, options.out)) log("no local MathJax found: formulas render only when online");
    },
    start: (item) => {
      reportInvalidUpTo(items.indexOf(item));
      write(`${position(item)} ${item.name} … `);
    },
    done: (item, seconds, failure, claims) => {
      const entry = toEntry(item, seconds, failure, claims);
      entries.push(entry);
      write(failure ? `FAILED after ${seconds.toFixed(1)} s\n` : `${seconds.toFixed(1)} s\n`);
      if (failure) log(indent(`${describeFailure(failure)}:\n${failure.message}`));
    },
    verbose: options.verbose,
  });
  reportInvalidUpTo(items.length);
  entries.sort((a, b) => items.findIndex((i) => i.name === a.name) - items.findIndex((i) => i.name === b.name));
  updateSite(options.out, entries);
  const failed = entries.filter((e) => e.status !== "ok");
  const index = path.relative(process.cwd(), path.join(options.out, "index.html"));
  log(
    failed.length === 0
      ? `${entries.length} notebook${entries.length === 1 ? "" : "s"} executed: ${index}`
      : `${failed.length} of ${entries.length} failed (${failed.map((e) => e.name).join(", ")}): ${index}`,
  );
  return { ok: failed.length === 0, out: options.out, entries };
}

/**
 * @typedef {{ name: string, source: string, cwd: string, outIpynb: string, outHtml: string,
 *   notebook?: string, parameters: Record<string, string>, declared: string[], invalid?: string }} Item
 */

/** Reads a source (never to be written) and applies -p; usage errors stop the run before any execution. */
function prepare(source, options) {
  const name = path.basename(source, ".ipynb");
  const outIpynb = path.join(options.out, `${name}.ipynb`);
  if (path.resolve(outIpynb) === path.resolve(source)) {
    throw new UsageError(`--out ${options.out} would overwrite the source notebook ${source}; choose another folder`);
  }
  /** @type {Item} */
  const item = { name, source, cwd: path.dirname(source), outIpynb, outHtml: path.join(options.out, `${name}.html`), parameters: {}, declared: [] };
  let parsed;
  try {
    parsed = JSON.parse(fs.readFileSync(source, "utf8"));
    if (!Array.isArray(parsed.cells)) throw new Error("no cells array");
  } catch (err) {
    item.invalid = `not a notebook (${err instanceof Error ? err.message : String(err)})`;
    return item;
  }
  const { notebook, applied, declared } = injectParameters(parsed, options.parameters, name);
  return { ...item, notebook: JSON.stringify(notebook), parameters: applied, declared };
}

/**
 * @param {Item[]} items
 * @param {RunOptions} options
 * @param {string} python
 * @param {{ ready: (mathjax: string | null) => void, start: (item: Item) => void,
 *   done: (item: Item, seconds: number, failure: Failure | null, claims: Claim[]) => void, verbose: boolean }} on
 */
function executeAll(items, options, python, on) {
  if (items.length === 0) return Promise.resolve();
  const job = {
    kernelName: KERNEL_NAME,
    timeout: options.timeout,
    sign: options.sign,
    mathjaxUrl: MATHJAX_URL,
    notebooks: items.map((item) => ({
      cwd: item.cwd,
      notebook: item.notebook,
      outIpynb: item.outIpynb,
      outHtml: item.outHtml,
      parameters: item.parameters,
      kernelspec: notebookKernelspec(),
    })),
  };
  // Batch kernels skip lib.d.ts's JSDoc (hover docs only); see kernel/declaration-docs.js.
  const env = { ...envWithRepoKernel(), ADAPTIVE_LR_KERNEL_DOCS: "0", PYTHONUNBUFFERED: "1" };
  const child = spawn(python, [path.join(__dirname, "execute.py")], { env, stdio: ["pipe", "pipe", "pipe", "pipe"] });
  let stderr = "";
  const keep = (chunk) => {
    stderr = (stderr + chunk).slice(-20000);
    if (on.verbose) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.stdin.end(JSON.stringify(job));

  const pending = new Set(items);
  const events = readline.createInterface({ input: /** @type {import("stream").Readable} */ (child.stdio[3]) });
  events.on("line", (line) => {
    const event = JSON.parse(line);
    if (event.event === "ready") on.ready(event.mathjax);
    if (event.event === "start") on.start(items[event.index]);
    if (event.event === "done") {
      pending.delete(items[event.index]);
      on.done(items[event.index], event.seconds, event.failure, event.claims ?? []);
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      for (const item of pending) {
        on.done(item, 0, /** @type {Failure} */ ({
          kind: "runner",
          cell: null,
          cells: null,
          firstLine: "",
          message: `the Jupyter runner (${python} execute.py) stopped (${signal ?? `exit ${code}`}) before this notebook:\n${stderr.trim().slice(-3000)}`,
        }), []);
      }
      resolve(undefined);
    });
  });
}

/** @returns {Entry} */
function toEntry(item, seconds, failure, claims = []) {
  return {
    name: item.name,
    source: path.relative(repoRoot, item.source),
    status: failure ? "failed" : "ok",
    seconds,
    html: path.basename(item.outHtml),
    ipynb: path.basename(item.outIpynb),
    parameters: item.parameters,
    failure,
    claims,
    finishedAt: new Date().toISOString(),
  };
}

/** A notebook that could not be read gets an error page, so the index links to its reason. */
function invalidEntry(item, out) {
  /** @type {Failure} */
  const failure = { kind: "invalid notebook", cell: null, cells: null, firstLine: "", message: item.invalid ?? "" };
  writeAtomically(
    item.outHtml,
    `<!DOCTYPE html><meta charset="utf-8"><title>${item.name}: failed</title><h1>${item.name}</h1><p>${String(item.invalid).replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
  );
  return toEntry({ ...item, outHtml: path.join(out, path.basename(item.outHtml)) }, 0, failure);
}

function indent(text) {
  return text
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");
}

module.exports = { runLectures, repoRoot };
