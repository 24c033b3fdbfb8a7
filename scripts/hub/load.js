#!/usr/bin/env node
"use strict";
// npm run hub:load [-- --students N --timeout S --json FILE]
//
// A class on a real JupyterHub, on 127.0.0.1 only: installs the course as a hub host would
// (deploy/install.js), makes N real Unix users, starts the proxy and JupyterHub with
// deploy/jupyterhub_config.py (a shared test password instead of the system's), and runs
// N simulated students (scripts/hub/students.py) who log in, start their server, run
// notebook 2 over the kernel's websocket and check its figures and claims. Meanwhile it
// kills one student's kernel mid-run and restarts the hub, samples every student's memory
// (server + kernel) and the hub's CPU, then prints the figures and the capacity they imply.
// Everything it started is stopped and every user and file it made removed, also on
// Ctrl-C, a failure or the deadline (--timeout).
require("../../kernel/node-version").exitIfNodeTooOld();
const { spawn, spawnSync } = require("child_process");
const crypto = require("crypto");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");
const { install } = require("../../deploy/install");
const { studentNames, createStudents, removeStudents, runDir, sweepAbandonedRuns } = require("./users");
const { procsOfUids, readProc } = require("./procfs");
const { instructorOnlyLines, notebooksOf } = require("./secrets");
const { percentile, studentsPerMachine, machinesFor, GiB } = require("./capacity");

const repoRoot = path.resolve(__dirname, "..", "..");
const PYTHON = "/usr/bin/python3";
const NOTEBOOK = "02-convex-valley.ipynb";
const RESEEDED = "03-adagrad-decay.ipynb";
const MAX_STUDENTS = 40;
const USAGE = `usage: npm run hub:load -- [--students N] [--timeout S] [--json FILE]
  --students N  simulated students, 1..${MAX_STUDENTS} (default 4)
  --timeout S   the whole run's limit in seconds, 60..7200 (default 300 + 60 per student)
  --json FILE   also write the figures as JSON`;

class UsageError extends Error {}

function parseArgs(argv) {
  const options = { students: 4, timeout: 0, json: "" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--students" || arg === "--timeout") {
      const n = Number(value);
      const [lo, hi] = arg === "--students" ? [1, MAX_STUDENTS] : [60, 7200];
      if (!Number.isInteger(n) || n < lo || n > hi) throw new UsageError(`${arg} ${value ?? ""}: takes an integer in ${lo}..${hi}`);
      options[arg.slice(2)] = n;
      i++;
    } else if (arg === "--json") {
      if (!value) throw new UsageError("--json needs a file");
      options.json = path.resolve(value);
      i++;
    } else throw new UsageError(`unknown option ${arg}`);
  }
  if (!options.timeout) options.timeout = 300 + 60 * options.students;
  return options;
}

/** What this needs, in one line each when missing. */
function missingPrerequisites() {
  const missing = [];
  if (process.getuid?.() !== 0) missing.push("root (it creates a Unix user per student)");
  for (const [bin, pkg] of [["jupyterhub", "jupyterhub"], ["configurable-http-proxy", "node-configurable-http-proxy"], ["useradd", "passwd"]]) {
    if (spawnSync("sh", ["-c", `command -v ${bin}`]).status !== 0) missing.push(`${bin} (Debian: apt-get install ${pkg})`);
  }
  if (spawnSync(PYTHON, ["-c", "import tornado, jupyterhub, notebook"]).status !== 0) missing.push(`${PYTHON} with jupyterhub and notebook`);
  return missing;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = /** @type {net.AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForHttp(url, seconds, expect = (code) => code < 500) {
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const code = await new Promise((resolve) => {
      const req = require("http").get(url, { timeout: 3000 }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", () => resolve(0));
      req.on("timeout", () => req.destroy());
    });
    if (code && expect(code)) return true;
    await sleep(300);
  }
  return false;
}

/** The processes this run started, and how to stop them; everything it made, and how to remove it. */
class Run {
  constructor(dir, log) {
    this.dir = dir;
    this.log = log;
    this.users = [];
    /** @type {{ name: string, child: import("child_process").ChildProcess, program: string }[]} */
    this.children = [];
    this.cleaned = false;
  }

  saveState() {
    const state = { pid: process.pid, users: this.users, started: this.children.map((c) => ({ pid: c.child.pid, program: c.program })) };
    fs.writeFileSync(path.join(this.dir, "state.json"), JSON.stringify(state));
  }

  /** Starts a program in its own process group, its output into the run's folder. */
  start(name, program, args, options) {
    if (this.cleaned) throw new Error(`not starting ${name}: the run is over`);
    const out = fs.openSync(path.join(this.dir, `${name}.log`), "a");
    const child = spawn(program, args, { ...options, detached: true, stdio: ["ignore", out, out] });
    fs.closeSync(out);
    this.children.push({ name, child, program: path.basename(program) });
    this.saveState();
    return child;
  }

  async stop(child, graceSeconds = 10) {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    try {
      process.kill(-(/** @type {number} */ (child.pid)), "SIGTERM");
    } catch {
      return;
    }
    const done = await Promise.race([exited.then(() => true), sleep(graceSeconds * 1000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), "SIGKILL");
      } catch {
        // gone
      }
      await Promise.race([exited, sleep(2000)]);
    }
  }

  /** Stops everything started, removes every user and file made. Safe to call twice. */
  cleanup() {
    if (this.cleaned) return;
    this.cleaned = true;
    for (const { child } of this.children) {
      try {
        process.kill(-(/** @type {number} */ (child.pid)), "SIGKILL");
      } catch {
        // already stopped
      }
    }
    const removed = removeStudents(this.users);
    fs.rmSync(this.dir, { recursive: true, force: true });
    this.log(`cleaned up: ${this.children.length} program(s) stopped, ${removed.length} of ${this.users.length} user(s) removed, ${this.dir} deleted`);
  }
}

/** Samples memory per student (all of their processes: server and kernels) and the hub's and proxy's CPU. */
class Sampler {
  constructor(students) {
    this.byUid = new Map(students.map((s) => [s.uid, { name: s.name, peakRss: 0, peakPss: 0, peakKernelRss: 0, peakServerRss: 0, procs: 0, cpu: new Map() }]));
    this.timer = null;
    this.samples = 0;
  }

  start(intervalMs = 1000) {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample() {
    this.samples++;
    const now = new Map();
    for (const p of procsOfUids(new Set(this.byUid.keys()))) {
      const s = /** @type {any} */ (this.byUid.get(p.uid));
      const m = now.get(p.uid) ?? { rss: 0, pss: 0, n: 0, kernel: 0, server: 0 };
      m.rss += p.rssKiB * 1024;
      if (p.cmd.includes("launch.js")) m.kernel += p.rssKiB * 1024;
      else m.server += p.rssKiB * 1024;
      m.pss += p.pssKiB * 1024;
      m.n++;
      now.set(p.uid, m);
      s.cpu.set(p.pid, p.cpuSeconds); // last seen CPU time of each process, killed ones included
    }
    for (const [uid, m] of now) {
      const s = /** @type {any} */ (this.byUid.get(uid));
      s.peakRss = Math.max(s.peakRss, m.rss);
      s.peakPss = Math.max(s.peakPss, m.pss);
      s.peakKernelRss = Math.max(s.peakKernelRss, m.kernel);
      s.peakServerRss = Math.max(s.peakServerRss, m.server);
      s.procs = Math.max(s.procs, m.n);
    }
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  perStudent() {
    return [...this.byUid.values()].map((s) => ({
      student: s.name,
      peakRssBytes: s.peakRss,
      peakPssBytes: s.peakPss,
      peakKernelRssBytes: s.peakKernelRss,
      peakServerRssBytes: s.peakServerRss,
      processes: s.procs,
      cpuSeconds: [...s.cpu.values()].reduce((a, b) => a + b, 0),
    }));
  }
}

/** CPU seconds of a started program's process (the hub restarts: summed over its lives). */
class CpuMeter {
  constructor() {
    this.done = 0;
    this.pid = 0;
    this.last = 0;
    this.peakRss = 0;
  }

  follow(pid) {
    this.done += this.last;
    this.pid = pid;
    this.last = 0;
  }

  sample() {
    const p = this.pid ? readProc(this.pid) : null;
    if (p) {
      this.last = p.cpuSeconds;
      this.peakRss = Math.max(this.peakRss, p.rssKiB * 1024);
    }
  }

  total() {
    return this.done + this.last;
  }
}

async function loadTest(options, log = console.log) {
  const missing = missingPrerequisites();
  if (missing.length) {
    const err = new Error(`hub:load needs ${missing.join("; ")}`);
    /** @type {any} */ (err).code = "PREREQUISITES";
    throw err;
  }
  const started = Date.now();
  const deadline = started + options.timeout * 1000;
  sweepAbandonedRuns(log);
  const run = new Run(runDir(), log);
  const onSignal = (signal) => {
    log(`\n${signal}: stopping the hub and the students' servers, removing the test users`);
    run.cleanup();
    process.exit(130);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const overtime = setTimeout(() => {
    log(`--timeout ${options.timeout} s reached: stopping everything`);
    run.cleanup();
    process.exit(1);
  }, options.timeout * 1000 + 60_000); // the students' own deadline comes first; this is the backstop
  overtime.unref();
  try {
    return await conduct(run, options, deadline, log);
  } finally {
    clearTimeout(overtime);
    run.cleanup();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
  }
}

async function conduct(run, options, deadline, log) {
  const t0 = Date.now();
  const course = path.join(run.dir, "course");
  const { appDir, releaseDir, kernelData } = install({ out: course, system: false, kernelPrefix: null, link: true, warm: true }, () => {});
  log(`course installed for the hub in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${course}`);

  const names = studentNames(options.students);
  const students = createStudents(names, path.join(run.dir, "homes"), (made) => {
    run.users = [...made];
    run.saveState();
  });
  log(`${students.length} Unix users: ${names.join(", ")}`);

  const [publicPort, proxyApiPort, hubPort] = [await freePort(), await freePort(), await freePort()];
  const proxyToken = crypto.randomBytes(32).toString("hex");
  const password = crypto.randomBytes(12).toString("hex");
  const hubData = path.join(run.dir, "hub");
  fs.mkdirSync(hubData, { mode: 0o700 });
  const hubEnv = {
    ...process.env,
    CONFIGPROXY_AUTH_TOKEN: proxyToken,
    ADAPTIVE_LR_HOME: course,
    ADAPTIVE_LR_KERNELS: kernelData,
    ADAPTIVE_LR_HUB_DATA: hubData,
    ADAPTIVE_LR_HUB_IP: "127.0.0.1",
    ADAPTIVE_LR_HUB_PORT: String(publicPort),
    ADAPTIVE_LR_HUB_API_PORT: String(hubPort),
    ADAPTIVE_LR_PROXY_API: `http://127.0.0.1:${proxyApiPort}`,
    ADAPTIVE_LR_HUB_TEST_PASSWORD: password,
    ADAPTIVE_LR_HUB_STUDENTS: names.join(","),
  };
  // Debian's proxy finds its modules through Debian's node path, which a node from elsewhere lacks.
  const proxyEnv = { ...process.env, CONFIGPROXY_AUTH_TOKEN: proxyToken, NODE_PATH: ["/usr/share/nodejs", process.env.NODE_PATH].filter(Boolean).join(":") };
  const proxy = run.start("proxy", "/usr/bin/configurable-http-proxy", [
    "--ip", "127.0.0.1", "--port", String(publicPort), "--api-ip", "127.0.0.1", "--api-port", String(proxyApiPort),
    "--default-target", `http://127.0.0.1:${hubPort}`, "--error-target", `http://127.0.0.1:${hubPort}/hub/error`,
  ], { env: proxyEnv, cwd: hubData });
  const hubCpu = new CpuMeter();
  const proxyCpu = new CpuMeter();
  proxyCpu.follow(/** @type {number} */ (proxy.pid));
  const startHub = async () => {
    const hub = run.start("hub", "/usr/bin/jupyterhub", ["-f", path.join(repoRoot, "deploy", "jupyterhub_config.py")], { env: hubEnv, cwd: hubData });
    hubCpu.follow(/** @type {number} */ (hub.pid));
    if (!(await waitForHttp(`http://127.0.0.1:${publicPort}/hub/api/`, 90, (c) => c === 200))) {
      throw new Error(`JupyterHub did not answer in 90 s; its log: ${path.join(run.dir, "hub.log")}\n${tail(path.join(run.dir, "hub.log"))}`);
    }
    return hub;
  };
  let hub = await startHub();
  log(`proxy on 127.0.0.1:${publicPort}, JupyterHub up (API 127.0.0.1:${hubPort})`);

  const config = {
    hub: `http://127.0.0.1:${publicPort}`,
    password,
    students: names,
    notebook: `lectures/${NOTEBOOK}`,
    reseeded_notebook: `lectures/${RESEEDED}`,
    kill_kernel_of: names[0],
    kill_after_cell: killPoint(path.join(releaseDir, NOTEBOOK)),
    deadline: deadline / 1000,
    cell_timeout: 180,
    spawn_timeout: 240,
    max_requests: 600,
    arrival_interval: 0.5,
    readable_roots: [appDir, releaseDir, kernelData],
    secrets: instructorOnlyLines(notebooksOf(path.join(repoRoot, "notebooks")), notebooksOf(releaseDir)),
    instructor_notebooks: notebooksOf(path.join(repoRoot, "notebooks")),
  };
  const configFile = path.join(run.dir, "students.json");
  fs.writeFileSync(configFile, JSON.stringify(config), { mode: 0o600 });

  const sampler = new Sampler(students);
  const meterTimer = setInterval(() => {
    hubCpu.sample();
    proxyCpu.sample();
  }, 1000);
  sampler.start();
  const classStart = Date.now();
  const client = spawn(PYTHON, [path.join(__dirname, "students.py"), configFile], { stdio: ["pipe", "pipe", "pipe"], detached: true });
  run.children.push({ name: "students", child: client, program: "students.py" });
  run.saveState();
  let stderr = "";
  client.stderr.on("data", (d) => (stderr = (stderr + d).slice(-20000)));
  /** @type {any} */
  let result = null;
  const executing = new Set();
  let hubRestart = null;
  /** @type {Promise<void> | null} */
  let restarting = null;
  const lines = require("readline").createInterface({ input: /** @type {NodeJS.ReadableStream} */ (client.stdout) });
  lines.on("line", async (line) => {
    let event;
    try {
      event = JSON.parse(line);
    } catch {
      return;
    }
    if (event.event === "result") result = event;
    else if (event.event === "student_done") log(`  ${event.student}: ${event.ok ? "ok" : `FAILED: ${event.failures.join("; ")}`}`);
    else if (["first_figure", "kernel_killed", "kernel_recovered"].includes(event.event)) log(`  ${event.student}: ${event.event.replace("_", " ")} at ${event.seconds} s`);
    // The hub restarts once every student is running cells: they are all mid-notebook.
    if (event.event === "kernel_ready") executing.add(event.student);
    if (executing.size === names.length && !restarting) {
      restarting = (async () => {
        const down = Date.now();
        client.stdin?.write("hub-down\n");
        hubCpu.sample();
        await run.stop(hub);
        log(`  hub stopped while ${names.length} student(s) run their notebooks`);
        hub = await startHub();
        client.stdin?.write("hub-up\n");
        hubRestart = { downSeconds: (Date.now() - down) / 1000, atSeconds: (down - classStart) / 1000 };
        log(`  hub back after ${hubRestart.downSeconds.toFixed(1)} s`);
      })().catch((err) => log(`  hub restart failed: ${err instanceof Error ? err.message : String(err)}`));
    }
  });
  const code = await new Promise((resolve) => client.on("exit", (c) => resolve(c)));
  if (restarting) await restarting; // never leave a hub starting behind the cleanup
  const classSeconds = (Date.now() - classStart) / 1000;
  clearInterval(meterTimer);
  sampler.stop();
  hubCpu.sample();
  proxyCpu.sample();
  if (!result) throw new Error(`the simulated students stopped without a result (exit ${code}):\n${stderr.slice(-3000)}`);
  return summarise({ result, sampler, hubCpu, proxyCpu, classSeconds, hubRestart, options, names });
}

/** The code cell after the notebook's first figure-making half: where one student's kernel is killed. */
function killPoint(notebookFile) {
  const cells = JSON.parse(fs.readFileSync(notebookFile, "utf8")).cells;
  const code = cells.map((c, i) => (c.cell_type === "code" ? i : -1)).filter((i) => i >= 0);
  return code[Math.floor(code.length / 2)];
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

function summarise({ result, sampler, hubCpu, proxyCpu, classSeconds, hubRestart, options, names }) {
  const students = result.students;
  const memory = sampler.perStudent();
  const firstFigure = students.map((s) => s.events.first_figure).filter((v) => v !== undefined);
  const failures = students.filter((s) => !s.ok).map((s) => ({ student: s.student, failures: s.failures }));
  const perStudentRss = percentile(memory.map((m) => m.peakRssBytes), 95);
  const perStudentPss = percentile(memory.map((m) => m.peakPssBytes), 95);
  const reserved = 2 * GiB + hubCpu.peakRss + proxyCpu.peakRss; // the system, the hub and the proxy
  const perMachine = studentsPerMachine({ machineBytes: 24 * GiB, reservedBytes: reserved, perStudentBytes: perStudentRss });
  const killed = students.find((s) => s.kernel_kill);
  return {
    students: options.students,
    ok: failures.length === 0 && students.length === names.length && hubRestart !== null && killed !== undefined,
    failures,
    timeToFirstFigure: { p50: percentile(firstFigure, 50), p95: percentile(firstFigure, 95), of: firstFigure.length },
    classSeconds,
    perStudent: students.map((s) => ({
      student: s.student,
      ok: s.ok,
      events: s.events,
      figures: s.figures,
      exerciseErrors: s.exercise_errors,
      requests: s.requests,
      retries: s.retries,
      hubRestart: s.hub_restart,
      respawn: s.respawn,
      isolation: s.isolation && { otherHomesReadable: s.isolation.otherHomesReadable, leaks: s.isolation.leaks, scanned: s.isolation.scanned, instructorReadable: s.isolation.instructorReadable.length },
      ...memory.find((m) => m.student === s.student),
    })),
    memory: {
      peakRssP50: percentile(memory.map((m) => m.peakRssBytes), 50),
      peakRssP95: perStudentRss,
      peakPssP95: perStudentPss,
      kernelRssP95: percentile(memory.map((m) => m.peakKernelRssBytes), 95),
      serverRssP95: percentile(memory.map((m) => m.peakServerRssBytes), 95),
      hubPeakRss: hubCpu.peakRss,
      proxyPeakRss: proxyCpu.peakRss,
    },
    cpuPerStudent: { p50: percentile(memory.map((m) => m.cpuSeconds), 50), max: percentile(memory.map((m) => m.cpuSeconds), 100) },
    hubCpuSeconds: hubCpu.total(),
    proxyCpuSeconds: proxyCpu.total(),
    faults: {
      kernelKill: killed ? { student: killed.student, ...killed.kernel_kill } : null,
      hubRestart: hubRestart && { ...hubRestart, studentsReconnected: students.filter((s) => s.hub_restart?.same_kernel).length },
    },
    capacity: {
      machineGiB: 24,
      reservedBytes: reserved,
      perStudentBytes: perStudentRss,
      studentsPerMachine: perMachine,
      machinesFor300: machinesFor(300, perMachine),
    },
    conditions: { cores: os.cpus().length, loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))), memoryGiB: Number((os.totalmem() / GiB).toFixed(1)) },
  };
}

const MiB = (b) => `${(b / 1024 ** 2).toFixed(0)} MiB`;
const secs = (s) => (Number.isFinite(s) ? `${s.toFixed(1)} s` : "n/a");

function printReport(r, log = console.log) {
  log("");
  log(`class of ${r.students} on JupyterHub: ${r.ok ? "every student ok" : `${r.failures.length} student(s) FAILED`}`);
  for (const f of r.failures) log(`  ${f.student}: ${f.failures.join("; ")}`);
  log(`time to the first figure (login → first plotly figure of notebook 2): p50 ${secs(r.timeToFirstFigure.p50)}, p95 ${secs(r.timeToFirstFigure.p95)} (${r.timeToFirstFigure.of} of ${r.students})`);
  log(`whole class (log in, run notebook 2, isolation checks, server restart): ${secs(r.classSeconds)}`);
  log(`memory per student (server + kernel, peak): RSS p50 ${MiB(r.memory.peakRssP50)}, p95 ${MiB(r.memory.peakRssP95)}; PSS p95 ${MiB(r.memory.peakPssP95)}; of which the kernel ${MiB(r.memory.kernelRssP95)}, the server ${MiB(r.memory.serverRssP95)} (p95 each)`);
  log(`CPU per student (server + kernel, notebook 2 run once; the killed kernel's student twice): p50 ${secs(r.cpuPerStudent.p50)}, max ${secs(r.cpuPerStudent.max)}`);
  log(`hub: ${r.hubCpuSeconds.toFixed(1)} CPU s (${((100 * r.hubCpuSeconds) / r.classSeconds).toFixed(1)}% of one core over the class), peak RSS ${MiB(r.memory.hubPeakRss)}; proxy ${r.proxyCpuSeconds.toFixed(1)} CPU s`);
  const k = r.faults.kernelKill;
  if (k) log(`fault, kernel killed (${k.student}): back in ${secs(k.recovered_seconds)}, fresh kernel ${k.new_kernel}, saved notebook intact ${k.notebook_survived}`);
  const h = r.faults.hubRestart;
  if (!h) log("fault, hub restart: NOT exercised (not every student reached a running kernel)");
  if (!k) log("fault, kernel killed: NOT exercised");
  if (h) log(`fault, hub restarted at ${secs(h.atSeconds)}: down ${secs(h.downSeconds)}, ${h.studentsReconnected} of ${r.students} reconnected to the same kernel`);
  const kept = r.perStudent.filter((s) => s.respawn?.edit_kept).length;
  log(`edits kept across a server restart: ${kept} of ${r.students}; isolation: ${r.perStudent.filter((s) => s.isolation && !s.isolation.otherHomesReadable.length && !s.isolation.leaks.length).length} of ${r.students} saw no other home and no solution`);
  const readable = r.perStudent.find((s) => s.isolation?.instructorReadable);
  if (readable) log(`note: on this host the instructor's repo (notebooks/) is readable by students; on a hub host keep it out of their reach (chmod 700)`);
  log(`capacity of one 24 GiB machine, by memory (${MiB(r.capacity.reservedBytes)} kept for the system, hub and proxy; ${MiB(r.capacity.perStudentBytes)} per student): ${r.capacity.studentsPerMachine} students; 300 students: ${r.capacity.machinesFor300} machine(s)`);
  log(`measured on ${r.conditions.cores} cores, load average at the end ${r.conditions.loadAverageAtEnd.join(" ")}`);
}

async function main(argv) {
  let options;
  try {
    options = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`hub:load: ${err.message}\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    const report = await loadTest(options);
    printReport(report);
    if (options.json) fs.writeFileSync(options.json, JSON.stringify(report, null, 1) + "\n");
    return report.ok ? 0 : 1;
  } catch (err) {
    if (/** @type {any} */ (err).code === "PREREQUISITES") {
      console.error(/** @type {Error} */ (err).message);
      return 3;
    }
    console.error(`hub:load: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => process.exit(code));

module.exports = { parseArgs, loadTest, MAX_STUDENTS };
