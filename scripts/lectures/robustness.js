"use strict";
// Runs a notebook the way a curious student would: through `npm start -p` at
// both ends of every declared range at once and with other seeds (the sample of
// parameters.js), each run in its own output folder, two at a time (one kernel
// per core on a 2-core machine). Used by `npm run check-notebook` and npm test.
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { notebookParameters, robustnessSample } = require("./parameters");
const { describeFailure } = require("./site");

const lecturesJs = path.join(__dirname, "..", "lectures.js");

/**
 * @typedef {{ notebook: string, label: string, parameters: Record<string, string>, ok: boolean,
 *   seconds: number, claims: number, reason: string }} RobustnessResult
 */

/** The runs to make for one notebook file: its defaults (optional), then the sample. */
function plannedRuns(file, includeDefaults) {
  const declarations = notebookParameters(JSON.parse(fs.readFileSync(file, "utf8")));
  const sample = robustnessSample(declarations);
  return [...(includeDefaults ? [{ label: "defaults", parameters: {} }] : []), ...sample].map((s) => ({ file, ...s }));
}

/**
 * One run of `npm start` on `file` with `parameters`, in a temporary output folder.
 * @returns {Promise<RobustnessResult>}
 */
function runOnce(file, label, parameters, { timeout = 180, env = process.env } = {}) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "adaptive-lr-check-"));
  // The claims are what is checked here: no still pictures (they take a browser per run).
  const args = [lecturesJs, file, "--out", out, "--no-sign", "--no-pictures", "--timeout", String(timeout)];
  for (const [name, value] of Object.entries(parameters)) args.push("-p", `${name}=${value}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("close", (code) => {
      let entry;
      try {
        entry = Object.values(JSON.parse(fs.readFileSync(path.join(out, "lectures.json"), "utf8")).notebooks)[0];
      } catch {
        entry = undefined; // stopped before executing (a usage error): the output says why
      }
      fs.rmSync(out, { recursive: true, force: true });
      const failure = entry?.failure;
      resolve({
        notebook: path.basename(file, ".ipynb"),
        label,
        parameters,
        ok: code === 0,
        seconds: (Date.now() - started) / 1000,
        claims: entry?.claims?.length ?? 0,
        reason: code === 0 ? "" : failure ? `${describeFailure(failure)}: ${failure.message}` : output.trim().slice(-3000),
      });
    });
  });
}

/**
 * Checks notebooks on their robustness sample, `jobs` runs at a time.
 * @param {string[]} files notebook paths
 * @param {{ includeDefaults?: boolean, jobs?: number, timeout?: number, env?: NodeJS.ProcessEnv,
 *   onResult?: (r: RobustnessResult) => void }} [options]
 * @returns {Promise<RobustnessResult[]>}
 */
async function checkNotebooks(files, options = {}) {
  const runs = files.flatMap((file) => plannedRuns(file, options.includeDefaults ?? true));
  const results = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const k = next++;
      const { file, label, parameters } = runs[k];
      results[k] = await runOnce(file, label, parameters, options);
      options.onResult?.(results[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.jobs ?? 2) }, worker));
  return results;
}

/** "alpha=0.3 lr=0.01" */
function parametersText(parameters) {
  return Object.entries(parameters).map(([k, v]) => `${k}=${v}`).join(" ") || "(defaults)";
}

module.exports = { checkNotebooks, plannedRuns, parametersText };
