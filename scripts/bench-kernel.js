#!/usr/bin/env node
"use strict";
// Kernel overhead and notebook times, for `npm run bench`.
// Overhead = a 1-cell notebook executed by `nbconvert --execute` minus the same
// nbconvert without execution (Python start-up and conversion cancel out).
// Measured for stock tslab (`tslab kernel`), this repo's kernel as Jupyter and
// VS Code start it (with and without its quick front, kernel/front.js), and as
// `npm start` starts it (ADAPTIVE_LR_KERNEL_DOCS=0); and a floor kernel that
// compiles nothing (scripts/bench-floor-kernel.js);
// the runs are interleaved so a busy machine slows all of them alike.
//   node scripts/bench-kernel.js [--runs N] [--no-notebooks]
require("../kernel/node-version").exitIfNodeTooOld();
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const { findJupyterPython, INSTALL_HINT } = require("../kernel/jupyter");
const { KERNEL_NAME, repoJupyterDir, writeKernelSpec, envWithRepoKernel } = require("../kernel/kernelspec");
const { ensureBuilt } = require("../kernel/fresh-build");
const { ensureSnapshots, snapshotFiles } = require("../kernel/snapshot");

const repoRoot = path.resolve(__dirname, "..");
const ONE_CELL = {
  cells: [{ cell_type: "code", id: "one", metadata: {}, execution_count: null, outputs: [], source: "const x: number = 1 + 1;\nx" }],
  metadata: { kernelspec: { name: KERNEL_NAME, display_name: "TypeScript", language: "typescript" } },
  nbformat: 4,
  nbformat_minor: 5,
};

/**
 * @typedef {{ label: string, kernel: string, env: Record<string, string> }} Variant
 * @typedef {{ label: string, median: number, min: number, runs: number[], startMedian: number, cpuMedian: number }} Overhead
 */

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function seconds(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

// Kernel start to first reply, and the CPU seconds the kernel process used by
// then (from /proc): CPU time barely moves when other programs load the machine.
const START_AND_CPU = `
import json, os, sys, time
from jupyter_client.manager import KernelManager
variants, rounds, cwd = json.loads(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
tick = os.sysconf("SC_CLK_TCK")
def cpu(pid):
    # The process and those it started (the kernel's front starts its back).
    try:
        fields = open("/proc/%d/stat" % pid).read().rsplit(")", 1)[1].split()
        own = (int(fields[11]) + int(fields[12])) / tick
        kids = open("/proc/%d/task/%d/children" % (pid, pid)).read().split()
    except OSError:
        return None
    return own + sum(cpu(int(k)) or 0 for k in kids)
samples = [{"wall": [], "cpu": []} for _ in variants]
for r in range(rounds + 1):
    for v, sample in zip(variants, samples):
        env = dict(os.environ, **v["env"])
        t = time.monotonic()
        km = KernelManager(kernel_name=v["kernel"])
        km.start_kernel(cwd=cwd, env=env)
        kc = km.client()
        try:
            kc.start_channels(); kc.wait_for_ready(timeout=120)
            reply = kc.execute("const x: number = 1 + 1;\\nx", reply=True, timeout=120)
            wall = time.monotonic() - t
            used = cpu(km.provisioner.process.pid)
        finally:  # never leave a kernel behind
            kc.stop_channels(); km.shutdown_kernel(now=True)
        if reply["content"]["status"] != "ok": sys.exit("kernel %s: %s" % (v["kernel"], reply["content"]))
        if r > 0:
            sample["wall"].append(wall)
            if used is not None: sample["cpu"].append(used)
print(json.dumps(samples))
`;

/**
 * A fresh folder for the bench's kernelspecs and notebook, inside the repo so
 * every kernel sees the node_modules/@types a lecture sees. .build/ does not
 * exist yet in a fresh clone (before `npm test`).
 * @param {string} [root] the repo
 */
function benchWorkDir(root = repoRoot) {
  fs.mkdirSync(path.join(root, ".build"), { recursive: true });
  return fs.mkdtempSync(path.join(root, ".build", "bench-kernel-"));
}

/**
 * Median kernel overhead (s) per kernel variant, interleaved over `runs` rounds.
 * @param {{ runs?: number, log?: (line: string) => void }} [options]
 * @returns {Promise<Overhead[]>}
 */
async function measureKernelOverhead({ runs = 5, log = () => {} } = {}) {
  const jupyter = findJupyterPython();
  if (!jupyter) throw new Error(INSTALL_HINT);
  // Build (or record the failure) now, so no kernel rebuilds while measured.
  const build = ensureBuilt();
  if (!build.ok) log(`warning: src/ does not build; measuring the kernel anyway\n${build.output}`);
  writeKernelSpec(repoJupyterDir);

  // Inside the repo, so every kernel sees the node_modules/@types a lecture sees.
  const work = fs.realpathSync(benchWorkDir());
  try {
    // The kernel starts from a start-up snapshot in folders that have one (notebooks/ does).
    await ensureSnapshots([work], { log });
    const stockDir = path.join(work, "jupyter", "kernels", "stock-tslab");
    fs.mkdirSync(stockDir, { recursive: true });
    const tslabBin = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "bin", "tslab");
    fs.writeFileSync(
      path.join(stockDir, "kernel.json"),
      JSON.stringify({ argv: [process.execPath, tslabBin, "kernel", "--config-path", "{connection_file}"], display_name: "stock tslab", language: "typescript" }),
    );
    const floorDir = path.join(work, "jupyter", "kernels", "floor");
    fs.mkdirSync(floorDir, { recursive: true });
    fs.writeFileSync(
      path.join(floorDir, "kernel.json"),
      JSON.stringify({ argv: [process.execPath, path.join(__dirname, "bench-floor-kernel.js"), "{connection_file}"], display_name: "floor", language: "typescript" }),
    );
    const notebook = path.join(work, "one.ipynb");
    fs.writeFileSync(notebook, JSON.stringify(ONE_CELL));
    const base = envWithRepoKernel();
    base.JUPYTER_PATH = [path.join(work, "jupyter"), base.JUPYTER_PATH].join(path.delimiter);

    /** @type {Variant[]} */
    const variants = [
      { label: "stock tslab (tslab kernel)", kernel: "stock-tslab", env: {} },
      { label: "adaptive-lr kernel, interactive", kernel: KERNEL_NAME, env: {} },
      { label: "adaptive-lr kernel, interactive, no front", kernel: KERNEL_NAME, env: { ADAPTIVE_LR_KERNEL_FRONT: "0" } },
      { label: "adaptive-lr kernel, npm start", kernel: KERNEL_NAME, env: { ADAPTIVE_LR_KERNEL_DOCS: "0" } },
      { label: "adaptive-lr kernel, npm start, no snapshot", kernel: KERNEL_NAME, env: { ADAPTIVE_LR_KERNEL_DOCS: "0", ADAPTIVE_LR_KERNEL_SNAPSHOT: "0" } },
      // The floor: Node and Jupyter's handshake, no compiler (scripts/bench-floor-kernel.js).
      { label: "floor: a kernel that compiles nothing", kernel: "floor", env: {} },
    ];
    const nbconvert = (extra, env) => {
      const run = spawnSync(jupyter.python, ["-m", "nbconvert", "--to", "notebook", ...extra, "--output-dir", work, "--output", "out", notebook], {
        cwd: work,
        env: { ...base, ...env },
        encoding: "utf8",
      });
      if (run.status !== 0) throw new Error(`nbconvert failed (exit ${run.status}):\n${run.stderr}`);
    };
    const startAndCpu = spawnSync(jupyter.python, ["-c", START_AND_CPU, JSON.stringify(variants), String(runs), work], {
      cwd: work,
      env: base,
      encoding: "utf8",
    });
    if (startAndCpu.status !== 0) throw new Error(`kernel start measurement failed:\n${startAndCpu.stderr}`);
    /** @type {{ wall: number[], cpu: number[] }[]} */
    const started = JSON.parse(startAndCpu.stdout.trim().split("\n").pop() ?? "[]");

    /** @type {number[][]} */
    const samples = variants.map(() => []);
    // One unmeasured round fills the code caches and the OS file cache.
    for (const v of variants) nbconvert(["--execute", `--ExecutePreprocessor.kernel_name=${v.kernel}`], v.env);
    for (let round = 0; round < runs; round++) {
      const plain = seconds(() => nbconvert([], {}));
      variants.forEach((v, i) => {
        const executed = seconds(() => nbconvert(["--execute", `--ExecutePreprocessor.kernel_name=${v.kernel}`], v.env));
        samples[i].push(executed - plain);
      });
      log(`round ${round + 1}/${runs}: ${samples.map((s) => s[round].toFixed(2)).join("  ")}`);
    }
    return variants.map((v, i) => ({
      label: v.label,
      median: median(samples[i]),
      min: Math.min(...samples[i]),
      runs: samples[i],
      startMedian: median(started[i].wall),
      cpuMedian: started[i].cpu.length ? median(started[i].cpu) : NaN,
    }));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(snapshotFiles(work).dir, { recursive: true, force: true });
  }
}

/**
 * Each notebook of notebooks/ executed by the runner (npm start), into a temporary folder.
 * @returns {Promise<{ name: string, seconds: number, status: string }[]>}
 */
async function measureNotebooks({ log = () => {} } = {}) {
  const { runLectures } = require("./lectures/run");
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "bench-lectures-"));
  try {
    const result = await runLectures(
      { selectors: [], out, timeout: 120, parameters: {}, sign: false, verbose: false, help: false },
      { log, write: () => {} },
    );
    return result.entries.map((e) => ({ name: e.name, seconds: e.seconds, status: e.status }));
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
}

/**
 * Measures both; the lead's bench calls this, then printBench (or uses the numbers).
 * @returns {Promise<{ overhead: Overhead[], lectures: { name: string, seconds: number, status: string }[], lecturesError?: string }>}
 */
async function benchKernel({ runs = 5, notebooks = true, log = () => {} } = {}) {
  const overhead = await measureKernelOverhead({ runs, log });
  if (!notebooks) return { overhead, lectures: [] };
  try {
    return { overhead, lectures: await measureNotebooks({ log }) };
  } catch (err) {
    return { overhead, lectures: [], lecturesError: err instanceof Error ? err.message : String(err) };
  }
}

function table(rows) {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c]) : String(cell).padStart(widths[c]))).join("  ")).join("\n");
}

function printBench({ overhead, lectures, lecturesError }) {
  console.log("\nKernel overhead: 1-cell notebook executed minus nbconvert without execution (median, min);");
  console.log("start to first reply, and the kernel's CPU seconds by then (medians)");
  console.log("(× stock: the ratio to stock tslab measured in the same run; the goal is an overhead ≤ 1.0 s)");
  const stock = overhead[0];
  const ratio = (value, base) => (Number.isFinite(value / base) ? `${(value / base).toFixed(2)}×` : "–");
  console.log(
    table([
      ["kernel", "overhead s", "× stock", "min s", "start→reply s", "kernel CPU s", "CPU × stock", "runs"],
      ...overhead.map((o) => [
        o.label,
        o.median.toFixed(2),
        ratio(o.median, stock.median),
        o.min.toFixed(2),
        o.startMedian.toFixed(2),
        o.cpuMedian.toFixed(2),
        ratio(o.cpuMedian, stock.cpuMedian),
        o.runs.length,
      ]),
    ]),
  );
  if (lectures.length > 0) {
    console.log("\nNotebooks (npm start, kernel start included)");
    console.log(table([["notebook", "s", "status"], ...lectures.map((l) => [l.name, l.seconds.toFixed(1), l.status])]));
  }
  if (lecturesError) console.log(`\nNotebooks not measured: ${lecturesError.split("\n").pop()}`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const runsAt = argv.indexOf("--runs");
  const runs = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
  if (!Number.isInteger(runs) || runs < 1 || runs > 50) {
    console.error(`--runs must be an integer in [1, 50], got "${argv[runsAt + 1]}"`);
    process.exit(2);
  }
  benchKernel({ runs, notebooks: !argv.includes("--no-notebooks"), log: (line) => console.error(line) })
    .then(printBench)
    .catch((err) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exitCode = 1;
    });
}

module.exports = { benchKernel, measureKernelOverhead, measureNotebooks, printBench, benchWorkDir };
