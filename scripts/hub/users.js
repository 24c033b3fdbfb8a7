"use strict";
// The load test's students are real Unix users (their servers and kernels run with their
// uid, in homes only they can read), created for one run and removed after it. Every user
// made is written down in the run's state file before useradd runs, so a later run removes
// what a killed run left behind.
const { spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { killUids } = require("./procfs");

const MARK = "adaptive-lr class load test";
const RUN_PREFIX = "adaptive-lr-hub-";

/** @param {string} name @returns {{ uid: number, home: string } | null} */
function lookup(name) {
  const run = spawnSync("getent", ["passwd", name], { encoding: "utf8" });
  if (run.status !== 0) return null;
  const f = run.stdout.trim().split(":");
  return { uid: Number(f[2]), home: f[5] };
}

/** Names nobody has: a prefix unique to this run, then s1, s2, … */
function studentNames(count) {
  const tag = crypto.randomBytes(3).toString("hex");
  return Array.from({ length: count }, (_, i) => `alr${tag}s${i + 1}`);
}

/**
 * Creates the students: each a user with their own group and a home under `homesDir`
 * that only they can enter.
 * @param {string[]} names @param {string} homesDir @param {(names: string[]) => void} record
 */
function createStudents(names, homesDir, record) {
  fs.mkdirSync(homesDir, { recursive: true, mode: 0o755 });
  fs.chmodSync(homesDir, 0o755);
  const made = [];
  for (const name of names) {
    if (lookup(name)) throw new Error(`user ${name} exists already; not touching it`);
    made.push(name);
    record(made);
    const home = path.join(homesDir, name);
    const run = spawnSync("useradd", ["--create-home", "--home-dir", home, "--shell", "/usr/sbin/nologin", "--comment", MARK, "--user-group", name], {
      encoding: "utf8",
    });
    if (run.status !== 0) throw new Error(`useradd ${name} failed: ${run.stderr.trim()}`);
    fs.chmodSync(home, 0o700);
  }
  return names.map((name) => ({ name, ...(/** @type {{ uid: number, home: string }} */ (lookup(name))) }));
}

/** Kills every process of these users and removes them, their groups and homes; only users this test made. */
function removeStudents(names) {
  const removed = [];
  const known = names.map((name) => ({ name, user: lookup(name) })).filter((u) => u.user);
  killUids(new Set(known.map((u) => /** @type {{ uid: number }} */ (u.user).uid)));
  for (const { name } of known) {
    const gecos = spawnSync("getent", ["passwd", name], { encoding: "utf8" }).stdout.split(":")[4] ?? "";
    if (gecos !== MARK) continue; // not ours: leave it
    const run = spawnSync("userdel", ["--remove", name], { encoding: "utf8" });
    if (run.status === 0 || lookup(name) === null) removed.push(name);
    spawnSync("groupdel", [name], { encoding: "utf8" }); // when userdel left the group (USERGROUPS_ENAB no)
  }
  return removed;
}

/** A run's folder (under the system's temp folder) and its state file. */
function runDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_PREFIX));
  fs.chmodSync(dir, 0o755); // students' servers read the course installed inside
  return dir;
}

/** Removes what earlier runs killed before their own cleanup left: users, processes, folders. */
function sweepAbandonedRuns(log) {
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    let state;
    try {
      state = JSON.parse(fs.readFileSync(path.join(dir, "state.json"), "utf8"));
    } catch {
      continue; // not started far enough to have made anything, or not ours
    }
    if (isAlive(state.pid)) continue;
    // Only groups whose leader is still the program we started (a pid may have been reused).
    for (const { pid, program } of state.started ?? []) if (commandOf(pid).includes(program)) killGroup(pid);
    const removed = removeStudents(state.users ?? []);
    fs.rmSync(dir, { recursive: true, force: true });
    log(`removed what an interrupted run left (${dir}): ${removed.length} user(s)`);
  }
}

function commandOf(pid) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    return "";
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to a process group we started (detached, so its id is the leader's pid). */
function killGroup(pid) {
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // gone already
  }
}

module.exports = { studentNames, createStudents, removeStudents, runDir, sweepAbandonedRuns, lookup, isAlive, killGroup };
