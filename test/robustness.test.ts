// Stories that stay true: every lecture notebook declares the range of each knob in
// its parameters cell, and runs green (every claim holds) through `npm start -p` at
// both ends of every range at once and with two other seeds. A failure names the
// notebook, the values and the claim that broke.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const notebooksDir = path.join(repoRoot, "notebooks");

interface Declaration {
  name: string;
  initializer: string;
  kind?: string;
  range?: { low: number; high: number; integer: boolean };
  choices?: unknown[];
}
const parameters = require(path.join(repoRoot, "scripts", "lectures", "parameters.js")) as {
  notebookParameters(nb: unknown): Map<string, Declaration>;
  parseLiteral(text: string): unknown;
};

const lectures = fs.existsSync(notebooksDir) ? fs.readdirSync(notebooksDir).filter((f) => f.endsWith(".ipynb")).sort() : [];
const declarationsOf = (file: string) => parameters.notebookParameters(JSON.parse(fs.readFileSync(path.join(notebooksDir, file), "utf8")));

test("every lecture notebook declares each knob with its range, and its default lies inside", () => {
  assert.ok(lectures.length > 0, "notebooks/ holds the lectures");
  for (const file of lectures) {
    const declarations = [...declarationsOf(file).values()];
    assert.ok(declarations.length > 0, `${file}: a cell tagged "parameters" with one-line declarations`);
    for (const d of declarations) {
      const value = parameters.parseLiteral(d.initializer);
      assert.notEqual(value, undefined, `${file}: ${d.name} = ${d.initializer} is a plain literal`);
      if (typeof value === "number") {
        assert.ok(d.range, `${file}: ${d.name} declares "range: LOW .. HIGH"`);
        assert.ok(value >= d.range.low && value <= d.range.high, `${file}: ${d.name} = ${value} lies in ${d.range.low} .. ${d.range.high}`);
        if (d.range.integer) assert.ok(Number.isInteger(value), `${file}: ${d.name} is an integer`);
      } else if (typeof value === "boolean" || typeof value === "string") {
        assert.ok(d.choices?.includes(value), `${file}: ${d.name} declares "one of: …" including its default`);
      }
    }
  }
});

test("every code line of a lecture notebook fits the page: at most 100 characters", () => {
  for (const file of lectures) {
    const nb = JSON.parse(fs.readFileSync(path.join(notebooksDir, file), "utf8")) as { cells: { cell_type: string; id: string; source: string[] | string }[] };
    for (const cell of nb.cells.filter((c) => c.cell_type === "code")) {
      const source = Array.isArray(cell.source) ? cell.source.join("") : cell.source;
      for (const line of source.split("\n")) assert.ok([...line].length <= 100, `${file}, cell ${cell.id}: ${[...line].length} characters: ${line}`);
    }
  }
});

interface Result {
  notebook: string;
  label: string;
  parameters: Record<string, string>;
  ok: boolean;
  claims: number;
  reason: string;
}
const { checkNotebooks, parametersText } = require(path.join(repoRoot, "scripts", "lectures", "robustness.js")) as {
  checkNotebooks(files: string[], options: { includeDefaults: boolean; jobs: number }): Promise<Result[]>;
  parametersText(parameters: Record<string, string>): string;
};

// The defaults run in lectures.test.ts; here the ends of the ranges and other seeds,
// two runs at a time (the machine has two cores, and each run is one kernel).
test("each notebook's claims hold at both ends of every range and for other seeds", async (t) => {
  const results = await checkNotebooks(lectures.map((f) => path.join(notebooksDir, f)), { includeDefaults: false, jobs: 2 });
  assert.ok(results.length >= 2 * lectures.length, "every notebook is run at least at its two corners");
  for (const r of results) {
    const values = parametersText(r.parameters);
    await t.test(`${r.notebook}, ${r.label}: ${values}`, () => {
      assert.ok(r.ok, `${r.notebook} with ${values} (${r.label}) fails:\n${r.reason}`);
      assert.ok(r.claims > 0, `${r.notebook} with ${values}: its claims were recorded`);
    });
  }
});
