#!/usr/bin/env node
"use strict";
// npm run notebook: Jupyter Notebook on localhost, in notebooks/, with the
// adaptive-lr kernel (repo-local kernelspec through JUPYTER_PATH).
//   npm run notebook -- [--port N] [--browser]
require("../kernel/node-version").exitIfNodeTooOld();
const { spawn } = require("child_process");
const path = require("path");

const { findJupyterPython, INSTALL_HINT } = require("../kernel/jupyter");
const { repoJupyterDir, writeKernelSpec, envWithRepoKernel, DISPLAY_NAME } = require("../kernel/kernelspec");

const repoRoot = path.resolve(__dirname, "..");
const USAGE = "usage: npm run notebook -- [--port N] [--browser]";

function parse(argv) {
  const options = { port: 8888, browser: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--browser") options.browser = true;
    else if (argv[i] === "--port") {
      const port = Number(argv[++i]);
      if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port must be an integer in [1, 65535], got "${argv[i]}"\n${USAGE}`);
      options.port = port;
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  return options;
}

function main() {
  let options;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return void (process.exitCode = 2);
  }
  const jupyter = findJupyterPython();
  if (!jupyter || !jupyter.notebook) {
    console.error(INSTALL_HINT);
    return void (process.exitCode = 1);
  }
  writeKernelSpec(repoJupyterDir);
  const args = [
    "-m",
    "notebook",
    "--ip=127.0.0.1",
    `--port=${options.port}`,
    `--notebook-dir=${path.join(repoRoot, "notebooks")}`,
    options.browser ? "--NotebookApp.open_browser=True" : "--no-browser",
  ];
  // Containers and CI run as root; Notebook refuses that unless told.
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--allow-root");
  // Its own process group: Ctrl-C in the terminal reaches only us, and we stop
  // Jupyter once with SIGTERM, which it handles quietly (a SIGINT from the
  // terminal plus one forwarded by us made it print two KeyboardInterrupt
  // tracebacks). stdin is not passed on: Notebook reads it only to ask
  // "Shutdown this notebook server (y/[n])?" after a SIGINT.
  const child = spawn(jupyter.python, args, { env: envWithRepoKernel(), stdio: ["ignore", "inherit", "pipe"], detached: true });
  let announced = false;
  let stopping = false;
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    const url = /http:\/\/127\.0\.0\.1:\d+\/\S*/.exec(String(chunk));
    if (url && !announced) {
      announced = true;
      process.stdout.write(`\nJupyter Notebook (kernel "${DISPLAY_NAME}"): ${url[0]}\n(Ctrl-C stops it)\n\n`);
    }
  });
  const stop = () => {
    if (stopping) return;
    stopping = true;
    process.stdout.write("\nstopping Jupyter Notebook and its kernels …\n");
    child.kill("SIGTERM");
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, stop);
  // Never leave the server running behind us.
  process.on("exit", () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  });
  child.on("exit", (code, signal) => {
    if (stopping) {
      process.stdout.write("Jupyter Notebook stopped\n");
      process.exitCode = 0;
      return;
    }
    if (!announced) console.error(`Jupyter Notebook stopped before serving (${signal ?? `exit ${code}`}); see its messages above`);
    process.exitCode = code ?? (signal ? 1 : 0);
  });
}

main();
