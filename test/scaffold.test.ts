// `npm run new`: the scaffolded notebook follows the notebook standard, runs green at its
// defaults, at both ends of its ranges and with other seeds, records its derivation in
// the claims ledger, and releases to students. Real Jupyter and tslab.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const newJs = path.join(repoRoot, "scripts", "new.js");
// Inside the repo, as notebooks/ is: `import … from "adaptive-lr"` resolves the same way.
fs.mkdirSync(path.join(repoRoot, ".build"), { recursive: true });
const work = fs.mkdtempSync(path.join(repoRoot, ".build", "scaffold-test-"));
after(() => fs.rmSync(work, { recursive: true, force: true }));

interface Cell {
  cell_type: string;
  id: string;
  source: string[];
  metadata: { tags?: string[]; nbgrader?: Record<string, unknown> };
  outputs?: { data?: Record<string, unknown> }[];
}
const read = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as { cells: Cell[]; nbformat: number; nbformat_minor: number };
const text = (c: Cell) => c.source.join("");

const { checkNotebooks } = require(path.join(repoRoot, "scripts", "lectures", "robustness.js")) as {
  checkNotebooks(files: string[], options: { includeDefaults: boolean; jobs: number }): Promise<{ label: string; ok: boolean; reason: string; claims: number }[]>;
};

const nb = (dir: string, ...args: string[]) => spawnSync(process.execPath, [newJs, ...args, "--dir", dir], { encoding: "utf8" });

test("npm run new writes a notebook with every part of the standard, and never overwrites", () => {
  const dir = path.join(work, "notebooks");
  const r = nb(dir, "07-my-topic", "My topic");
  assert.equal(r.status, 0, r.stderr);
  const file = path.join(dir, "07-my-topic.ipynb");
  const notebook = read(file);
  assert.deepEqual([notebook.nbformat, notebook.nbformat_minor], [4, 5]);
  const ids = notebook.cells.map((c) => c.id);
  assert.equal(new Set(ids).size, ids.length, "cell ids are unique");
  const all = notebook.cells.map(text).join("\n");
  assert.match(text(notebook.cells[0]), /^# My topic\n\n\*\*What you will see\.\*\*[\s\S]*\*\*Lecture points\.\*\*/);
  assert.match(all, /from "adaptive-lr"/);
  assert.match(all, /loadPlotly\(\)/);
  const parameters = notebook.cells.filter((c) => c.metadata.tags?.includes("parameters"));
  assert.equal(parameters.length, 1);
  assert.match(text(parameters[0]), /range: .+ \.\. .+, integer/);
  for (const part of [/claim\(/, /show\(contourPlot/, /derivation\(/, /## What we saw/, /## Exercise/, /BEGIN SOLUTION/, /BEGIN HIDDEN TESTS/]) {
    assert.match(all, part);
  }
  assert.ok(notebook.cells.some((c) => c.metadata.nbgrader?.solution === true));
  assert.ok(notebook.cells.some((c) => c.metadata.nbgrader?.grade === true && c.metadata.nbgrader?.points === 2));
  for (const c of notebook.cells.filter((cell) => cell.cell_type === "code")) {
    for (const line of text(c).split("\n")) assert.ok(line.length <= 100, `a code line over 100 characters: ${line}`);
    assert.ok(text(c).split("\n").length <= 15, `cell ${c.id} is at most 15 lines`);
  }

  const before = fs.readFileSync(file, "utf8");
  const again = nb(dir, "07-other", "Other");
  assert.equal(again.status, 1);
  assert.match(again.stderr, /07-my-topic\.ipynb already has the number 07: choose another, nothing was written/);
  assert.equal(fs.readFileSync(file, "utf8"), before);
  assert.equal(fs.existsSync(path.join(dir, "07-other.ipynb")), false);
  for (const bad of [["7-x", "T"], ["07_x", "T"], ["07-X", "T"], ["08-x", " "], ["08-x"]]) {
    const refused = nb(dir, ...bad);
    assert.equal(refused.status, 2, bad.join(" "));
    assert.match(refused.stderr, /usage: npm run new/);
  }
});

test("the scaffolded notebook runs green at its defaults, both ends of its ranges and other seeds, and releases", async () => {
  const dir = path.join(work, "green");
  assert.equal(nb(dir, "07-double-well", "A double well").status, 0);
  const file = path.join(dir, "07-double-well.ipynb");
  const results = await checkNotebooks([file], { includeDefaults: true, jobs: 2 });
  assert.deepEqual(results.map((r) => r.label), ["defaults", "every range at its low end", "every range at its high end", "other seed", "other seed"]);
  for (const r of results) assert.ok(r.ok && r.claims >= 5, `${r.label}: ${r.reason}`);

  // The ledger holds the derivation's steps; the page shows them as aligned LaTeX.
  const site = path.join(work, "site");
  const run = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "lectures.js"), file, "--out", site], { encoding: "utf8" });
  assert.equal(run.status, 0, run.stdout + run.stderr);
  const ledger = JSON.parse(fs.readFileSync(path.join(site, "claims.json"), "utf8"));
  const steps = ledger.claims.filter((c: { statement: string }) => c.statement.startsWith("One update never crosses the saddle, step"));
  assert.equal(steps.length, 2);
  assert.ok(steps.every((c: { holds: boolean; figures: { method: string } }) => c.holds && c.figures.method === "numeric"));
  assert.match(fs.readFileSync(path.join(site, "07-double-well.html"), "utf8"), /\\begin\{aligned\}.*\\checkmark/);
  // Exercise checks count in the ledger, but their statements (hidden tests among them) do not appear.
  const checks = ledger.claims.filter((c: { exercise?: string }) => c.exercise === "safe-start-check");
  assert.equal(checks.length, 4);
  assert.doesNotMatch(JSON.stringify(ledger), /safeStart\(0\.5\)/);

  const out = path.join(work, "release");
  const release = spawnSync(process.execPath, [path.join(repoRoot, "scripts", "homework", "release.js"), file, "--out", out], { encoding: "utf8" });
  assert.equal(release.status, 0, release.stdout + release.stderr);
  const student = read(path.join(out, "07-double-well.ipynb")).cells.map(text).join("\n");
  assert.doesNotMatch(student, /BEGIN HIDDEN TESTS|Math\.sqrt\(1 \+ 1 \/ \(4 \* eta\)\)/);
  assert.match(student, /function safeStart\(eta: number\): number \{[\s\S]*not implemented yet: safe-start/);
});
