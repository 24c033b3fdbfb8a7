// Homework mode: `npm run release` (student versions) and `npm run grade`
// (autograder), through the real command lines, real Jupyter and the real
// kernel. Most cases use the small course notebook in test/homework/course
// (two exercises); one test releases and grades a real lecture notebook.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const courseDir = path.join(repoRoot, "test", "homework", "course");
const courseNotebook = path.join(courseDir, "01-steps.ipynb");
const homeworkDir = path.join(repoRoot, "scripts", "homework");

interface Cell {
  id?: string;
  cell_type: string;
  source: string | string[];
  metadata: { nbgrader?: { solution?: boolean; grade?: boolean; grade_id?: string; points?: number; checksum?: string } } & Record<string, unknown>;
  outputs?: unknown[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
}
interface Grade {
  gradeId: string;
  cell: string;
  points: number;
  earned: number | null;
  status: string;
  reason: string | null;
}
interface StudentReport {
  student: string;
  earned: number;
  max: number;
  status: string;
  notebooks: { notebook: string; status: string; reason: string | null; grades: Grade[]; failedCells: { id: string; status: string }[]; tampered: string[] }[];
  problems: string[];
}

const { readHomework } = require(path.join(homeworkDir, "markers.js")) as {
  readHomework(nb: unknown, name: string): { items: { gradeId: string; points: number }[] };
};
const { stubCode } = require(path.join(homeworkDir, "stub.js")) as {
  stubCode(source: string, regions: { begin: number; end: number; indent: string }[], gradeId: string): { source: string; warnings: string[] };
};
const { findRegions } = require(path.join(homeworkDir, "markers.js")) as {
  findRegions(source: string, at: string, problems: string[]): { solution: { begin: number; end: number; indent: string }[] };
};

const text = (cell: Cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
const readNotebook = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
const writeNotebook = (file: string, nb: Notebook | string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, typeof nb === "string" ? nb : JSON.stringify(nb, null, 1) + "\n");
};
const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/** Every file under `dir` with its hash: a folder that must not change. */
function snapshot(dir: string, out: Record<string, string> = {}, root = dir): Record<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) snapshot(full, out, root);
    else out[path.relative(root, full)] = sha256(full);
  }
  return out;
}

function node(script: string, args: string[], timeoutMs = 600_000) {
  const started = Date.now();
  const run = spawnSync(process.execPath, [path.join(homeworkDir, script), ...args], { cwd: repoRoot, encoding: "utf8", timeout: timeoutMs });
  return { ...run, seconds: (Date.now() - started) / 1000, all: `${run.stdout}\n${run.stderr}` };
}

/** A scratch folder inside the repo, so notebooks executed from it still resolve "adaptive-lr". */
function scratch(): string {
  fs.mkdirSync(path.join(repoRoot, ".build"), { recursive: true });
  return fs.mkdtempSync(path.join(repoRoot, ".build", "homework-"));
}

/** A submission made from the student version: some answer cells rewritten, some deleted. */
function submission(released: Notebook, answers: Record<string, string>, deleted: string[] = []): Notebook {
  const nb = structuredClone(released);
  nb.cells = nb.cells.filter((cell) => !deleted.includes(cell.id ?? ""));
  for (const cell of nb.cells) if (cell.id && answers[cell.id] !== undefined) cell.source = answers[cell.id];
  return nb;
}

const gradesOf = (report: StudentReport) => Object.fromEntries(report.notebooks[0].grades.map((g) => [g.gradeId, g]));

test("release: solutions become stubs that keep signatures, hidden tests and outputs go, ids stay, the instructor's notebook is untouched", () => {
  const dir = scratch();
  try {
    const instructor = readNotebook(courseNotebook);
    // an executed instructor notebook, to see outputs cleared
    const executed = structuredClone(instructor);
    for (const cell of executed.cells.filter((c) => c.cell_type === "code")) {
      cell.outputs = [{ output_type: "stream", name: "stdout", text: "ran\n" }];
      cell.execution_count = 7;
    }
    const source = path.join(dir, "course", "01-steps.ipynb");
    writeNotebook(source, executed);
    const before = [sha256(courseNotebook), sha256(source)];

    const run = node("release.js", [source, "--out", path.join(dir, "release")]);
    assert.equal(run.status, 0, run.all);
    const released = readNotebook(path.join(dir, "release", "01-steps.ipynb"));

    assert.deepEqual(released.cells.map((c) => c.id), instructor.cells.map((c) => c.id), "cell ids kept, in order");
    assert.deepEqual((released.metadata as { homework?: unknown }).homework, { source: "01-steps.ipynb" });
    for (const cell of released.cells.filter((c) => c.cell_type === "code")) {
      assert.deepEqual(cell.outputs, [], `outputs of ${cell.id} cleared`);
      assert.equal(cell.execution_count, null);
    }
    let answers = 0;
    let hidden = 0;
    instructor.cells.forEach((original, i) => {
      const cell = released.cells[i];
      const meta = original.metadata.nbgrader;
      const { checksum, ...nbgrader } = (cell.metadata.nbgrader ?? {}) as Record<string, unknown>;
      assert.deepEqual({ ...cell.metadata, ...(cell.metadata.nbgrader ? { nbgrader } : {}) }, original.metadata, `metadata of ${original.id} kept`);
      // locked cells carry nbgrader's checksum of what the student is given
      assert.equal(typeof checksum === "string", Boolean(meta?.grade), `checksum of ${original.id}`);
      if (meta?.solution) {
        answers++;
        assert.doesNotMatch(text(cell), /BEGIN SOLUTION|END SOLUTION/);
        assert.ok(text(cell).includes(`throw new Error("not implemented yet: ${meta.grade_id}");`), text(cell));
        // the signature the student must implement is still there
        const signature = text(original).split("\n").find((line) => line.startsWith("function "));
        assert.ok(signature && text(cell).includes(signature), `${original.id} keeps "${signature}"`);
        const solutionLines = text(original).split("\n").filter((l) => l.trim() && !l.includes("SOLUTION") && !l.startsWith("function ") && l.trim() !== "}");
        for (const line of solutionLines) assert.ok(!text(cell).includes(line.trim()), `solution line "${line.trim()}" removed from ${original.id}`);
      } else if (meta?.grade && text(original).includes("BEGIN HIDDEN TESTS")) {
        hidden++;
        const visible = text(original).slice(0, text(original).indexOf("// BEGIN HIDDEN TESTS")).trimEnd();
        assert.equal(text(cell), visible, `${original.id}: the visible tests, and nothing else`);
      } else {
        assert.equal(text(cell), text(original), `${original.id} released as written`);
      }
    });
    assert.equal(answers, 2, "the course notebook has two answer cells");
    assert.equal(hidden, 2, "and two tests cells with hidden tests");

    const refused = node("release.js", [source, "--out", path.dirname(source)]);
    assert.equal(refused.status, 2, refused.all);
    assert.match(refused.stderr, /would overwrite the source notebook/);
    assert.deepEqual([sha256(courseNotebook), sha256(source)], before, "instructor notebooks untouched");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("markers: mistakes are named with the cell; a top-level solution region keeps what later code needs to compile", () => {
  const marked = (source: string, nbgrader: Record<string, unknown>) => ({
    nbformat: 4,
    cells: [{ id: "ex", cell_type: "code", source, metadata: { nbgrader: { schema_version: 3, grade_id: "ex", ...nbgrader } }, outputs: [] }],
  });
  const solution = { solution: true, grade: false, locked: false, task: false };
  const tests = { solution: false, grade: true, locked: true, task: false, points: 1 };
  const problems = (nb: unknown) => {
    try {
      readHomework(nb, "n.ipynb");
      return "";
    } catch (err) {
      return (err as Error).message;
    }
  };
  assert.match(problems(marked("// BEGIN SOLUTION\nconst x = 1;", solution)), /n\.ipynb, cell "ex", line 1: "BEGIN SOLUTION" is never closed/);
  assert.match(problems(marked("// BEGIN MARK SCHEME\n// END MARK SCHEME", solution)), /unknown marker "BEGIN MARK SCHEME"/);
  assert.match(problems(marked("/* BEGIN SOLUTION */", solution)), /write the marker alone on its line/);
  assert.match(problems(marked("// BEGIN HIDDEN TESTS\n// END HIDDEN TESTS", solution)), /not a graded tests cell/);
  assert.match(problems(marked("claim()", { ...tests, point: 2 })), /unknown nbgrader key\(s\) "point"/);
  assert.match(problems(marked("claim()", { ...tests, points: undefined })), /points must be a number ≥ 0/);
  assert.match(problems(marked("claim()", { ...tests, schema_version: 1 })), /schema_version 1 is not supported/);
  assert.equal(problems(marked("claim()", tests)), "");

  const markdownAnswer = { nbformat: 4, cells: [{ id: "md", cell_type: "markdown", source: "x", metadata: { nbgrader: { grade_id: "md", ...solution } } }] };
  assert.match(problems(markdownAnswer), /markdown solution cell must also be a grade cell/);
  // nbgrader's manually graded cells are released (the answer replaced by its placeholder) and reported, never autograded
  const manual = {
    nbformat: 4,
    metadata: {},
    cells: [
      { id: "task", cell_type: "markdown", source: "Explain η.", metadata: { nbgrader: { grade_id: "task", task: true, points: 2 } } },
      { id: "essay", cell_type: "markdown", source: "η is the step size.", metadata: { nbgrader: { grade_id: "essay", solution: true, grade: true, points: 1 } } },
    ],
  };
  const { studentVersion } = require(path.join(homeworkDir, "student-version.js")) as {
    studentVersion(nb: unknown, name: string): { notebook: Notebook; homework: { items: { gradeId: string; kind: string }[] } };
  };
  const manualRelease = studentVersion(manual, "m.ipynb");
  assert.deepEqual(manualRelease.homework.items.map((i) => [i.gradeId, i.kind]), [["task", "task"], ["essay", "manual-answer"]]);
  assert.deepEqual(manualRelease.notebook.cells.map(text), ["Explain η.", "YOUR ANSWER HERE"]);

  const source = "let total = 0;\n// BEGIN SOLUTION\nconst eta: number = 0.125;\nconst [a, b] = [1, 2];\ntotal = eta * (a + b);\n// END SOLUTION\nconsole.log(total, eta, a);";
  const regions = findRegions(source, "cell", []).solution;
  const stub = stubCode(source, regions, "ex").source;
  assert.equal(
    stub,
    'let total = 0;\n// YOUR CODE HERE\ndeclare const eta: number;\ndeclare const a: any;\ndeclare const b: any;\nthrow new Error("not implemented yet: ex");\nconsole.log(total, eta, a);',
  );
  // knowing the later cells, the stub declares only what code after it uses: b would only name the solution's helper
  const { stubCode: stubWithLater } = require(path.join(homeworkDir, "stub.js")) as {
    stubCode(source: string, regions: unknown[], gradeId: string, later: string): { source: string };
  };
  assert.equal(
    stubWithLater(source, regions, "ex", "console.log(total);").source,
    'let total = 0;\n// YOUR CODE HERE\ndeclare const eta: number;\ndeclare const a: any;\nthrow new Error("not implemented yet: ex");\nconsole.log(total, eta, a);',
  );
});

test("grade: full marks, zero for the untouched release, partial marks, a loop stopped by the timeout, a deleted cell, a malformed file", (t) => {
  const dir = scratch();
  try {
    const release = node("release.js", [courseDir, "--out", path.join(dir, "release")]);
    assert.equal(release.status, 0, release.all);
    const released = readNotebook(path.join(dir, "release", "01-steps.ipynb"));
    const points = Object.fromEntries(readHomework(readNotebook(courseNotebook), "01-steps.ipynb").items.map((i) => [i.gradeId, i.points]));
    const full = points["step-check"] + points["sigma-check"];
    const step = "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta - eta * g;\n}";
    const sigma = "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt(gs.reduce((sum, g) => sum + g * g, 0) / gs.length);\n}";

    const submissions = path.join(dir, "submissions");
    fs.mkdirSync(path.join(submissions, "alice"), { recursive: true });
    fs.copyFileSync(courseNotebook, path.join(submissions, "alice", "01-steps.ipynb")); // the instructor's own answers
    writeNotebook(path.join(submissions, "bob", "01-steps.ipynb"), released); // handed back untouched
    // right step; a σ that passes the visible test (two gradients) and fails the hidden ones
    writeNotebook(path.join(submissions, "carol", "01-steps.ipynb"), submission(released, {
      step,
      sigma: "function rootMeanSquare(gs: number[]): number {\n  return Math.sqrt((gs[0] ** 2 + gs[1] ** 2) / 2);\n}",
    }));
    // a step that never returns (θ === θ holds for every number), and a right σ; 15 s per cell leaves a loaded
    // 2-core machine room for the first cell (kernel warm-up and the import), which takes about 5 s there
    writeNotebook(path.join(submissions, "dave", "01-steps.ipynb"), submission(released, {
      step: "function gradientStep(theta: number, g: number, eta: number): number {\n  while (theta === theta) theta -= 0;\n  return theta;\n}",
      sigma,
    }));
    writeNotebook(path.join(submissions, "01-steps-erin.ipynb"), JSON.stringify(released).slice(0, 400)); // cut short
    writeNotebook(path.join(submissions, "frank_01-steps.ipynb"), submission(released, { step }, ["sigma"]));
    const handedIn = snapshot(submissions);
    const instructorHash = sha256(courseNotebook);

    const out = path.join(dir, "grades");
    const run = node("grade.js", [submissions, "--source", courseDir, "--out", out, "--timeout", "15"]);
    assert.equal(run.status, 0, run.all);
    t.diagnostic(`grade of 6 students (5 executions, 1 restart): ${run.seconds.toFixed(1)} s`);

    const report = (student: string) => JSON.parse(fs.readFileSync(path.join(out, "students", `${student}.json`), "utf8")) as StudentReport;
    const alice = report("alice");
    assert.equal(alice.earned, full, JSON.stringify(alice, null, 1));
    assert.equal(alice.max, full);

    const bob = gradesOf(report("bob"));
    assert.equal(report("bob").earned, 0);
    for (const id of ["step", "sigma"]) {
      assert.equal(bob[`${id}-check`].status, "failed");
      assert.match(bob[`${id}-check`].reason ?? "", new RegExp(`not implemented yet: ${id}`));
    }

    const carol = gradesOf(report("carol"));
    assert.equal(carol["step-check"].earned, points["step-check"]);
    assert.equal(carol["sigma-check"].earned, 0);
    assert.match(carol["sigma-check"].reason ?? "", /claim does not hold: σ of one gradient is its size — σ = NaN/);

    const dave = gradesOf(report("dave"));
    assert.equal(dave["step-check"].status, "timeout");
    assert.match(dave["step-check"].reason ?? "", /no result after 15 s/);
    assert.equal(dave["sigma-check"].earned, points["sigma-check"], "graded in a fresh kernel after the loop");

    const erin = report("erin");
    assert.equal(erin.notebooks[0].status, "unreadable");
    assert.match(erin.notebooks[0].reason ?? "", /not valid JSON/);
    assert.equal(erin.earned, 0);

    const frank = gradesOf(report("frank"));
    assert.equal(frank["step-check"].earned, points["step-check"]);
    assert.equal(frank["sigma-check"].status, "missing");
    assert.equal(frank["sigma-check"].reason, "cell sigma missing");

    const csvText = fs.readFileSync(path.join(out, "summary.csv"), "utf8");
    assert.ok(csvText.startsWith("\uFEFF"), "a BOM, so spreadsheets read UTF-8");
    assert.deepEqual(csvText.slice(1).trim().split("\r\n"), [
      "student,step-check,sigma-check,total,status",
      `(max),${points["step-check"]},${points["sigma-check"]},${full},`,
      // alice handed in the instructor's notebook: full marks, and its check cells are not the ones released
      `alice,${points["step-check"]},${points["sigma-check"]},${full},tampered`,
      "bob,0,0,0,wrong",
      `carol,${points["step-check"]},0,${points["step-check"]},wrong`,
      `dave,0,${points["sigma-check"]},${points["sigma-check"]},timeout`,
      "erin,0,0,0,unreadable",
      `frank,${points["step-check"]},0,${points["step-check"]},missing`,
    ]);
    assert.deepEqual(alice.notebooks[0].tampered, ["locked cell step-check edited", "locked cell sigma-check edited"]);
    const summary = JSON.parse(fs.readFileSync(path.join(out, "summary.json"), "utf8")) as { max: number; students: { student: string; earned: number }[] };
    assert.equal(summary.max, full);
    assert.deepEqual(summary.students.map((s) => s.earned), [full, 0, points["step-check"], points["sigma-check"], 0, points["step-check"]]);
    assert.ok(fs.existsSync(path.join(out, "executed", "dave", "01-steps.ipynb")), "the executed notebook is kept for the instructor");

    assert.deepEqual(snapshot(submissions), handedIn, "submissions never modified, nothing written next to them");
    assert.equal(sha256(courseNotebook), instructorHash, "instructor notebook untouched");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a real lecture notebook: its release runs up to the first exercise, grades at zero, and the instructor's version at full marks", (t) => {
  const notebooksDir = path.join(repoRoot, "notebooks");
  const withExercises = fs
    .readdirSync(notebooksDir)
    .filter((name) => name.endsWith(".ipynb"))
    .sort()
    .find((name) => readNotebook(path.join(notebooksDir, name)).cells.some((c) => c.metadata.nbgrader?.grade));
  assert.ok(withExercises, "at least one lecture notebook has a graded exercise");
  const dir = scratch();
  try {
    const instructorFile = path.join(notebooksDir, withExercises);
    const instructorHash = sha256(instructorFile);
    const release = node("release.js", [instructorFile, "--out", path.join(dir, "release")]);
    assert.equal(release.status, 0, release.all);
    const releasedFile = path.join(dir, "release", withExercises);

    const submissions = path.join(dir, "submissions");
    fs.mkdirSync(path.join(submissions, "instructor"), { recursive: true });
    fs.mkdirSync(path.join(submissions, "untouched"), { recursive: true });
    fs.copyFileSync(instructorFile, path.join(submissions, "instructor", withExercises));
    fs.copyFileSync(releasedFile, path.join(submissions, "untouched", withExercises));
    const out = path.join(dir, "grades");
    const run = node("grade.js", [submissions, "--source", notebooksDir, "--out", out, "--timeout", "60"]);
    assert.equal(run.status, 0, run.all);
    t.diagnostic(`grade of ${withExercises}, instructor and untouched release (2 executions): ${run.seconds.toFixed(1)} s`);

    const report = (student: string) => JSON.parse(fs.readFileSync(path.join(out, "students", `${student}.json`), "utf8")) as StudentReport;
    const instructor = report("instructor");
    assert.ok(instructor.max > 0);
    assert.equal(instructor.earned, instructor.max, JSON.stringify(instructor.notebooks[0].grades, null, 1));

    const untouched = report("untouched");
    assert.equal(untouched.earned, 0);
    for (const grade of untouched.notebooks[0].grades) assert.match(grade.reason ?? "", /not implemented yet/, grade.gradeId);

    // Before its first solution cell the graded copy is the release itself (same cells, same kernel), so
    // no failure there means the student version runs without error up to the first exercise.
    const released = readNotebook(releasedFile);
    const first = released.cells.findIndex((c) => c.metadata.nbgrader?.solution);
    const original = readNotebook(instructorFile);
    assert.deepEqual(released.cells.slice(0, first).map(text), original.cells.slice(0, first).map(text));
    const before = new Set(released.cells.slice(0, first).map((c) => c.id));
    const failedBefore = untouched.notebooks[0].failedCells.filter((c) => before.has(c.id));
    assert.deepEqual(failedBefore, [], "no cell before the first exercise failed");
    const executed = readNotebook(path.join(out, "executed", "untouched", withExercises));
    const ran = executed.cells.slice(0, first).filter((c) => c.cell_type === "code" && text(c).trim());
    assert.ok(ran.length > 0 && ran.every((c) => typeof c.execution_count === "number"), "every code cell before the first exercise ran");
    assert.equal(sha256(instructorFile), instructorHash, "instructor notebook untouched");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("gradebook: calls merge by student, --resume skips who is done, any student id works, lone files get a report, a cell that lost its id is still found", (t) => {
  const dir = scratch();
  try {
    const release = node("release.js", [courseDir, "--out", path.join(dir, "release")]);
    assert.equal(release.status, 0, release.all);
    const released = readNotebook(path.join(dir, "release", "01-steps.ipynb"));
    const step = "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta - eta * g;\n}";
    const class1 = path.join(dir, "class");
    // a student id that is also the name of a class file; an answer cell whose id and metadata an editor dropped
    const lost = submission(released, { step });
    const stepCell = lost.cells.find((c) => c.id === "step")!;
    stepCell.id = "3f1c";
    stepCell.metadata = {};
    writeNotebook(path.join(class1, "Summary", "01-steps.ipynb"), lost);
    writeNotebook(path.join(class1, "ana", "01-steps.ipynb"), released);
    const out = path.join(dir, "grades");
    const first = node("grade.js", [class1, "--source", courseDir, "--out", out, "--timeout", "30", "--jobs", "2"]);
    assert.equal(first.status, 0, first.all);
    const row = (student: string) => fs.readFileSync(path.join(out, "summary.csv"), "utf8").split("\r\n").find((l) => l.startsWith(`${student},`));
    assert.equal(row("Summary"), "Summary,2,0,2,wrong", "the step cell found by what it declares");
    assert.equal(row("ana"), "ana,0,0,0,wrong");
    assert.ok(fs.existsSync(path.join(out, "feedback", "Summary.html")));

    // one student again, alone, from a loose file: the others' rows stay
    const loose = path.join(dir, "late", "ana_01-steps.ipynb");
    writeNotebook(loose, submission(released, { step }));
    const second = node("grade.js", [loose, "--source", courseDir, "--out", out, "--timeout", "30"]);
    assert.equal(second.status, 0, second.all);
    assert.equal(row("ana"), "ana,2,0,2,wrong", "ana's row updated");
    assert.equal(row("Summary"), "Summary,2,0,2,wrong", "Summary's row kept");

    // a lone file whose name and content match no notebook: a report that says so, not a usage error
    const stray = path.join(dir, "stray", "homework.ipynb");
    writeNotebook(stray, { cells: [], metadata: {}, nbformat: 4, nbformat_minor: 5 } as unknown as Notebook);
    const third = node("grade.js", [stray, "--source", courseDir, "--out", out]);
    assert.equal(third.status, 0, third.all);
    const strayReport = JSON.parse(fs.readFileSync(path.join(out, "students", "homework.json"), "utf8")) as StudentReport;
    assert.equal(strayReport.notebooks[0].status, "not submitted");
    assert.match(strayReport.problems.join("\n"), /match an instructor notebook/);
    assert.equal(row("homework"), "homework,0,0,0,missing");

    // --resume: who has a report is kept as is, who lost theirs is graded
    fs.rmSync(path.join(out, "students", "ana.json"));
    const resumed = node("grade.js", [class1, "--source", courseDir, "--out", out, "--timeout", "30", "--resume"]);
    assert.equal(resumed.status, 0, resumed.all);
    assert.match(resumed.stdout, /Summary: already graded \(--resume\), kept/);
    assert.match(resumed.stdout, /ana · 01-steps\.ipynb: 0\/5/);
    assert.doesNotMatch(resumed.stdout, /Summary · 01-steps/);
    assert.equal(row("ana"), "ana,0,0,0,wrong", "ana graded again, from the class folder");
    t.diagnostic(`gradebook: 4 grading calls in ${(first.seconds + second.seconds + third.seconds + resumed.seconds).toFixed(1)} s`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("validate: a student's notebook checked as the grader would, locked cells changed since the release named", () => {
  const dir = scratch();
  try {
    const release = node("release.js", [courseDir, "--out", path.join(dir, "release")]);
    assert.equal(release.status, 0, release.all);
    const released = readNotebook(path.join(dir, "release", "01-steps.ipynb"));
    const mine = submission(released, { step: "function gradientStep(theta: number, g: number, eta: number): number {\n  return theta - eta * g;\n}" });
    mine.cells.find((c) => c.id === "sigma-check")!.source = "claim('mine', true);";
    const file = path.join(dir, "mine.ipynb");
    writeNotebook(file, mine);
    const before = sha256(file);
    const run = node("validate.js", [file, "--timeout", "30"]);
    assert.equal(run.status, 1, run.all);
    assert.match(run.stdout, /graded as 01-steps\.ipynb; answer cells, by id: step, sigma/);
    assert.match(run.stdout, /step-check: visible checks pass/);
    assert.match(run.stdout, /locked cell sigma-check was changed since the release/);
    assert.match(run.stdout, /sigma-check: not checked: its cell was changed/);
    assert.match(run.stdout, /2\/5 points from the visible checks/);
    assert.equal(sha256(file), before, "the notebook is only read");
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("lectures site: hidden tests never published; --release publishes the student version, exercises shown but not run", () => {
  const dir = scratch();
  try {
    const lectures = path.join(repoRoot, "scripts", "lectures.js");
    const start = (args: string[]) => spawnSync(process.execPath, [lectures, courseNotebook, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 600_000 });
    const hiddenLine = 'claim("σ of one gradient is its size"';
    const solutionLine = "return theta - eta * g;";
    assert.ok(fs.readFileSync(courseNotebook, "utf8").includes(hiddenLine.replace(/"/g, '\\"')), "the course notebook has the hidden line");

    const full = start(["--out", path.join(dir, "site")]);
    assert.equal(full.status, 0, `${full.stdout}\n${full.stderr}`);
    for (const file of ["01-steps.html", "01-steps.ipynb"]) {
      const page = fs.readFileSync(path.join(dir, "site", file), "utf8");
      assert.ok(!page.includes("σ of one gradient is its size"), `${file}: no hidden test`);
      assert.ok(!page.includes("HIDDEN TESTS"), `${file}: no hidden markers`);
      assert.ok(page.includes("σ of (3, 4) is √12.5"), `${file}: the visible test is there`);
    }

    const student = start(["--release", "--out", path.join(dir, "site-release")]);
    assert.equal(student.status, 0, `${student.stdout}\n${student.stderr}`);
    const executed = readNotebook(path.join(dir, "site-release", "01-steps.ipynb"));
    const page = JSON.stringify(executed) + fs.readFileSync(path.join(dir, "site-release", "01-steps.html"), "utf8");
    assert.ok(!page.includes(solutionLine) && !page.includes("BEGIN SOLUTION"), "no solution");
    assert.ok(!page.includes("σ of one gradient is its size"), "no hidden test");
    assert.ok(page.includes("not implemented yet: step"), "the stub is shown");
    const first = executed.cells.findIndex((c) => c.id === "step");
    assert.ok(executed.cells.slice(0, first).some((c) => c.cell_type === "code" && (c.outputs ?? []).length > 0), "the lecture part ran");
    for (const cell of executed.cells.slice(first).filter((c) => c.cell_type === "code")) assert.equal(cell.execution_count, null, `${cell.id} not run`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a student's folder given alone is graded as in a class call: two files for one notebook are a duplicate, not a second student", () => {
  const dir = scratch();
  try {
    const bob = path.join(dir, "class", "bob");
    writeNotebook(path.join(bob, "01-steps.ipynb"), readNotebook(courseNotebook));
    writeNotebook(path.join(bob, "01-steps-copy.ipynb"), readNotebook(courseNotebook));
    for (const given of [path.join(dir, "class"), bob]) {
      const out = path.join(dir, given === bob ? "alone" : "all");
      const run = node("grade.js", [given, "--source", courseDir, "--out", out]);
      assert.equal(run.status, 0, run.all);
      assert.deepEqual(fs.readdirSync(path.join(out, "students")), ["bob.json"], `${given}: one student`);
      const report = JSON.parse(fs.readFileSync(path.join(out, "students", "bob.json"), "utf8")) as StudentReport;
      assert.equal(report.notebooks[0].status, "duplicate");
      assert.equal(report.status, "duplicate");
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
