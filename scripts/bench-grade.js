#!/usr/bin/env node
"use strict";
// npm run bench:grade [-- --students N --jobs J --timeout S]: grades a generated
// class of the course notebook (test/homework/course) through the real grader,
// sandboxes and kernel, and prints the wall time, the time per submission and
// what a class of 300 would take. One student in 20 loops forever (caught by
// --timeout, then a fresh kernel grades the rest); the others are right, wrong
// or half right, so every path of grading runs. Deterministic: student k's
// submission depends on k only.
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..");
const course = path.join(repoRoot, "test", "homework", "course");

function option(argv, flag, fallback, min, max) {
  const at = argv.indexOf(flag);
  if (at < 0) return fallback;
  const value = Number(argv[at + 1]);
  if (!Number.isInteger(value) || value < min || value > max) {
    console.error(`bench:grade: ${flag} must be a whole number in [${min}, ${max}], got "${argv[at + 1]}"`);
    process.exit(2);
  }
  return value;
}

const STEP = {
  right: "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta - eta * g;\n}",
  wrong: "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta + eta * g;\n}",
  loop: "function gradientStep(theta: number, g: number, eta: number): number {\n  while (theta === theta) theta -= 0;\n  return theta;\n}",
};
const SIGMA = {
  right: "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt(gs.reduce((sum, g) => sum + g * g, 0) / gs.length);\n}",
  wrong: "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt((gs[0] ** 2 + gs[1] ** 2) / 2);\n}",
};

function main(argv) {
  const students = option(argv, "--students", 40, 2, 2000);
  const jobs = option(argv, "--jobs", typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length, 1, 256);
  const timeout = option(argv, "--timeout", 20, 1, 600);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-grade-"));
  try {
    const release = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "homework", "release.js"), course, "--out", path.join(dir, "release")], { encoding: "utf8" });
    if (release.status !== 0) throw new Error(release.stderr || release.stdout);
    const released = JSON.parse(fs.readFileSync(path.join(dir, "release", "01-steps.ipynb"), "utf8"));
    let loops = 0;
    for (let k = 0; k < students; k++) {
      const loop = k % 20 === 7; // one in 20
      loops += loop ? 1 : 0;
      const nb = structuredClone(released);
      for (const cell of nb.cells) {
        if (cell.id === "step") cell.source = loop ? STEP.loop : k % 3 === 1 ? STEP.wrong : STEP.right;
        if (cell.id === "sigma") cell.source = k % 4 === 2 ? SIGMA.wrong : SIGMA.right;
      }
      const file = path.join(dir, "class", `s${String(k).padStart(4, "0")}`, "01-steps.ipynb");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(nb));
    }
    console.log(`grading ${students} submissions (${loops} loop forever) with --jobs ${jobs} --timeout ${timeout} …`);
    const started = Date.now();
    const run = spawnSync(
      process.execPath,
      [path.join(repoRoot, "scripts", "homework", "grade.js"), path.join(dir, "class"), "--source", course, "--out", path.join(dir, "grades"), "--jobs", String(jobs), "--timeout", String(timeout)],
      { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
    );
    const seconds = (Date.now() - started) / 1000;
    if (run.status !== 0) throw new Error(`grade exited ${run.status}:\n${run.stdout.slice(-2000)}\n${run.stderr.slice(-2000)}`);
    const reports = fs.readdirSync(path.join(dir, "grades", "students")).map((f) => JSON.parse(fs.readFileSync(path.join(dir, "grades", "students", f), "utf8")));
    const perSubmission = reports.flatMap((r) => r.notebooks.map((n) => n.seconds)).filter((s) => typeof s === "number");
    const honest = reports.filter((r) => !r.notebooks.some((n) => n.grades.some((g) => g.status === "timeout"))).flatMap((r) => r.notebooks.map((n) => n.seconds));
    const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const per300 = (seconds / students) * 300;
    console.log(`${students} submissions in ${seconds.toFixed(1)} s (wall), ${(seconds / students).toFixed(2)} s per submission with ${jobs} at a time`);
    console.log(`one sandbox, start to report: ${mean(honest).toFixed(1)} s for a submission that ends, ${mean(perSubmission).toFixed(1)} s over all (loops included)`);
    console.log(`300 submissions at this rate: ${(per300 / 60).toFixed(1)} min (goal ≤ 20 min)`);
    console.log(`${reports.length} reports; timeouts caught: ${reports.filter((r) => r.notebooks.some((n) => n.grades.some((g) => g.status === "timeout"))).length} of ${loops}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2));
