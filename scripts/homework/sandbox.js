"use strict";
// The room one submission is graded in: a bubblewrap sandbox (Debian package
// bubblewrap) holding the grading process (run_cells.py and nbclient) and the
// student's kernel, with
//  - only the system (/usr, /etc) and the module's code read-only: the
//    built module, its node_modules, the kernel launcher, the grading
//    scripts; never notebooks/, the instructor's --source, the submissions,
//    the gradebook or .git, so nothing there can be read or changed;
//  - a fresh, size-limited tmpfs as the working folder and another as /tmp
//    (the disk limit), gone when the sandbox ends;
//  - no network (its own network namespace: loopback only, which is where
//    nbclient and the kernel talk), its own PID namespace: when the sandbox's
//    first process ends, or the grader kills it, every process in it ends.
// Memory, CPU time and file size are rlimits on the kernel (prlimit, in the
// grading kernelspec run_cells.py writes), because cgroups are not delegated
// on every machine this runs on (CI containers) while rlimits always work.
const fs = require("fs");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..", "..");
const BWRAP = "/usr/bin/bwrap";
/** Where the working folder appears inside the sandbox: inside the repo, so `adaptive-lr` resolves through its node_modules. */
const ROOM = path.join(repoRoot, ".grading-room");
/** What of the repo the kernel needs; everything else of it stays out of sight. */
const REPO_PARTS = ["package.json", "tsconfig.json", "node_modules", "src", "kernel", path.join("scripts", "homework"), path.join("scripts", "lectures")];

/**
 * @typedef {{ memoryMb: number, diskMb: number, cpuSeconds: number, outputMb: number, processes?: number }} Limits (processes: tasks at once, by a pids cgroup: scripts/homework/process-limit.js)
 */

function isAvailable() {
  return fs.existsSync(BWRAP);
}

/**
 * bwrap's arguments for one submission; the command follows them.
 * @param {Limits} limits
 * @returns {string[]}
 */
function sandboxArgs(limits) {
  const args = [];
  for (const top of ["usr", "bin", "lib", "lib64", "sbin", "etc"]) {
    const host = `/${top}`;
    if (!fs.existsSync(host)) continue;
    const stat = fs.lstatSync(host);
    if (stat.isSymbolicLink()) args.push("--symlink", fs.readlinkSync(host), host);
    else args.push("--ro-bind", host, host);
  }
  // /tmp first, so that a repo or a node living under /tmp (a CI clone) is bound on top of it.
  const disk = String(limits.diskMb * 1024 * 1024);
  args.push("--size", disk, "--tmpfs", "/tmp");
  // node may live outside /usr (nvm, /opt): its installation, read-only
  const nodePrefix = path.dirname(path.dirname(fs.realpathSync(process.execPath)));
  if (!nodePrefix.startsWith("/usr")) args.push("--ro-bind", nodePrefix, nodePrefix);
  for (const part of REPO_PARTS) {
    const full = path.join(repoRoot, part);
    if (fs.existsSync(full)) args.push("--ro-bind", full, full);
  }
  args.push(
    "--dev", "/dev",
    "--proc", "/proc",
    "--size", disk, "--tmpfs", ROOM,
    "--remount-ro", "/", // bwrap's own root is a tmpfs without a size: nothing may be written there
    "--chdir", ROOM,
    "--unshare-all", // network, PID, IPC, UTS, cgroup (and user, where allowed)
    "--die-with-parent",
    "--new-session", // no terminal to push keystrokes into
    "--clearenv",
    "--setenv", "PATH", "/usr/bin:/bin",
    "--setenv", "HOME", "/tmp",
    "--setenv", "TMPDIR", "/tmp",
    "--setenv", "JUPYTER_RUNTIME_DIR", "/tmp/jupyter-runtime",
    "--setenv", "JUPYTER_DATA_DIR", "/tmp/jupyter-data",
    "--setenv", "JUPYTER_PATH", "/tmp/jupyter-data",
    "--setenv", "JUPYTER_CONFIG_DIR", "/tmp/jupyter-config",
    "--setenv", "IPYTHONDIR", "/tmp/ipython",
    "--setenv", "PYTHONUNBUFFERED", "1",
    "--setenv", "PYTHONDONTWRITEBYTECODE", "1",
    "--setenv", "ADAPTIVE_LR_KERNEL_DOCS", "0",
    "--setenv", "ADAPTIVE_LR_KERNEL_CODE_CACHE", "1",
    "--setenv", "ADAPTIVE_LR_GRADING", "1", // kernel/launch.js: put built-ins back before every cell (kernel-restore.js)
  );
  return args;
}

/**
 * The kernel's command line inside the sandbox: rlimits, then node with a heap limit
 * below the address-space limit (so running out of heap is V8's clear "heap out of
 * memory", not a segfault), its stderr kept in a file run_cells.py reads after a death.
 * @param {Limits} limits
 * @param {string} stderrFile
 */
function kernelArgv(limits, stderrFile) {
  const bytes = limits.memoryMb * 1024 * 1024;
  const command = [
    "exec", "/usr/bin/prlimit",
    `--as=${bytes}`,
    `--cpu=${limits.cpuSeconds}`,
    `--fsize=${limits.diskMb * 1024 * 1024}`,
    "--core=0",
    "--",
    // kernel/start.sh: from the grading room's start-up snapshot when it is current
    "/bin/sh", path.join(repoRoot, "kernel", "start.sh"), process.execPath, '"$0"', ...kernelNodeOptions(limits),
    `2>>${stderrFile}`,
  ].join(" ");
  return ["/bin/sh", "-c", command, "{connection_file}"];
}

/**
 * The kernel's heap limit, below the address-space limit. Also the name of the
 * room's start-up snapshot (kernel/snapshot.js): V8 reads a snapshot only with
 * the heap flags it was made with.
 * @param {Limits} limits
 */
function kernelNodeOptions(limits) {
  return [`--max-old-space-size=${Math.max(256, Math.floor(limits.memoryMb / 3))}`];
}

/** What `npm run grade` gives a submission when not told otherwise (scripts/homework/args.js). */
const DEFAULT_LIMITS = { memoryMb: 3072, diskMb: 256, cpuSeconds: 600, outputMb: 8, processes: 512 };

module.exports = { BWRAP, ROOM, sandboxArgs, kernelArgv, kernelNodeOptions, DEFAULT_LIMITS, isAvailable };
