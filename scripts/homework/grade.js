#!/usr/bin/env node
"use strict";
// npm run grade -- SUBMISSION ...: grades students' notebooks against the
// instructor's (see args.js for the options). Submissions are only read;
// reports go to --out (grades/ by default).
const fs = require("fs");
const path = require("path");
const { notebooksIn } = require("../lectures/select");
const { parseGradeArgs, GRADE_USAGE, UsageError } = require("./args");
const { readNotebook, notebookText, writeAtomically } = require("./files");
const { feedbackPage } = require("./feedback");
const { readHomework } = require("./markers");
const { discover } = require("./submissions");
const { gradedNotebook, GUARD_CELL_ID } = require("./assemble");
const { executeNotebooks } = require("./kernel");
const { scoreOutcome, zeroGrades, totals, studentStatus } = require("./score");
const { columnsFor, openGradebook, hasReport, writeStudent, writeExecuted, writeSummaries } = require("./report");
const { lockedChanges } = require("./tamper");
const { studentVersion } = require("./student-version");

const repoRoot = path.resolve(__dirname, "..", "..");

/** The instructor's notebooks with their markers; a notebook whose markers are wrong is kept with its error. */
function loadInstructor(source) {
  if (!fs.existsSync(source) || !fs.statSync(source).isDirectory()) throw new UsageError(`--source ${source} is not a folder`);
  return notebooksIn(source).map((file) => {
    const name = path.basename(file);
    const read = readNotebook(file);
    if (!read.ok) return { name, file, notebook: null, homework: null, error: read.reason };
    try {
      return { name, file, notebook: read.notebook, homework: readHomework(read.notebook, name), error: null };
    } catch (err) {
      return { name, file, notebook: read.notebook, homework: null, error: err instanceof Error ? err.message : String(err) };
    }
  });
}

function isInside(child, parent) {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Grades every submission; writes the reports.
 * @param {ReturnType<typeof parseGradeArgs>} options
 * @param {(line: string) => void} log
 * @returns {Promise<{ students: import("./report").StudentReport[], files: string[], environmentFailures: string[] }>}
 */
async function grade(options, log = console.log) {
  const instructor = loadInstructor(options.source);
  const out = path.resolve(options.out);
  if (isInside(out, options.source) || isInside(options.source, out)) {
    throw new UsageError(`--out ${out} must be apart from the instructor's notebooks (${options.source})`);
  }
  for (const given of options.submissions) {
    if (isInside(out, given) || isInside(given, out)) throw new UsageError(`--out ${out} must be apart from the submissions (${given}): reports never go next to them`);
  }
  const { submissions, students } = discover(
    options.submissions,
    instructor.map((nb) => ({ name: nb.name, answerIds: nb.homework ? nb.homework.answers.map((a) => a.id) : [] })),
  );
  const byName = new Map(instructor.map((nb) => [nb.name, nb]));
  const broken = [...new Set(submissions.map((s) => s.notebook).filter((name) => name && byName.get(name).error))];
  if (broken.length > 0) {
    throw new Error(broken.map((name) => `the instructor's ${name} cannot be graded against:\n  ${byName.get(name).error.split("\n").join("\n  ")}`).join("\n"));
  }
  const autograded = instructor.filter((nb) => nb.homework && nb.homework.items.some((item) => item.kind === "tests"));
  let graded = autograded.filter((nb) => submissions.some((s) => s.notebook === nb.name));
  // files that match no notebook still get their students a report saying so, as in a class call
  if (graded.length === 0 && students.length > 0) graded = autograded;
  if (graded.length === 0) throw new UsageError(`no submitted notebook matches an instructor notebook with exercises in ${options.source}`);

  const columns = columnsFor(graded);
  const book = openGradebook(out, options.source, columns);
  const resumed = new Set(options.resume ? students.filter((student) => hasReport(out, student)) : []);
  for (const student of resumed) log(`${student}: already graded (--resume), kept`);

  /** @type {Map<string, import("./report").StudentReport>} */
  const reports = new Map(students.filter((s) => !resumed.has(s)).map((student) => [student, { student, earned: 0, max: 0, status: "ok", notebooks: [], problems: [] }]));
  const jobs = [];
  for (const submission of submissions) {
    const report = reports.get(submission.student);
    if (!report) continue;
    if (submission.notebook === null) report.problems.push(`${submission.file}: ${submission.how}`);
    else if (!graded.some((nb) => nb.name === submission.notebook)) {
      report.problems.push(`${submission.file}: ${submission.notebook} has no autograded exercises; not graded`);
    }
  }
  const pending = new Map([...reports.keys()].map((student) => [student, 0]));
  for (const report of reports.values()) {
    for (const nb of graded) {
      const files = submissions.filter((s) => s.student === report.student && s.notebook === nb.name).map((s) => s.file);
      const entry = { notebook: nb.name, file: files.length === 1 ? files[0] : null, status: "graded", reason: null, earned: 0, max: 0, seconds: null, restarts: 0, grades: [], failedCells: [], tampered: [] };
      report.notebooks.push(entry);
      const fail = (status, reason) => Object.assign(entry, { status, reason, grades: zeroGrades(nb.homework, reason) });
      if (files.length === 0) fail("not submitted", `no ${nb.name} in the submission`);
      else if (files.length > 1) fail("duplicate", `${files.length} files for ${nb.name} (${files.join(", ")}); keep one and grade again`);
      else {
        const read = readNotebook(files[0]);
        if (!read.ok) fail("unreadable", read.reason);
        else {
          const { notebook, missing, guard } = gradedNotebook(nb.notebook, nb.homework, read.notebook);
          entry.tampered = lockedChanges(nb.notebook, nb.name, read.notebook);
          const handout = notebookText(studentVersion(nb.notebook, nb.name).notebook); // the working folder's copy: what the student was given
          jobs.push({ report, entry, nb, missing, guard, item: { notebook: notebookText(notebook), workFiles: { [nb.name]: handout } } });
          pending.set(report.student, pending.get(report.student) + 1);
        }
      }
    }
  }

  const environmentFailures = [];
  const finishStudent = (report) => {
    for (const entry of report.notebooks) Object.assign(entry, totals(entry.grades));
    report.earned = report.notebooks.reduce((s, n) => s + n.earned, 0);
    report.max = report.notebooks.reduce((s, n) => s + n.max, 0);
    report.status = studentStatus(report);
    for (const entry of report.notebooks.filter((n) => n.status !== "graded")) log(`${report.student} · ${entry.notebook}: 0/${entry.max} — ${entry.status}: ${entry.reason}`);
    for (const problem of report.problems) log(`${report.student}: ${problem}`);
    writeStudent(out, book, report); // now, not at the end: a crash later loses nothing of this student
    writeSummaries(out, book);
    writeAtomically(path.join(out, "feedback", `${report.student}.html`), feedbackPage(report, byName));
  };
  for (const report of reports.values()) if (pending.get(report.student) === 0) finishStudent(report);
  await executeNotebooks(
    jobs.map((job) => job.item),
    {
      timeout: options.timeout,
      notebookTimeout: options.notebookTimeout,
      jobs: options.jobs,
      limits: { memoryMb: options.memory, diskMb: options.disk, cpuSeconds: options.notebookTimeout, outputMb: options.output, processes: options.processes },
      verbose: options.verbose,
      onDone: (index, outcome) => {
        const { report, entry, nb, missing, guard } = jobs[index];
        const { grades, failedCells } = scoreOutcome(nb.homework, outcome, missing, guard);
        Object.assign(entry, { grades, failedCells, seconds: outcome.seconds, restarts: outcome.restarts });
        if (outcome.executed) writeExecuted(out, report.student, nb.name, outcome.executed);
        // The cells before the first exercise are the instructor's: if they fail, the setup is broken, not the student.
        const firstAnswer = Math.min(...nb.homework.answers.map((a) => a.index));
        const setup = new Set([...nb.notebook.cells.slice(0, firstAnswer).map((cell) => cell.id), GUARD_CELL_ID]);
        const setupFailures = failedCells.filter((cell) => setup.has(cell.id));
        if (setupFailures.length > 0) {
          entry.reason = `cells before the first exercise failed (${setupFailures.map((c) => c.id).join(", ")}): ${setupFailures[0].reason}`;
          environmentFailures.push(`${report.student}, ${nb.name}: ${entry.reason}`);
        }
        if (outcome.runnerFailure) {
          entry.reason = outcome.runnerFailure.message;
          const studentRan = outcome.cells.some((cell) => cell.status !== "not run" && !setup.has(cell.id));
          if (outcome.runnerFailure.kind === "sandbox") entry.status = "tampered";
          else if (outcome.runnerFailure.kind === "watchdog") entry.status = "timeout";
          else if (outcome.runnerFailure.kind !== "replay" && !studentRan) environmentFailures.push(`${report.student}, ${nb.name}: ${outcome.runnerFailure.message}`);
        }
        if (outcome.outputTruncated) entry.problems = [`outputs beyond ${options.output} MB were dropped from the executed copy`];
        if (outcome.refusedForks) entry.problems = [...(entry.problems ?? []), `the submission tried to run more than ${options.processes} processes and threads at once; ${outcome.refusedForks} were refused`];
        const { earned, max } = totals(grades);
        const lost = grades.filter((g) => g.kind === "tests" && g.status !== "passed").map((g) => `${g.gradeId}: ${g.status}`);
        log(`${report.student} · ${nb.name}: ${earned}/${max} (${outcome.seconds.toFixed(1)} s${outcome.restarts ? `, ${outcome.restarts} restart(s)` : ""})${lost.length ? ` — ${lost.join(", ")}` : ""}`);
        pending.set(report.student, pending.get(report.student) - 1);
        if (pending.get(report.student) === 0) finishStudent(report);
      },
    },
  );
  const files = writeSummaries(out, book);
  return { students: [...reports.values()], files, environmentFailures };
}

async function main(argv) {
  let options;
  try {
    options = parseGradeArgs(argv, repoRoot);
    if (options.help) {
      console.log(GRADE_USAGE);
      return 0;
    }
    const started = Date.now();
    const { students, environmentFailures } = await grade(options);
    console.log(`${students.length} student(s) graded in ${((Date.now() - started) / 1000).toFixed(1)} s; reports in ${options.out} (summary.csv, summary.json, students/<student>.json)`);
    if (environmentFailures.length > 0) {
      console.error(`the kernel could not run some notebooks (not the students' fault; grade them again):\n  ${environmentFailures.join("\n  ")}`);
      return 1;
    }
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`grade: ${err.message}\n${GRADE_USAGE}`);
      return 2;
    }
    console.error(`grade: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

if (require.main === module) main(process.argv.slice(2)).then((code) => (process.exitCode = code));

module.exports = { grade };
