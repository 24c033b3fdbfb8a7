"use strict";
// Executes notebooks under the adaptive-lr kernel through real Jupyter
// (nbclient, via execute.py and the Jupyter python) and writes the site.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const readline = require("readline");

const { ensureBuilt } = require("../../kernel/fresh-build");
const { ensureSnapshots, NOTEBOOKS } = require("../../kernel/snapshot");
const { buildPlotly } = require("../plotly/bundle");
const { buildExplore } = require("../explore/bundle");
const { findJupyterPython, INSTALL_HINT } = require("../../kernel/jupyter");
const { KERNEL_NAME, repoJupyterDir, writeKernelSpec, notebookKernelspec, envWithRepoKernel } = require("../../kernel/kernelspec");
const { UsageError } = require("./args");
const { injectParameters, checkOverridesUsed } = require("./parameters");
const { selectNotebooks } = require("./select");
const { publishedNotebook } = require("./published");
const { updateSite, copyMathJax, writeAtomically, describeFailure, MATHJAX_URL, PLOTLY_BUNDLE } = require("./site");

const repoRoot = path.resolve(__dirname, "..", "..");

/**
 * @typedef {import("./args").RunOptions} RunOptions
 * @typedef {import("./site").Entry} Entry
 * @typedef {import("./site").Failure} Failure
 * @typedef {import("./site").Claim} Claim
 * @typedef {{ ok: boolean, interrupted?: boolean, out: string, entries: Entry[] }} RunResult
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
  for (const item of items) if (item.warning) log(item.warning);
  fs.mkdirSync(options.out, { recursive: true });

  const build = ensureBuilt({ log });
  if (!build.ok) throw new Error(`${build.output}\nnot executing notebooks: the adaptive-lr module does not build`);
  buildPlotly({ log });
  buildExplore({ log });
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error(INSTALL_HINT);
  writeKernelSpec(repoJupyterDir); // present and pointing at this node, whatever happened since npm install
  // Kernels start in their notebook's folder; the lectures' folder has a start-up
  // snapshot (kernel/snapshot.js), brought up to date here if a file it read changed.
  if (items.some((item) => item.invalid === undefined && path.resolve(item.cwd) === NOTEBOOKS)) await ensureSnapshots([NOTEBOOKS], { log });

  /** @type {Entry[]} */
  const entries = [];
  let interrupted = false;
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
    done: (item, seconds, failure, claims, warnings, pictures) => {
      if (failure && item.warning) failure.message = `${item.warning}\n${failure.message}`;
      const entry = toEntry(item, seconds, failure, claims);
      entries.push(entry);
      // The still pictures' time is the run's too, said apart from the notebook's own.
      const drawn = pictures?.pictures ? ` (+${pictures.seconds.toFixed(1)} s: ${pictures.pictures} still picture${pictures.pictures === 1 ? "" : "s"})` : "";
      write(failure ? `FAILED after ${seconds.toFixed(1)} s${drawn}\n` : `${seconds.toFixed(1)} s${drawn}\n`);
      for (const warning of warnings) log(indent(`warning: ${warning}`));
      if (failure) log(indent(`${describeFailure(failure)}:\n${failure.message}`));
    },
    interrupting: () => {
      write("\ninterrupted: stopping (the notebook being executed keeps its last complete page)\n");
      interrupted = true;
    },
    interrupted: (item) => {
      entries.push(interruptedEntry(item, options.out));
    },
    verbose: options.verbose,
  });
  if (!interrupted) reportInvalidUpTo(items.length);
  entries.sort((a, b) => items.findIndex((i) => i.name === a.name) - items.findIndex((i) => i.name === b.name));
  updateSite(options.out, entries, { sourceRoot: repoRoot });
  const failed = entries.filter((e) => e.status !== "ok");
  const index = path.relative(process.cwd(), path.join(options.out, "index.html"));
  if (interrupted) {
    const done = new Set(entries.map((e) => e.name));
    const notRun = items.filter((item) => !done.has(item.name)).map((item) => item.name);
    const stopped = entries.filter((e) => e.status === "interrupted").map((e) => e.name);
    log(
      `interrupted${stopped.length ? ` during ${stopped.join(", ")}` : ""}` +
        (notRun.length ? `; not run: ${notRun.join(", ")} (their last results stand)` : "") +
        `: ${index}`,
    );
    return { ok: false, interrupted: true, out: options.out, entries };
  }
  log(
    failed.length === 0
      ? `${entries.length} notebook${entries.length === 1 ? "" : "s"} executed: ${index}`
      : `${failed.length} of ${entries.length} failed (${failed.map((e) => e.name).join(", ")}): ${index}`,
  );
  return { ok: failed.length === 0, interrupted: false, out: options.out, entries };
}

/**
 * @typedef {{ name: string, source: string, cwd: string, outIpynb: string, outHtml: string,
 *   notebook?: string, parameters: Record<string, string>, declared: string[], invalid?: string, warning?: string }} Item
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
  try {
    parsed = publishedNotebook(parsed, `${name}.ipynb`, { release: options.release }); // --release: the student version
  } catch (err) {
    item.invalid = `its homework markers are wrong: ${err instanceof Error ? err.message : String(err)}`;
    return item;
  }
  const { notebook, applied, declared } = injectParameters(parsed, options.parameters, name);
  return { ...item, notebook: JSON.stringify(notebook), parameters: applied, declared, warning: otherKernelWarning(parsed, source) };
}

/**
 * A notebook written for another kernel still runs under this one (the runner has
 * no other), so say so up front rather than leave the user with TypeScript errors.
 * @returns {string | undefined}
 */
function otherKernelWarning(parsed, source) {
  const spec = parsed?.metadata?.kernelspec;
  if (!spec || typeof spec.name !== "string" || spec.name === KERNEL_NAME) return undefined;
  const ours = notebookKernelspec();
  const named = `"${spec.name}"${spec.display_name ? ` (${spec.display_name})` : ""}`;
  const language = spec.language ?? parsed?.metadata?.language_info?.name;
  const hint = language && language !== ours.language ? `; its cells are ${language}, so expect errors` : "";
  return `warning: ${path.relative(process.cwd(), source)} names the kernel ${named}; running it under "${KERNEL_NAME}" (${ours.display_name})${hint}`;
}

/**
 * @param {Item[]} items
 * @param {RunOptions} options
 * @param {string} python
 * @param {{ ready: (mathjax: string | null) => void, start: (item: Item) => void,
 *   done: (item: Item, seconds: number, failure: Failure | null, claims: Claim[], warnings: string[],
 *     pictures?: { pictures?: number, seconds?: number }) => void,
 *   interrupting: () => void, interrupted: (item: Item) => void, verbose: boolean }} on
 */
function executeAll(items, options, python, on) {
  if (items.length === 0) return Promise.resolve();
  const job = {
    kernelName: KERNEL_NAME,
    timeout: options.timeout,
    sign: options.sign,
    mathjaxUrl: MATHJAX_URL,
    // still_figures.py: a picture of each figure, drawn by figure-images.js with this node.
    stillPictures: options.pictures ? { node: process.execPath, plotly: PLOTLY_BUNDLE } : null,
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
  // Its own process group: a Ctrl-C reaches only this process, which passes it on once
  // as SIGUSR1 (see execute.py), so Python stops between writes instead of dying half-way.
  const child = spawn(python, [path.join(__dirname, "execute.py")], { env, stdio: ["pipe", "pipe", "pipe", "pipe"], detached: true });
  const stopRunner = interruptOnSignals(child, on.interrupting);
  let stderr = "";
  const keep = (chunk) => {
    stderr = (stderr + chunk).slice(-20000);
    if (on.verbose) process.stderr.write(chunk);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  child.stdin.end(JSON.stringify(job));

  const pending = new Set(items);
  const started = new Set();
  const events = readline.createInterface({ input: /** @type {import("stream").Readable} */ (child.stdio[3]) });
  events.on("line", (line) => {
    const event = JSON.parse(line);
    if (event.event === "ready") on.ready(event.mathjax);
    if (event.event === "start") {
      started.add(items[event.index]);
      on.start(items[event.index]);
    }
    if (event.event === "done") {
      pending.delete(items[event.index]);
      on.done(items[event.index], event.seconds, event.failure, event.claims ?? [], event.warnings ?? [], event.pictures ?? {});
    }
    if (event.event === "interrupted") {
      pending.delete(items[event.index]);
      on.interrupted(items[event.index]);
      pending.clear(); // the rest were not started: their last results stand
    }
  });
  return new Promise((resolve, reject) => {
    child.on("error", (err) => {
      stopRunner();
      reject(err);
    });
    child.on("close", (code, signal) => {
      const interrupted = stopRunner();
      if (interrupted) {
        // Stopped before it could say which notebook it abandoned: that one was interrupted.
        const [current] = pending;
        if (current && started.has(current)) on.interrupted(current);
        pending.clear();
      }
      for (const item of pending) {
        on.done(item, 0, /** @type {Failure} */ ({
          kind: "runner",
          cell: null,
          cells: null,
          firstLine: "",
          message: `the Jupyter runner (${python} execute.py) stopped (${signal ?? `exit ${code}`}) before this notebook:\n${stderr.trim().slice(-3000)}`,
        }), [], []);
      }
      resolve(undefined);
    });
  });
}

/**
 * Ctrl-C (SIGINT) or SIGTERM: the first asks the runner to stop after abandoning the
 * notebook it is executing; another one a second or more later kills it.
 * @param {import("child_process").ChildProcess} child
 * @param {() => void} onFirst
 * @returns {() => boolean} removes the handlers; tells whether a signal came
 */
function interruptOnSignals(child, onFirst) {
  let first = 0;
  const handler = () => {
    const now = Date.now();
    if (first === 0) {
      first = now;
      onFirst();
      if (child.pid) process.kill(child.pid, "SIGUSR1");
    } else if (now - first > 1000 && child.pid) {
      // npm passes Ctrl-C on as well, so a second signal within a second is the same one.
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
    return first !== 0;
  };
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

/**
 * A notebook stopped by Ctrl-C: its last complete page stays; where it had none,
 * a page says it was interrupted, so the index still links to something true.
 * @returns {Entry}
 */
function interruptedEntry(item, out) {
  /** @type {Failure} */
  const failure = { kind: "interrupted", cell: null, cells: null, firstLine: "", message: "stopped by Ctrl-C before it finished; the page is from its last complete run" };
  const page = path.join(out, path.basename(item.outHtml));
  if (!fs.existsSync(page)) {
    failure.message = "stopped by Ctrl-C before it finished; it has no complete run yet";
    writeAtomically(page, `<!DOCTYPE html><html lang="en"><meta charset="utf-8"><title>${item.name}: interrupted</title><h1>${item.name}</h1><p>Interrupted before it finished; run <code>npm start -- ${item.name}</code> again.</p></html>`);
  }
  return { ...toEntry({ ...item, outHtml: page }, 0, failure), status: "interrupted" };
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
