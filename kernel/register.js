#!/usr/bin/env node
"use strict";
// node kernel/register.js           repo-local: .jupyter/kernels/adaptive-lr (npm install runs this)
// node kernel/register.js --user    the user's Jupyter data folder, for their own Jupyter and VS Code
// node kernel/register.js --user --remove
// node kernel/register.js --system      every user's Jupyter (/usr/local/share/jupyter; a JupyterHub host or image)
// node kernel/register.js --prefix DIR  DIR/share/jupyter (put it on JUPYTER_PATH), as `jupyter kernelspec install --prefix`
// The repo-local registration also makes sure Jupyter itself is there (see kernel/jupyter.js).
require("./node-version").exitIfNodeTooOld(); // before anything is registered with this node
const { spawnSync } = require("child_process");
const path = require("path");
const { ensureJupyter, findJupyterPython } = require("./jupyter");
const {
  KERNEL_NAME,
  DISPLAY_NAME,
  repoJupyterDir,
  writeKernelSpec,
  removeKernelSpec,
  userJupyterDataDir,
} = require("./kernelspec");

const USAGE = "usage: node kernel/register.js [--user | --system | --prefix DIR] [--remove]";

function main(argv) {
  const args = [...argv];
  let prefix = null;
  const at = args.indexOf("--prefix");
  if (at >= 0) {
    prefix = args[at + 1];
    if (!prefix || prefix.startsWith("--")) {
      console.error(`kernel/register.js: --prefix needs a folder\n${USAGE}`);
      return 2;
    }
    args.splice(at, 2);
  }
  const unknown = args.filter((a) => a !== "--user" && a !== "--system" && a !== "--remove");
  if (unknown.length > 0) {
    console.error(`kernel/register.js: unknown option ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const user = args.includes("--user");
  const system = args.includes("--system");
  const remove = args.includes("--remove");
  if ([user, system, prefix !== null].filter(Boolean).length > 1) {
    console.error(`kernel/register.js: choose one of --user, --system and --prefix\n${USAGE}`);
    return 2;
  }
  // A system-wide kernel (--system, --prefix) is the repo's plain kernelspec in a shared
  // data folder: every user of a JupyterHub host or image starts the same install.
  const shared = system ? systemDataDir() : prefix !== null ? path.join(path.resolve(prefix), "share", "jupyter") : null;
  const dataDir = user ? userDataDir() : shared ?? repoJupyterDir;

  if (remove) {
    const removed = removeKernelSpec(dataDir);
    console.log(removed ? `removed kernel ${KERNEL_NAME} from ${dataDir}` : `no kernel ${KERNEL_NAME} in ${dataDir}`);
    return 0;
  }
  const dir = writeKernelSpec(dataDir, user ? { user: true, python: findJupyterPython()?.python ?? null } : {});
  console.log(`kernel "${DISPLAY_NAME}" (${KERNEL_NAME}) registered in ${dir}`);
  if (shared) {
    console.log(`Every user whose Jupyter reads ${dataDir}${system ? "" : " (JUPYTER_PATH)"} can now start it; it runs ${path.resolve(__dirname, "..")}.`);
    return 0;
  }
  if (user) {
    console.log("Notebooks anywhere can now `import { adam } from \"adaptive-lr\"` with this kernel (from this repo's node_modules).");
    return 0;
  }

  if (process.env.ADAPTIVE_LR_SKIP_JUPYTER === "1") {
    console.log("ADAPTIVE_LR_SKIP_JUPYTER=1: not checking for Jupyter");
    return 0;
  }
  try {
    const jupyter = ensureJupyter();
    console.log(`Jupyter: ${jupyter.python} (nbclient ${jupyter.nbclient}, nbconvert ${jupyter.nbconvert}, notebook ${jupyter.notebook ?? "missing"})`);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

// Ask the Jupyter python where its user data folder is; the same rules in JS otherwise.
function userDataDir() {
  const jupyter = findJupyterPython();
  if (jupyter) {
    const run = spawnSync(jupyter.python, ["-c", "from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())"], {
      encoding: "utf8",
    });
    const dir = run.status === 0 ? run.stdout.trim() : "";
    if (dir) return dir;
  }
  return userJupyterDataDir();
}

// Jupyter's first system-wide data folder (/usr/local/share/jupyter on Linux), as its python reports it.
function systemDataDir() {
  const jupyter = findJupyterPython();
  if (jupyter) {
    const run = spawnSync(jupyter.python, ["-c", "from jupyter_core.paths import SYSTEM_JUPYTER_PATH; print(SYSTEM_JUPYTER_PATH[0])"], {
      encoding: "utf8",
    });
    const dir = run.status === 0 ? run.stdout.trim() : "";
    if (dir) return dir;
  }
  return process.platform === "win32" ? path.join(process.env.PROGRAMDATA ?? "C:\\ProgramData", "jupyter") : "/usr/local/share/jupyter";
}

process.exitCode = main(process.argv.slice(2));
