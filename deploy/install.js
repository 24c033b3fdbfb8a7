#!/usr/bin/env node
"use strict";
// node deploy/install.js --out DIR [--system | --kernel-prefix DIR] [--link] [--no-warm]
//
// Installs the course for a JupyterHub's students, from a built repo (`npm ci` done):
//   DIR/app      what a student's kernel runs: the module (src/, built), the kernel
//                (kernel/), node_modules, the student server's start script (deploy/);
//                never the instructor's notebooks, tests or git history, which hold the
//                solutions and hidden tests;
//   DIR/release  the student versions of the notebooks (`npm run release`), copied into
//                each student's ~/lectures when their server starts (deploy/student_server.py);
// and registers the kernel for every user: --system (Jupyter's system data folder, what
// a hub host or image does) or --kernel-prefix P (P/share/jupyter; the hub then puts it
// on the students' JUPYTER_PATH). Everything is made readable, nothing writable, by others.
// --link hard-links node_modules' files instead of copying them (copies across file
// systems; the load test uses it); --no-warm skips starting the kernel once to write its code cache.
require("../kernel/node-version").exitIfNodeTooOld();
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { findJupyterPython } = require("../kernel/jupyter");

const repoRoot = path.resolve(__dirname, "..");
const USAGE = "usage: node deploy/install.js --out DIR [--system | --kernel-prefix DIR] [--link] [--no-warm]";

/** The repo's parts a student's kernel needs (paths relative to the repo). */
const APP_PARTS = ["package.json", "package-lock.json", "src", "kernel", "scripts/homework", "deploy"];
/** Never installed, whatever APP_PARTS grows into: the instructor's material. */
const NEVER = new Set(["notebooks", "test", ".git", "release", "grades", "site", ".jupyter", ".build"]);

class UsageError extends Error {}

/**
 * @param {string[]} argv
 * @returns {{ out: string, system: boolean, kernelPrefix: string | null, link: boolean, warm: boolean }}
 */
function parseArgs(argv) {
  const options = { out: "", system: false, kernelPrefix: /** @type {string | null} */ (null), link: false, warm: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (!v || v.startsWith("--")) throw new UsageError(`${arg} needs a folder`);
      return path.resolve(v);
    };
    if (arg === "--out") options.out = value();
    else if (arg === "--kernel-prefix") options.kernelPrefix = value();
    else if (arg === "--system") options.system = true;
    else if (arg === "--link") options.link = true;
    else if (arg === "--no-warm") options.warm = false;
    else throw new UsageError(`unknown option ${arg}`);
  }
  if (!options.out) throw new UsageError("--out DIR is required");
  if (options.system && options.kernelPrefix) throw new UsageError("choose one of --system and --kernel-prefix");
  const rel = path.relative(repoRoot, options.out);
  if (!rel.startsWith("..") && !path.isAbsolute(rel)) throw new UsageError(`--out ${options.out} is inside the repo; choose a folder outside it`);
  return options;
}

/**
 * Copies the app's parts into `appDir` (mtimes kept, so the kernel's freshness check
 * sees the build as up to date), node_modules copied or hard-linked.
 */
function installApp(appDir, { link }) {
  if (!fs.existsSync(path.join(repoRoot, "src", "dist", "index.js"))) {
    throw new Error("src/dist is not built: run `npm ci` (or `npm run build`) in the repo first");
  }
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.mkdirSync(appDir, { recursive: true });
  for (const part of APP_PARTS) {
    if (NEVER.has(part.split("/")[0])) throw new Error(`refusing to install ${part}: it is the instructor's`);
    const from = path.join(repoRoot, part);
    if (!fs.existsSync(from)) continue;
    fs.mkdirSync(path.dirname(path.join(appDir, part)), { recursive: true });
    fs.cpSync(from, path.join(appDir, part), { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  }
  const modules = path.join(repoRoot, "node_modules");
  const target = path.join(appDir, "node_modules");
  // The kernel's code cache is keyed by file path: the install writes its own (warmCodeCache).
  const skip = (p) => p === path.join(modules, ".cache");
  if (link) linkTree(modules, target, skip);
  else fs.cpSync(modules, target, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true, filter: (p) => !skip(p) });
}

/** A copy of a folder whose files are hard links to the original's (symlinks kept as they are). */
function linkTree(from, to, skip) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (skip(src)) continue;
    if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dst);
    else if (entry.isDirectory()) linkTree(src, dst, skip);
    else linkOrCopy(src, dst);
  }
}

function linkOrCopy(src, dst) {
  try {
    fs.linkSync(src, dst);
  } catch (err) {
    if (/** @type {NodeJS.ErrnoException} */ (err).code !== "EXDEV") throw err;
    fs.copyFileSync(src, dst); // another file system: a copy
    const { atime, mtime } = fs.statSync(src);
    fs.utimesSync(dst, atime, mtime);
  }
}

/** The student versions of every notebook of the repo, into `releaseDir`. */
function installRelease(releaseDir) {
  const { release } = require("../scripts/homework/release");
  const { notebooksIn } = require("../scripts/lectures/select");
  fs.rmSync(releaseDir, { recursive: true, force: true });
  fs.mkdirSync(releaseDir, { recursive: true });
  const { written, failed } = release(notebooksIn(path.join(repoRoot, "notebooks")), releaseDir, () => {});
  if (failed.length > 0) throw new Error(`release failed: ${failed.map((f) => `${path.basename(f.notebook)}: ${f.reason}`).join("; ")}`);
  return written;
}

/** Registers the installed app's kernel for every user; returns the Jupyter data folder holding it. */
function registerKernel(appDir, { system, kernelPrefix }) {
  const args = system ? ["--system"] : ["--prefix", /** @type {string} */ (kernelPrefix)];
  const run = spawnSync(process.execPath, [path.join(appDir, "kernel", "register.js"), ...args], { encoding: "utf8" });
  if (run.status !== 0) throw new Error(`kernel registration failed:\n${run.stdout}${run.stderr}`);
  const match = /registered in (.+)\n/.exec(run.stdout);
  return match ? path.dirname(path.dirname(match[1])) : "";
}

/**
 * Starts the installed kernel once and runs a cell, so its V8 code cache is written
 * into the app (students cannot write there; without it every kernel compiles
 * TypeScript's 8 MB compiler from scratch).
 */
function warmCodeCache(kernelDataDir) {
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error("no Jupyter python found (see README: Jupyter)");
  const script = [
    "from jupyter_client.manager import start_new_kernel",
    "km, kc = start_new_kernel(kernel_name='adaptive-lr', startup_timeout=120)",
    "try:",
    "    reply = kc.execute_interactive('1 + 1', timeout=120, output_hook=lambda m: None)",
    "    assert reply['content']['status'] == 'ok', reply['content']",
    "finally:",
    "    kc.stop_channels(); km.shutdown_kernel(now=True)",
  ].join("\n");
  // In an empty folder of its own, like a student's: tslab watches its working folder, and
  // one where other programs write (/, /tmp) can fail a cell with "Unexpected pending rebuildTimer".
  const cwd = fs.mkdtempSync(path.join(require("os").tmpdir(), "adaptive-lr-warm-"));
  let run;
  try {
    run = spawnSync(jupyter.python, ["-c", script], {
      encoding: "utf8",
      cwd,
      env: { ...process.env, JUPYTER_PATH: kernelDataDir },
      timeout: 300_000,
    });
  } finally {
    fs.rmSync(cwd, { recursive: true, force: true });
  }
  if (run.status !== 0) throw new Error(`the installed kernel did not answer a cell:\n${run.stderr || run.error}`);
}

/** Others may read and enter everything installed; only the installer writes. */
function openForReading(dir) {
  spawnSync("chmod", ["-R", "a+rX,go-w", dir]);
}

/**
 * @param {{ out: string, system: boolean, kernelPrefix: string | null, link: boolean, warm: boolean }} options
 * @param {(line: string) => void} log
 */
function install(options, log = console.log) {
  const appDir = path.join(options.out, "app");
  const releaseDir = path.join(options.out, "release");
  const kernelPrefix = options.system ? null : options.kernelPrefix ?? path.join(options.out, "jupyter");
  fs.mkdirSync(options.out, { recursive: true });
  installApp(appDir, options);
  log(`app (module, kernel, node_modules${options.link ? " hard-linked" : ""}): ${appDir}`);
  const notebooks = installRelease(releaseDir);
  log(`student release (${notebooks.length} notebooks, solutions stubbed, hidden tests removed): ${releaseDir}`);
  const kernelData = registerKernel(appDir, { system: options.system, kernelPrefix });
  log(`kernel adaptive-lr for every user: ${kernelData}${options.system ? "" : " (put it on JUPYTER_PATH)"}`);
  if (options.warm) {
    warmCodeCache(kernelData);
    log("kernel started once: code cache written");
  }
  openForReading(options.out);
  if (kernelPrefix) openForReading(kernelPrefix);
  return { appDir, releaseDir, kernelData };
}

function main(argv) {
  try {
    install(parseArgs(argv));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`deploy/install.js: ${err.message}\n${USAGE}`);
      return 2;
    }
    console.error(`deploy/install.js: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { install, parseArgs, APP_PARTS };
