// Stories that stay true: every lecture notebook declares the range of each knob in
// its parameters cell, and runs green (every claim holds) through `npm start -p` at
// both ends of every range at once and with two other seeds. A failure names the
// notebook, the values and the claim that broke.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const lecturesJs = path.join(repoRoot, "scripts", "lectures.js");
const notebooksDir = path.join(repoRoot, "notebooks");

interface Declaration {
  name: string;
  initializer: string;
  kind?: string;
  range?: { low: number; high: number; integer: boolean };
  choices?: unknown[];
}
interface Sample {
  label: string;
  parameters: Record<string, string>;
}
const parameters = require(path.join(repoRoot, "scripts", "lectures", "parameters.js")) as {
  notebookParameters(nb: unknown): Map<string, Declaration>;
  robustnessSample(declarations: Map<string, Declaration>): Sample[];
  parseLiteral(text: string): unknown;
};
const { envWithRepoKernel } = require(path.join(repoRoot, "kernel", "kernelspec.js")) as {
  envWithRepoKernel(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
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

interface Outcome {
  code: number | null;
  output: string;
  failure?: { kind: string; cell: number | null; firstLine: string; message: string };
  claims: number;
}

function runNotebook(file: string, values: Record<string, string>): Promise<Outcome> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "adaptive-lr-robust-"));
  const args = [lecturesJs, file.replace(/\.ipynb$/, ""), "--out", out, "--no-sign", "--timeout", "180"];
  for (const [name, value] of Object.entries(values)) args.push("-p", `${name}=${value}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: envWithRepoKernel(), stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("close", (code) => {
      let failure: Outcome["failure"];
      let claims = 0;
      try {
        const manifest = JSON.parse(fs.readFileSync(path.join(out, "lectures.json"), "utf8"));
        const entry = Object.values(manifest.notebooks as Record<string, { failure: Outcome["failure"]; claims?: unknown[] }>)[0];
        failure = entry?.failure ?? undefined;
        claims = entry?.claims?.length ?? 0;
      } catch {
        // no manifest: the run stopped before executing; its output says why
      }
      fs.rmSync(out, { recursive: true, force: true });
      resolve({ code, output, failure, claims });
    });
  });
}

const runs = lectures.flatMap((file) => parameters.robustnessSample(declarationsOf(file)).map((sample) => ({ file, sample })));

// Two at a time: the machine has two cores, and each run is one kernel.
test("each notebook's claims hold at both ends of every range and for other seeds", { concurrency: 2 }, async (t) => {
  assert.ok(runs.length > 0, "a robustness sample exists");
  for (const { file, sample } of runs) {
    const values = Object.entries(sample.parameters).map(([k, v]) => `${k}=${v}`).join(" ");
    t.test(`${file}, ${sample.label}: ${values}`, async () => {
      const r = await runNotebook(file, sample.parameters);
      const where = r.failure ? `cell ${r.failure.cell} (${r.failure.firstLine}): ${r.failure.message}` : r.output.slice(-3000);
      assert.equal(r.code, 0, `${file} with ${values} (${sample.label}) fails:\n${where}`);
      assert.ok(r.claims > 0, `${file} with ${values}: its claims were recorded`);
    });
  }
});
