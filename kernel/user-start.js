"use strict";
// `npm run kernel:install` copies this file next to kernel.json in the user's
// Jupyter data folder, with repository.json (where the repo is, and the Jupyter
// python). Jupyter starts it as `node start.js {connection_file}`; it runs the
// repo's kernel/launch.js. If the repo is gone (moved or deleted), it still
// answers Jupyter, with a small Python kernel (ipykernel) that says where the
// repo was and how to re-install, instead of dying before kernel_info.
const fs = require("fs");
const path = require("path");
const { spawn } = require("child_process");

const { repository, python } = JSON.parse(fs.readFileSync(path.join(__dirname, "repository.json"), "utf8"));
const launcher = path.join(repository, "kernel", "launch.js");

const MISSING_REPOSITORY = `
import sys
from ipykernel.kernelapp import IPKernelApp
from ipykernel.kernelbase import Kernel

MESSAGE = sys.argv[2]

class RepositoryMissing(Kernel):
    implementation = "adaptive-lr (repository missing)"
    implementation_version = "1"
    banner = MESSAGE
    language_info = {"name": "typescript", "mimetype": "text/typescript", "file_extension": ".ts"}

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False):
        error = {"ename": "RepositoryMissing", "evalue": MESSAGE, "traceback": ["RepositoryMissing: " + MESSAGE]}
        if not silent:
            self.send_response(self.iopub_socket, "error", error)
        return dict(status="error", execution_count=self.execution_count, **error)

IPKernelApp.launch_instance(kernel_class=RepositoryMissing, argv=["-f", sys.argv[1]])
`;

if (fs.existsSync(launcher)) {
  require(launcher);
} else {
  const message =
    `the adaptive-lr repository is no longer at ${repository} (moved or deleted), so its kernel cannot start. ` +
    "Run `npm run kernel:install` in the repository's new folder to point this kernel there " +
    "(or `npm run kernel:uninstall` there to remove it).";
  process.stderr.write(`adaptive-lr kernel: ${message}\n`);
  if (python && fs.existsSync(python)) {
    const child = spawn(python, ["-Xfrozen_modules=off", "-c", MISSING_REPOSITORY, process.argv[2], message], { stdio: "inherit" });
    for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
    child.on("exit", (code) => process.exit(code ?? 1));
  } else {
    process.exit(1);
  }
}
