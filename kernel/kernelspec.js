"use strict";
// The kernelspec: Jupyter (and VS Code) start this repo's tslab through
// kernel/launch.js, with the node that ran `npm install` (absolute paths, so
// a desktop VS Code without nvm's PATH still finds them).
const fs = require("fs");
const os = require("os");
const path = require("path");

const KERNEL_NAME = "adaptive-lr";
const DISPLAY_NAME = "TypeScript (adaptive-lr)";
const repoRoot = path.resolve(__dirname, "..");
/** The repo's own Jupyter data folder; the repo's commands put it on JUPYTER_PATH. */
const repoJupyterDir = path.join(repoRoot, ".jupyter");
const LOGOS = ["logo-32x32.png", "logo-64x64.png"];

/**
 * kernel.json's content. The repo's own kernelspec runs kernel/start.sh (the
 * kernel from a start-up snapshot where the folder has one, else
 * kernel/launch.js); the user-level one (kernel:install) runs start.js from its
 * own folder, which still answers Jupyter when the repo has moved.
 * @param {string} node
 * @param {string} [startScript] the user-level start.js
 */
function kernelJson(node = process.execPath, startScript = undefined) {
  return {
    argv: startScript ? [node, startScript, "{connection_file}"] : ["/bin/sh", path.join(__dirname, "start.sh"), node, "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { repository: repoRoot },
  };
}

/** The `kernelspec` entry a notebook's metadata carries for this kernel. */
function notebookKernelspec() {
  return { name: KERNEL_NAME, display_name: DISPLAY_NAME, language: "typescript" };
}

/**
 * Writes kernels/adaptive-lr/{kernel.json,logos} under a Jupyter data folder.
 * @param {string} dataDir a Jupyter data folder (one entry of JUPYTER_PATH)
 * @param {{ user?: boolean, python?: string | null }} [options] user: the
 *   user-level kernel (start.js and repository.json beside kernel.json); python:
 *   the Jupyter python it tells a moved repo with
 * @returns {string} the kernelspec folder
 */
function writeKernelSpec(dataDir, { user = false, python = null } = {}) {
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  fs.mkdirSync(dir, { recursive: true });
  for (const logo of LOGOS) fs.copyFileSync(path.join(__dirname, logo), path.join(dir, logo));
  let startScript;
  if (user) {
    startScript = path.join(dir, "start.js");
    writeWhole(startScript, fs.readFileSync(path.join(__dirname, "user-start.js"), "utf8"));
    writeWhole(path.join(dir, "repository.json"), JSON.stringify({ repository: repoRoot, python }, null, 1) + "\n");
  }
  writeWhole(path.join(dir, "kernel.json"), JSON.stringify(kernelJson(process.execPath, startScript), null, 1) + "\n");
  return dir;
}

function writeWhole(file, text) {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/** Removes the kernelspec from a data folder; returns whether it was there. */
function removeKernelSpec(dataDir) {
  const dir = path.join(dataDir, "kernels", KERNEL_NAME);
  if (!fs.existsSync(path.join(dir, "kernel.json"))) return false;
  fs.rmSync(dir, { recursive: true, force: true });
  return true;
}

/**
 * The user's Jupyter data folder, by jupyter_core's rules (what Jupyter and
 * VS Code read): JUPYTER_DATA_DIR, else per platform.
 */
function userJupyterDataDir(env = process.env, platform = process.platform, home = os.homedir()) {
  if (env.JUPYTER_DATA_DIR) return env.JUPYTER_DATA_DIR;
  if (platform === "darwin") return path.join(home, "Library", "Jupyter");
  if (platform === "win32") return path.join(env.APPDATA ?? path.join(home, "AppData", "Roaming"), "jupyter");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "jupyter");
}

/** process.env plus the repo's data folder first on JUPYTER_PATH. */
function envWithRepoKernel(env = process.env) {
  const rest = (env.JUPYTER_PATH ?? "").split(path.delimiter).filter((p) => p && p !== repoJupyterDir);
  return { ...env, JUPYTER_PATH: [repoJupyterDir, ...rest].join(path.delimiter) };
}

module.exports = {
  KERNEL_NAME,
  DISPLAY_NAME,
  repoJupyterDir,
  kernelJson,
  notebookKernelspec,
  writeKernelSpec,
  removeKernelSpec,
  userJupyterDataDir,
  envWithRepoKernel,
};
