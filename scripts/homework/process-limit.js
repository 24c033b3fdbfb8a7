"use strict";
// A cap on the number of processes and threads one submission may have, so a
// fork bomb stops at the cap instead of taking the grading machine down.
// RLIMIT_NPROC cannot do it: the grader usually runs as root, whom the kernel
// exempts, and it would count every sandbox of the same user together. The
// Linux "pids" cgroup counts exactly the sandbox's tasks (threads included).
// Where no pids cgroup is writable the grader says so once and grades on, with
// the other limits (memory, CPU time, disk, time) still in force.
const fs = require("fs");
const path = require("path");

/**
 * The folder under which we may make pids cgroups (cgroup v1's pids hierarchy,
 * or our own cgroup v2 group when it delegates "pids"), or a reason why none.
 * @returns {{ base: string } | { reason: string }}
 */
function findPidsHierarchy() {
  let mounts;
  try {
    mounts = fs.readFileSync("/proc/self/mountinfo", "utf8").split("\n");
  } catch {
    return { reason: "/proc/self/mountinfo is unreadable" };
  }
  const own = readOwnCgroups();
  for (const line of mounts) {
    const [left, right] = line.split(" - ");
    if (!right) continue;
    const mountPoint = left.split(" ")[4];
    const [fsType, , superOptions = ""] = right.split(" ");
    if (fsType === "cgroup" && superOptions.split(",").includes("pids")) {
      const within = own.v1.get("pids") ?? "/";
      return writableBase(path.join(mountPoint, within));
    }
    if (fsType === "cgroup2" && own.v2 !== null) {
      const group = path.join(mountPoint, own.v2);
      try {
        if (fs.readFileSync(path.join(group, "cgroup.subtree_control"), "utf8").split(/\s+/).includes("pids")) return writableBase(group);
      } catch {
        // not delegated to us
      }
    }
  }
  return { reason: "no pids cgroup is mounted where the grader may create groups" };
}

function readOwnCgroups() {
  /** @type {Map<string, string>} */
  const v1 = new Map();
  /** @type {string | null} */
  let v2 = null;
  try {
    for (const line of fs.readFileSync("/proc/self/cgroup", "utf8").trim().split("\n")) {
      const [, controllers, where] = line.split(":");
      if (controllers === "") v2 = where;
      else for (const c of controllers.split(",")) v1.set(c, where);
    }
  } catch {
    // no cgroups at all
  }
  return { v1, v2 };
}

/** @param {string} dir */
function writableBase(dir) {
  const base = path.join(dir, "adaptive-lr-grading");
  try {
    fs.mkdirSync(base, { recursive: true });
    return { base };
  } catch (err) {
    return { reason: `cannot create ${base}: ${/** @type {Error} */ (err).message}` };
  }
}

/**
 * A pids cgroup for one sandbox: `wrap` turns a command into one that enters
 * the group before it starts (so not one child escapes), `hitLimit` tells
 * whether a fork was refused, `close` kills what is left and removes the group.
 * @param {string} base from findPidsHierarchy
 * @param {string} name unique per sandbox
 * @param {number} maxTasks
 */
function createProcessLimit(base, name, maxTasks) {
  const dir = path.join(base, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, "pids.max"), String(maxTasks));
  return {
    dir,
    /**
     * @param {string} command
     * @param {string[]} args
     * @returns {[string, string[]]}
     */
    wrap(command, args) {
      return ["/bin/sh", ["-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', dir, command, ...args]];
    },
    /** Forks refused because the group was full. */
    refusedForks() {
      try {
        const events = fs.readFileSync(path.join(dir, "pids.events"), "utf8");
        return Number(/max (\d+)/.exec(events)?.[1] ?? 0);
      } catch {
        return 0;
      }
    },
    close() {
      // A group cannot be removed while tasks are in it: kill them until it is empty.
      for (let attempt = 0; attempt < 50; attempt++) {
        let pids = [];
        try {
          pids = fs.readFileSync(path.join(dir, "cgroup.procs"), "utf8").split("\n").filter(Boolean).map(Number);
        } catch {
          return;
        }
        for (const pid of pids) {
          try {
            process.kill(pid, "SIGKILL");
          } catch {
            // gone
          }
        }
        try {
          fs.rmdirSync(dir);
          return;
        } catch {
          const until = Date.now() + 20;
          while (Date.now() < until); // the kernel reaps killed tasks within milliseconds
        }
      }
    },
  };
}

module.exports = { findPidsHierarchy, createProcessLimit };
