#!/usr/bin/env node
"use strict";
// node kernel/register.js           repo-local: .jupyter/kernels/adaptive-lr (npm install runs this)
// node kernel/register.js --user    the user's Jupyter data folder, for their own Jupyter and VS Code
// node kernel/register.js --user --remove
// The repo-local registration also makes sure Jupyter itself is there (see kernel/jupyter.js).
require("./node-version").exitIfNodeTooOld(); // before anything is registered with this node
const { spawnSync } = require("child_process");
const { ensureJupyter, findJupyterPython } = require("./jupyter");
const {
  KERNEL_NAME,
  DISPLAY_NAME,
  repoJupyterDir,
  writeKernelSpec,
  removeKernelSpec,
  userJupyterDataDir,
} = require("./kernelspec");

const USAGE = "usage: node kernel/register.js [--user] [--remove]";

function main(argv) {
  const unknown = argv.filter((a) => a !== "--user" && a !== "--remove");
  if (unknown.length > 0) {
    console.error(`kernel/register.js: unknown option ${unknown[0]}\n${USAGE}`);
    return 2;
  }
  const user = argv.includes("--user");
  const remove = argv.includes("--remove");
  const dataDir = user ? userDataDir() : repoJupyterDir;

  if (remove) {
    const removed = removeKernelSpec(dataDir);
    console.log(removed ? `removed kernel ${KERNEL_NAME} from ${dataDir}` : `no kernel ${KERNEL_NAME} in ${dataDir}`);
    return 0;
  }
  const dir = writeKernelSpec(dataDir, user ? { user: true, python: findJupyterPython()?.python ?? null } : {});
  console.log(`kernel "${DISPLAY_NAME}" (${KERNEL_NAME}) registered in ${dir}`);
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

process.exitCode = main(process.argv.slice(2));
