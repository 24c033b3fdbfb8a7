// A class on JupyterHub: the course as installed for a hub (no instructor's material), the
// start of a student's server (lecture notebooks copied, edits never overwritten), and the
// load test on a real JupyterHub with two real Unix users (npm run hub:load), faults and
// isolation included.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const PYTHON = "/usr/bin/python3";
const loadScript = path.join(repoRoot, "scripts", "hub", "load.js");

const { instructorOnlyLines, notebooksOf } = require(path.join(repoRoot, "scripts", "hub", "secrets.js")) as {
  instructorOnlyLines(instructor: string[], released: string[]): string[];
  notebooksOf(dir: string): string[];
};

/** Why the hub tests cannot run here, or null. */
function hubMissing(): string | null {
  if (process.getuid?.() !== 0) return "needs root (the load test makes a Unix user per student)";
  for (const bin of ["jupyterhub", "configurable-http-proxy"]) {
    if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) {
      return `${bin} is not installed (Debian: apt-get install jupyterhub node-configurable-http-proxy)`;
    }
  }
  return null;
}

function filesUnder(dir: string, skip: (name: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (skip(e.name)) continue;
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(full, skip));
    else if (e.isFile()) out.push(full);
  }
  return out;
}

function userExists(name: string): boolean {
  return spawnSync("getent", ["passwd", name]).status === 0;
}

function runDirs(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith("adaptive-lr-hub-"));
}

test("the course installed for a hub holds the module, the kernel and the student release, never a solution or hidden test", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "alr-install-"));
  try {
    const run = spawnSync(process.execPath, [path.join(repoRoot, "deploy", "install.js"), "--out", out, "--link", "--no-warm"], { encoding: "utf8", timeout: 300_000 });
    assert.equal(run.status, 0, run.stderr);
    const app = path.join(out, "app");
    for (const gone of ["notebooks", "test", ".git", "release", "site"]) assert.ok(!fs.existsSync(path.join(app, gone)), `${gone} is not installed`);
    assert.ok(fs.existsSync(path.join(app, "src", "dist", "index.js")), "the built module is");
    const kernelJson = JSON.parse(fs.readFileSync(path.join(out, "jupyter", "share", "jupyter", "kernels", "adaptive-lr", "kernel.json"), "utf8"));
    assert.equal(kernelJson.argv[1], path.join(app, "kernel", "start.sh"), "the kernel registered for every user runs the installed copy");

    const released = notebooksOf(path.join(out, "release"));
    assert.deepEqual(released.map((f) => path.basename(f)), notebooksOf(path.join(repoRoot, "notebooks")).map((f) => path.basename(f)).sort());
    const secrets = instructorOnlyLines(notebooksOf(path.join(repoRoot, "notebooks")), released);
    assert.ok(secrets.length > 10, `the instructor's notebooks have solution lines to look for (${secrets.length})`);
    const leaks: string[] = [];
    for (const file of [...filesUnder(app, (n) => n === "node_modules"), ...released]) {
      const text = fs.readFileSync(file, "utf8");
      for (const s of secrets) if (text.includes(s)) leaks.push(`${file}: ${s}`);
    }
    assert.deepEqual(leaks, []);
    // Others may read the install, nobody but root may change it.
    const mode = fs.statSync(path.join(app, "kernel", "launch.js")).mode;
    assert.equal(mode & 0o044, 0o044, "readable by others");
    assert.equal(mode & 0o022, 0, "not writable by others");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

test("a student's server start copies the missing lecture notebooks and never touches the student's own", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "alr-seed-"));
  try {
    const release = path.join(dir, "release");
    const lectures = path.join(dir, "home", "lectures");
    fs.mkdirSync(release);
    fs.writeFileSync(path.join(release, "01.ipynb"), "released 1");
    fs.writeFileSync(path.join(release, "02.ipynb"), "released 2");
    fs.writeFileSync(path.join(release, ".hidden"), "not copied");
    const seed = (): string[] => {
      const run = spawnSync(PYTHON, ["-c", "import sys, json; sys.path.insert(0, sys.argv[1]); import student_server; print(json.dumps(student_server.seed(sys.argv[2], sys.argv[3])))", path.join(repoRoot, "deploy"), release, lectures], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      return JSON.parse(run.stdout);
    };
    assert.deepEqual(seed(), ["01.ipynb", "02.ipynb"]);
    fs.writeFileSync(path.join(lectures, "01.ipynb"), "the student's work");
    fs.rmSync(path.join(lectures, "02.ipynb"));
    fs.writeFileSync(path.join(release, "03.ipynb"), "released 3");
    assert.deepEqual(seed(), ["02.ipynb", "03.ipynb"], "a deleted notebook comes back, a new one appears");
    assert.equal(fs.readFileSync(path.join(lectures, "01.ipynb"), "utf8"), "the student's work");
    assert.deepEqual(fs.readdirSync(lectures).sort(), ["01.ipynb", "02.ipynb", "03.ipynb"], "no temporary files left");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the kernel is registered for every user with --prefix; bad options are named", () => {
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), "alr-prefix-"));
  try {
    const register = path.join(repoRoot, "kernel", "register.js");
    const ok = spawnSync(process.execPath, [register, "--prefix", prefix], { encoding: "utf8" });
    assert.equal(ok.status, 0, ok.stderr);
    const spec = JSON.parse(fs.readFileSync(path.join(prefix, "share", "jupyter", "kernels", "adaptive-lr", "kernel.json"), "utf8"));
    assert.equal(spec.argv[1], path.join(repoRoot, "kernel", "start.sh"));
    const both = spawnSync(process.execPath, [register, "--system", "--prefix", prefix], { encoding: "utf8" });
    assert.equal(both.status, 2);
    assert.match(both.stderr, /choose one of --user, --system and --prefix/);
  } finally {
    fs.rmSync(prefix, { recursive: true, force: true });
  }
});

test("hub:load refuses a class size out of range, naming the option and its range", () => {
  const run = spawnSync(process.execPath, [loadScript, "--students", "0"], { encoding: "utf8" });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--students 0: takes an integer in 1\.\.40/);
});

test("a class of two on a real JupyterHub: notebook 2 runs with its figures, a killed kernel and a hub restart are survived, students are isolated, and everything is removed after", { skip: hubMissing() ?? false, timeout: 600_000 }, () => {
  const before = new Set(runDirs());
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "alr-load-"));
  const json = path.join(out, "report.json");
  let run: SpawnSyncReturns<string>;
  let reportText = "null";
  try {
    run = spawnSync(process.execPath, [loadScript, "--students", "2", "--json", json], { encoding: "utf8", timeout: 580_000 });
    if (fs.existsSync(json)) reportText = fs.readFileSync(json, "utf8");
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const report = JSON.parse(reportText);

  assert.equal(report.ok, true);
  assert.equal(report.perStudent.length, 2);
  for (const s of report.perStudent) {
    assert.ok(s.figures >= 1, `${s.student} saw plotly figures (${s.figures})`);
    assert.equal(s.exerciseErrors, 1, "the only error is the unanswered exercise's check");
    assert.deepEqual(s.hubRestart, { server_kept: true, same_kernel: true }, `${s.student} went on in the same kernel after the hub restart`);
    assert.deepEqual(s.respawn, { edit_kept: true, deleted_notebook_back: true });
    assert.deepEqual(s.isolation.otherHomesReadable, [], "no other student's home or notebook is readable");
    assert.deepEqual(s.isolation.leaks, [], "no solution or hidden test in anything the server can read");
    assert.ok(s.isolation.scanned > 100, `the search read the install and the home (${s.isolation.scanned} files)`);
    assert.ok(s.peakRssBytes > 50 * 1024 ** 2 && s.processes >= 2, "server and kernel were measured");
  }
  assert.equal(report.faults.kernelKill.new_kernel, true);
  assert.equal(report.faults.kernelKill.notebook_survived, true);
  assert.equal(report.faults.hubRestart.studentsReconnected, 2);
  assert.ok(report.timeToFirstFigure.of === 2 && report.timeToFirstFigure.p95 >= report.timeToFirstFigure.p50);
  assert.ok(report.capacity.studentsPerMachine > 0 && report.capacity.machinesFor300 >= 1);
  assert.match(run.stdout, /capacity of one 24 GiB machine/);

  for (const s of report.perStudent) assert.ok(!userExists(s.student), `user ${s.student} removed`);
  assert.deepEqual(runDirs().filter((d) => !before.has(d)), [], "the run's folder is removed");
});

test("Ctrl-C during hub:load stops what it started and removes the users it made", { skip: hubMissing() ?? false, timeout: 300_000 }, async () => {
  const before = new Set(runDirs());
  const child = spawn(process.execPath, [loadScript, "--students", "1"], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  const users = await new Promise<string[]>((resolve, reject) => {
    child.stdout.on("data", (d) => {
      out += d;
      const m = /Unix users: (.+)\n/.exec(out);
      if (m && /JupyterHub up/.test(out)) resolve(m[1].split(", "));
    });
    child.on("exit", () => reject(new Error(`hub:load ended before the hub was up:\n${out}`)));
  });
  assert.ok(users.every(userExists), "the users exist while it runs");
  child.kill("SIGINT");
  const code = await new Promise((resolve) => child.on("exit", (c) => resolve(c)));
  assert.equal(code, 130, out);
  assert.match(out, /cleaned up: \d+ program\(s\) stopped, 1 of 1 user\(s\) removed/);
  for (const u of users) assert.ok(!userExists(u), `user ${u} removed`);
  assert.deepEqual(runDirs().filter((d) => !before.has(d)), []);
  const left = spawnSync("sh", ["-c", `ps -eo user:32,args | grep -E '^(${users.join("|")}) ' || true`], { encoding: "utf8" }).stdout.trim();
  assert.equal(left, "", "no process of the test users is left");
});
