// The autograder against a mischievous class: one `npm run grade` run (two
// sandboxes at a time) over submissions that each try one attack on the real
// grader, through real bubblewrap, real Jupyter and the real tslab kernel.
// Each attack would earn points (or harm others) without its defence; with it,
// the attacker earns nothing they did not solve, and the others are graded as usual.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const courseDir = path.join(repoRoot, "test", "homework", "course");
const courseNotebook = path.join(courseDir, "01-steps.ipynb");
const homeworkDir = path.join(repoRoot, "scripts", "homework");

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  outputs?: { text?: string | string[]; ename?: string }[];
}
interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
}
interface Grade {
  gradeId: string;
  earned: number | null;
  status: string;
  reason: string | null;
}
interface StudentReport {
  student: string;
  earned: number;
  max: number;
  status: string;
  notebooks: { status: string; reason: string | null; grades: Grade[]; tampered: string[] }[];
}

const readNotebook = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
const writeNotebook = (file: string, nb: Notebook) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
};
const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const outputText = (cell: Cell) => (cell.outputs ?? []).map((o) => (Array.isArray(o.text) ? o.text.join("") : o.text ?? "")).join("");

/** Runs a homework script without blocking the event loop (the test's TCP listener must answer meanwhile). */
function node(script: string, args: string[]): Promise<{ status: number | null; all: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(homeworkDir, script), ...args], { cwd: repoRoot });
    let all = "";
    child.stdout.on("data", (d) => (all += d));
    child.stderr.on("data", (d) => (all += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), 900_000);
    child.on("close", (status) => {
      clearTimeout(timer);
      resolve({ status, all, seconds: (Date.now() - started) / 1000 });
    });
  });
}

const RIGHT_STEP = "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta - eta * g;\n}";
const WRONG_STEP = "function gradientStep(theta: number, g: number, eta: number): number {\n  return 0;\n}";
const RIGHT_SIGMA = "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt(gs.reduce((sum, g) => sum + g * g, 0) / gs.length);\n}";
// right for one gradient only: passes every check of sigma only if Math.abs always says "close"
const ONE_SIGMA = "function rootMeanSquare(gs: number[]): number {\n  return gs.length === 1 ? Math.sqrt(gs[0] * gs[0]) : 0;\n}";

test("a class of attacks: each is graded on what it solved, nothing outside its sandbox changes, the others are graded as usual", async (t) => {
  fs.mkdirSync(path.join(repoRoot, ".build"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(repoRoot, ".build", "attacks-"));
  const listener = net.createServer((socket) => {
    connections++;
    socket.destroy();
  });
  let connections = 0;
  await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
  const port = (listener.address() as net.AddressInfo).port;
  try {
    // the course notebook with partial credit: σ's check in a visible part (1 point) and a hidden one (2 points)
    const course = path.join(dir, "course");
    const instructor = readNotebook(courseNotebook);
    const sigmaCheck = instructor.cells.find((c) => c.id === "sigma-check")!;
    const sigmaSource = (Array.isArray(sigmaCheck.source) ? sigmaCheck.source.join("") : sigmaCheck.source)
      .replace("claim(\"σ of (3, 4)", "// POINTS 1\nclaim(\"σ of (3, 4)")
      .replace("// BEGIN HIDDEN TESTS\n", "// BEGIN HIDDEN TESTS\n// POINTS 2\n");
    assert.match(sigmaSource, /POINTS 1[^]*BEGIN HIDDEN TESTS\n\/\/ POINTS 2/);
    sigmaCheck.source = sigmaSource;
    writeNotebook(path.join(course, "01-steps.ipynb"), instructor);
    const release = await node("release.js", [course, "--out", path.join(dir, "release")]);
    assert.equal(release.status, 0, release.all);
    const released = readNotebook(path.join(dir, "release", "01-steps.ipynb"));
    const submissions = path.join(dir, "submissions");
    const out = path.join(dir, "grades");
    const moduleFile = path.join(repoRoot, "src", "dist", "check", "claim.js");
    const guarded = [courseNotebook, moduleFile, path.join(repoRoot, "src", "dist", "index.js")].map((f) => [f, sha256(f)]);

    const hand = (student: string, answers: { step?: string; sigma?: string }, edit?: (nb: Notebook) => void) => {
      const nb = structuredClone(released);
      for (const cell of nb.cells) {
        if (cell.id === "step" && answers.step !== undefined) cell.source = answers.step;
        if (cell.id === "sigma" && answers.sigma !== undefined) cell.source = answers.sigma;
      }
      edit?.(nb);
      writeNotebook(path.join(submissions, student, "01-steps.ipynb"), nb);
    };
    // honest work, graded first and last around the attacks
    hand("aaron", { step: RIGHT_STEP, sigma: RIGHT_SIGMA });
    hand("zoe", { step: RIGHT_STEP, sigma: WRONG_STEP.replace("gradientStep(theta: number, g: number, eta: number)", "rootMeanSquare(gs: number[])") });
    // right for two gradients only: the visible part's point, not the hidden part's two
    hand("paula", { step: RIGHT_STEP, sigma: "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt((gs[0] ** 2 + gs[1] ** 2) / 2);\n}" });
    // a claim of their own that never throws
    hand("claim", { step: `${WRONG_STEP}\nfunction claim(..._: unknown[]): void {}`, sigma: ONE_SIGMA });
    // the kernel's own store of the names cells share
    hand("exports", { step: `${WRONG_STEP}\n(globalThis as any).__tslab__.exports.claim = () => {};`, sigma: ONE_SIGMA });
    // a built-in patched in the answer cell, and one patched by the answer while the check runs
    hand("builtins", { step: `${WRONG_STEP}\n(Math as any).abs = () => 0;\n(Array.prototype as any).every = () => true;`, sigma: ONE_SIGMA });
    hand("midcheck", {
      step: RIGHT_STEP,
      sigma: "function rootMeanSquare(gs: number[]): number {\n  (Math as any).abs = () => 0;\n  return gs.length === 1 ? Math.sqrt(gs[0] * gs[0]) : 0;\n}",
    });
    // a built-in changed for good: it cannot be put back
    hand("frozen", { step: `${RIGHT_STEP}\nObject.defineProperty(Math, "abs", { value: () => 0, writable: false, configurable: false });`, sigma: ONE_SIGMA });
    // the module itself, on disk and in memory
    hand("module", {
      step: `${WRONG_STEP}
const fs = require("fs");
const lib = require("adaptive-lr");
try { lib.claim = () => {}; } catch (err) { console.log("module in memory:", String(err)); }
try { fs.writeFileSync(${JSON.stringify(moduleFile)}, "exports.claim = () => {};"); console.log("MODULE WRITTEN"); } catch (err) { console.log("module on disk:", (err as any).code); }`,
      sigma: ONE_SIGMA,
    });
    // the instructor's notebook: read it and run its solution
    hand("reader", {
      step: WRONG_STEP,
      sigma: `const fs = require("fs");
const found: string[] = [];
for (const file of [${JSON.stringify(courseNotebook)}, ${JSON.stringify(path.join(course, "01-steps.ipynb"))}, "01-steps.ipynb"]) {
  try {
    const nb = JSON.parse(fs.readFileSync(file, "utf8"));
    for (const cell of nb.cells) { const text = [].concat(cell.source).join(""); if (text.includes("BEGIN SOLUTION") || text.includes("BEGIN HIDDEN")) found.push(file); }
  } catch (err) { console.log("cannot read", file, (err as any).code); }
}
console.log("SOLUTIONS FOUND:", found.length, "in", fs.readdirSync(".").join(" "));
${ONE_SIGMA}`,
    });
    // forgery: a report of its own, another student's executed copy and report
    hand("forger", {
      step: `${WRONG_STEP}
const fs = require("fs");
for (const file of [${JSON.stringify(path.join(out, "students", "outsider.json"))}, ${JSON.stringify(path.join(out, "executed", "aaron", "01-steps.ipynb"))}, ${JSON.stringify(path.join(submissions, "aaron", "01-steps.ipynb"))}]) {
  try { fs.mkdirSync(require("path").dirname(file), { recursive: true }); fs.writeFileSync(file, '{"earned": 999}'); console.log("FORGED", file); } catch (err) { console.log("cannot write", (err as any).code); }
}`,
    });
    // the network: a listener of the test's on the host's loopback
    hand("network", {
      step: `${RIGHT_STEP}
await new Promise((done) => {
  const socket = require("net").connect(${port}, "127.0.0.1", () => { console.log("CONNECTED"); done(0); });
  socket.on("error", (err: any) => { console.log("network:", err.code); done(0); });
});`,
    });
    // memory, disk and output
    hand("hog", {
      step: `${RIGHT_STEP}
const big = new Float64Array(4e8); // 3.2 GB
big[0] = 1;`,
      sigma: `const fs = require("fs");
try { fs.writeFileSync("filler", Buffer.alloc(100e6)); console.log("DISK FILLED"); } catch (err) { console.log("disk:", (err as any).code); }
console.log("x".repeat(3e6));
${RIGHT_SIGMA}`,
    });
    // the kernel's heap exhausted: V8 stops the kernel, a fresh one grades the rest
    hand("heap", { step: `${RIGHT_STEP}\nconst keep: number[][] = [];\nfor (;;) keep.push(new Array(1e6).fill(1.5));`, sigma: RIGHT_SIGMA });
    // a fork bomb, held back by the process cap; the rest of its notebook is graded as usual
    hand("forker", {
      step: `${RIGHT_STEP}
const children: any[] = [];
const refused: string[] = [];
for (let i = 0; i < 400; i++) {
  try {
    const child = require("child_process").spawn("sleep", ["60"]);
    child.on("error", (err: any) => refused.push(err.code));
    children.push(child);
  } catch (err) { refused.push((err as any).code); }
}
await new Promise((done) => setTimeout(done, 500));
for (const child of children) child.kill("SIGKILL");
console.log("FORKS REFUSED:", refused.length > 0 ? refused[0] : "none");`,
      sigma: RIGHT_SIGMA,
    });
    // the grading process killed from inside (every process above the cell's, whatever the
    // kernel is made of): the grader must neither hang nor lose the others
    hand("killer", {
      step: `${RIGHT_STEP}
const fs = require("fs");
const parentOf = (pid: number) => Number(fs.readFileSync(\`/proc/\${pid}/stat\`, "utf8").split(") ")[1].split(" ")[1]);
const above: number[] = [];
for (let pid = process.ppid; pid > 1; pid = parentOf(pid)) above.push(pid);
for (const pid of above) process.kill(pid, "SIGKILL");`,
      sigma: RIGHT_SIGMA,
    });
    // locked cells edited, deleted and added (the instructor's are graded all the same)
    hand("editor", { step: WRONG_STEP, sigma: RIGHT_SIGMA }, (nb) => {
      nb.cells.find((c) => c.id === "step-check")!.source = "// all good";
      nb.cells = nb.cells.filter((c) => c.id !== "sigma-check");
      nb.cells.push({ id: "mine", cell_type: "code", source: "1", metadata: { nbgrader: { grade: true, solution: false, grade_id: "mine", points: 99 } }, outputs: [] });
    });
    const handedIn = Object.fromEntries(fs.readdirSync(submissions).map((s) => [s, sha256(path.join(submissions, s, "01-steps.ipynb"))]));

    const run = await node("grade.js", [submissions, "--source", course, "--out", out, "--timeout", "30", "--jobs", "2", "--memory", "3072", "--disk", "64", "--output", "1", "--processes", "128"]);
    t.diagnostic(`grade of ${Object.keys(handedIn).length} submissions, 2 at a time: ${run.seconds.toFixed(1)} s`);
    assert.equal(run.status, 0, run.all);

    const report = (student: string) => JSON.parse(fs.readFileSync(path.join(out, "students", `${student}.json`), "utf8")) as StudentReport;
    const grades = (student: string) => Object.fromEntries(report(student).notebooks[0].grades.map((g) => [g.gradeId, g]));
    const executed = (student: string) => readNotebook(path.join(out, "executed", student, "01-steps.ipynb"));
    const output = (student: string, id: string) => outputText(executed(student).cells.find((c) => c.id === id)!);
    const earned = (student: string) => [grades(student)["step-check"].earned, grades(student)["sigma-check"].earned];

    assert.deepEqual(earned("aaron"), [2, 3], JSON.stringify(report("aaron")));
    assert.equal(report("aaron").status, "ok");
    assert.deepEqual(earned("zoe"), [2, 0]);
    assert.equal(report("zoe").status, "wrong");
    assert.deepEqual(earned("paula"), [2, 1], "partial credit: the visible part of σ's check");
    const paulaSigma = grades("paula")["sigma-check"] as Grade & { parts: { points: number; earned: number; hidden: boolean }[] };
    assert.equal(paulaSigma.status, "partial");
    assert.deepEqual(paulaSigma.parts.map((p) => [p.points, p.earned, p.hidden]), [[1, 1, false], [2, 0, true]]);
    assert.equal(fs.readFileSync(path.join(out, "summary.csv"), "utf8").split("\r\n").find((l) => l.startsWith("paula,")), "paula,2,1,3,wrong");
    // the page handed back: their code, the visible part's verdict, the hidden part only as "hidden check 1: failed"
    const feedback = fs.readFileSync(path.join(out, "feedback", "paula.html"), "utf8");
    assert.match(feedback, /return Math\.sqrt\(\(gs\[0\] \*\* 2 \+ gs\[1\] \*\* 2\) \/ 2\);/);
    assert.match(feedback, /part 1: passed \(1\/1\)/);
    assert.match(feedback, /hidden check 1: failed \(0\/2\)/);
    for (const secret of ["σ of one gradient", "rootMeanSquare([-2])", "HIDDEN", "σ = NaN"]) assert.ok(!feedback.includes(secret), `feedback does not show "${secret}"`);
    for (const student of ["claim", "exports", "builtins"]) assert.deepEqual(earned(student), [0, 0], `${student}: ${JSON.stringify(report(student).notebooks[0].grades)}`);
    assert.deepEqual(earned("midcheck"), [2, 0], JSON.stringify(report("midcheck").notebooks[0].grades));

    assert.deepEqual(earned("frozen"), [0, 0]);
    assert.equal(report("frozen").status, "tampered");
    assert.match(grades("frozen")["sigma-check"].reason ?? "", /cannot be put back/);

    assert.deepEqual(earned("module"), [0, 0]);
    assert.match(output("module", "step"), /module on disk: EROFS/);
    assert.doesNotMatch(output("module", "step"), /MODULE WRITTEN/);

    assert.deepEqual(earned("reader"), [0, 0]);
    assert.match(output("reader", "sigma"), /SOLUTIONS FOUND: 0 in 01-steps.ipynb\n/, "only the student version is in the working folder");
    assert.match(output("reader", "sigma"), new RegExp(`cannot read ${courseNotebook.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} ENOENT`));

    assert.deepEqual(earned("forger"), [0, 0]);
    // What counts is the host: inside the sandbox a write may land in its own tmpfs (when the
    // course lives under /tmp, as a CI clone may), which vanishes with it.
    assert.ok(!fs.existsSync(path.join(out, "students", "outsider.json")), "no forged report");
    for (const file of [path.join(out, "executed", "aaron", "01-steps.ipynb"), path.join(submissions, "aaron", "01-steps.ipynb")]) {
      assert.notEqual(fs.readFileSync(file, "utf8"), '{"earned": 999}', `${file} not overwritten`);
    }
    assert.deepEqual(earned("aaron"), [2, 3], "the others' results untouched");

    assert.match(output("network", "step"), /network: (ENETUNREACH|ECONNREFUSED)/);
    assert.equal(connections, 0, "nothing reached the host");
    assert.deepEqual(earned("network"), [2, 0]);

    assert.equal(grades("hog")["step-check"].status, "out of memory", JSON.stringify(report("hog").notebooks[0]));
    assert.equal(grades("hog")["step-check"].earned, 0);
    assert.match(output("hog", "sigma"), /disk: (ENOSPC|EFBIG)/);
    assert.equal(grades("hog")["sigma-check"].earned, 3, "the limits stop the hog, not the rest of its notebook");
    assert.ok(fs.statSync(path.join(out, "executed", "hog", "01-steps.ipynb")).size < 2e6, "outputs beyond --output are dropped");
    assert.equal(report("hog").status, "out of memory");

    assert.equal(grades("heap")["step-check"].status, "out of memory", JSON.stringify(report("heap").notebooks[0]));
    assert.match(grades("heap")["step-check"].reason ?? "", /ran out of memory/);
    assert.equal(grades("heap")["sigma-check"].earned, 3);

    assert.match(output("forker", "step"), /FORKS REFUSED: EAGAIN/, "the cap refused forks");
    assert.deepEqual(earned("forker"), [2, 3], "the cap stops the fork bomb, not the rest of its notebook");
    assert.match((report("forker").notebooks[0] as { problems?: string[] }).problems?.join(" ") ?? "", /more than 128 processes and threads at once; \d+ were refused/);

    assert.equal(report("killer").status, "tampered");
    assert.equal(report("killer").earned, 0);
    assert.match(report("killer").notebooks[0].reason ?? "", /killed it/);

    assert.deepEqual(earned("editor"), [0, 3], "graded with the instructor's check cells");
    assert.deepEqual(report("editor").notebooks[0].tampered, ["locked cell step-check edited", "locked cell sigma-check deleted", "check cell mine added"]);
    assert.equal(report("editor").status, "tampered");

    for (const [file, hash] of guarded) assert.equal(sha256(file), hash, `${file} untouched`);
    for (const [student, hash] of Object.entries(handedIn)) assert.equal(sha256(path.join(submissions, student, "01-steps.ipynb")), hash, `${student}'s submission untouched`);
    const csv = fs.readFileSync(path.join(out, "summary.csv"), "utf8").slice(1).trim().split("\r\n");
    assert.equal(csv.length, 2 + Object.keys(handedIn).length, "one row per student, after the header and the max row");
  } finally {
    listener.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
