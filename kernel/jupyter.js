"use strict";
// Finds the Python that has Jupyter (nbclient + nbconvert), and installs
// Debian's Jupyter when there is none and we may. The first `python3` on PATH
// often has no Jupyter (pyenv, venvs), so every candidate is probed.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const DEBIAN_PACKAGES = ["jupyter-notebook", "jupyter-nbconvert", "python3-nbclient", "jupyter-client"];
const INSTALL_HINT =
  "adaptive-lr needs Jupyter (nbclient, nbconvert, notebook): `pip install notebook nbconvert nbclient`, " +
  "or `conda install -c conda-forge notebook nbconvert nbclient`, " +
  `or \`sudo apt-get install ${DEBIAN_PACKAGES.join(" ")}\`; ` +
  "set JUPYTER_PYTHON to the python that has them if it is not found.";

const PROBE = [
  "import json, sys, nbclient, nbconvert, nbformat",
  "try:\n    import notebook; nb = notebook.__version__\nexcept Exception:\n    nb = None",
  "print(json.dumps({'executable': sys.executable, 'nbclient': nbclient.__version__, " +
    "'nbconvert': nbconvert.__version__, 'nbformat': nbformat.__version__, 'notebook': nb}))",
].join("\n");

/**
 * @typedef {{ python: string, executable: string, nbclient: string, nbconvert: string,
 *   nbformat: string, notebook: string | null }} JupyterPython
 */

/** Pythons to try, in order: JUPYTER_PYTHON, the system one, `jupyter`'s own, then PATH. */
function candidates(env = process.env) {
  const list = [];
  if (env.JUPYTER_PYTHON) list.push(env.JUPYTER_PYTHON);
  list.push("/usr/bin/python3");
  const jupyter = whichOnPath("jupyter", env);
  const shebang = jupyter && interpreterOf(jupyter);
  if (shebang) list.push(shebang);
  for (const name of ["python3", "python"]) {
    const found = whichOnPath(name, env);
    if (found) list.push(found);
  }
  return [...new Set(list)];
}

/**
 * The first candidate that imports nbclient and nbconvert, or null.
 * @returns {JupyterPython | null}
 */
function findJupyterPython(env = process.env) {
  for (const python of candidates(env)) {
    if (!fs.existsSync(python)) continue;
    const run = spawnSync(python, ["-c", PROBE], { encoding: "utf8", timeout: 30_000, env });
    if (run.status !== 0) continue;
    try {
      const line = run.stdout.trim().split("\n").pop() ?? "";
      return { python, ...JSON.parse(line) };
    } catch {
      continue;
    }
  }
  return null;
}

/**
 * What to do when Jupyter is missing, as a pure decision (tested on its own).
 * @param {{ found: boolean, platform: string, isRoot: boolean, isDebian: boolean, hasAptGet: boolean }} facts
 * @returns {"ready" | "apt-get" | "ask-user"}
 */
function planJupyterSetup({ found, platform, isRoot, isDebian, hasAptGet }) {
  if (found) return "ready";
  if (platform === "linux" && isRoot && isDebian && hasAptGet) return "apt-get";
  return "ask-user";
}

/**
 * Makes sure a Jupyter python exists: finds it, or installs Debian's packages
 * (as root on Debian), or throws an Error whose message is the one-line hint.
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {JupyterPython}
 */
function ensureJupyter({ log = (line) => process.stderr.write(line + "\n") } = {}) {
  const found = findJupyterPython();
  const plan = planJupyterSetup({
    found: found !== null,
    platform: process.platform,
    isRoot: typeof process.getuid === "function" && process.getuid() === 0,
    isDebian: fs.existsSync("/etc/debian_version"),
    hasAptGet: whichOnPath("apt-get") !== null,
  });
  if (plan === "ready" && found) return found;
  if (plan === "apt-get") {
    log(`adaptive-lr: Jupyter not found; installing Debian's ${DEBIAN_PACKAGES.join(" ")} (apt-get) …`);
    const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
    const update = spawnSync("apt-get", ["update"], { stdio: "inherit", env });
    const install =
      update.status === 0
        ? spawnSync("apt-get", ["install", "-y", "--no-install-recommends", ...DEBIAN_PACKAGES], { stdio: "inherit", env })
        : update;
    const installed = install.status === 0 ? findJupyterPython() : null;
    if (installed) return installed;
    throw new Error(`apt-get could not install Jupyter (exit ${install.status}). ${INSTALL_HINT}`);
  }
  throw new Error(INSTALL_HINT);
}

function whichOnPath(name, env = process.env) {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this folder
    }
  }
  return null;
}

// `#!/usr/bin/python3` or `#!/usr/bin/env python3.11` -> that interpreter.
function interpreterOf(script) {
  try {
    const fd = fs.openSync(script, "r");
    const head = Buffer.alloc(256);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    const first = head.subarray(0, n).toString("utf8").split("\n")[0];
    if (!first.startsWith("#!")) return null;
    const parts = first.slice(2).trim().split(/\s+/);
    if (path.basename(parts[0]) === "env") return parts[1] ? whichOnPath(parts[1]) : null;
    return parts[0];
  } catch {
    return null;
  }
}

module.exports = { ensureJupyter, findJupyterPython, planJupyterSetup, candidates, INSTALL_HINT, DEBIAN_PACKAGES };
