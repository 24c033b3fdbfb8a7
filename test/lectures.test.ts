// npm start (scripts/lectures.js): real Jupyter (nbclient, nbconvert,
// Notebook 6) and real tslab. One run over a temporary folder of notebooks
// covers success, type error, runtime error, timeout, kernel death, an
// unreadable file and parameters; then every notebook in notebooks/ runs.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const lecturesJs = path.join(repoRoot, "scripts", "lectures.js");

const { parseArgs } = require(path.join(repoRoot, "scripts", "lectures", "args.js")) as {
  parseArgs(argv: string[], root: string): { selectors: string[]; out: string; timeout: number; parameters: Record<string, string> };
};
const { selectNotebooks } = require(path.join(repoRoot, "scripts", "lectures", "select.js")) as {
  selectNotebooks(selectors: string[], dir: string, cwd?: string): string[];
};
const parametersModule = require(path.join(repoRoot, "scripts", "lectures", "parameters.js")) as {
  injectParameters(nb: Notebook, overrides: Record<string, string>, name?: string): { notebook: Notebook; applied: Record<string, string>; declared: string[] };
  checkOverridesUsed(overrides: Record<string, string>, notebooks: { name: string; applied: Record<string, string>; declared: string[] }[]): void;
};
const siteModule = require(path.join(repoRoot, "scripts", "lectures", "site.js")) as {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  claimsLedger(entries: any[]): { passed: number; failed: number; claims: unknown[] };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  indexPage(entries: any[]): string;
};
const { findJupyterPython } = require(path.join(repoRoot, "kernel", "jupyter.js")) as {
  findJupyterPython(): { python: string } | null;
};
const { envWithRepoKernel } = require(path.join(repoRoot, "kernel", "kernelspec.js")) as {
  envWithRepoKernel(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
};

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
}
interface Cell {
  cell_type: "code" | "markdown";
  id?: string;
  metadata: { tags?: string[]; trusted?: boolean };
  source: string | string[];
  outputs?: Output[];
  execution_count?: number | null;
}
interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

function code(source: string, tags?: string[]): Cell {
  return { cell_type: "code", metadata: tags ? { tags } : {}, source, outputs: [], execution_count: null };
}
function notebook(cells: Cell[]): Notebook {
  return {
    cells: cells.map((c, i) => ({ ...c, id: `cell-${i}` })),
    metadata: { kernelspec: { name: "adaptive-lr", display_name: "TypeScript (adaptive-lr)", language: "typescript" } },
    nbformat: 4,
    nbformat_minor: 5,
  };
}
const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));
const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const readNotebook = (file: string) => JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;

// ---------------------------------------------------------------- pure parts

test("options: --timeout and -p are checked, naming the option and its valid range", () => {
  const o = parseArgs(["03", "--timeout", "5", "-p", "eta=0.5", "--out=x"], repoRoot);
  assert.deepEqual([o.selectors, o.timeout, o.parameters, o.out], [["03"], 5, { eta: "0.5" }, path.resolve("x")]);
  assert.throws(() => parseArgs(["--timeout", "0"], repoRoot), /--timeout must be a number of seconds in \(0, 86400\], got "0"/);
  assert.throws(() => parseArgs(["--timeout"], repoRoot), /--timeout needs a value/);
  assert.throws(() => parseArgs(["-p", "1eta=2"], repoRoot), /-p expects NAME=VALUE/);
  assert.throws(() => parseArgs(["--fast"], repoRoot), /unknown option --fast/);
});

test("selection: name prefix, path prefix, folder or file; in name order; no match lists the notebooks", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "select-"));
  try {
    for (const name of ["02-b.ipynb", "01-a.ipynb", "10-c.ipynb", ".hidden.ipynb", "notes.txt"]) fs.writeFileSync(path.join(dir, name), "{}");
    const names = (paths: string[]) => paths.map((p) => path.basename(p));
    assert.deepEqual(names(selectNotebooks([], dir)), ["01-a.ipynb", "02-b.ipynb", "10-c.ipynb"]);
    assert.deepEqual(names(selectNotebooks(["0"], dir)), ["01-a.ipynb", "02-b.ipynb"]);
    assert.deepEqual(names(selectNotebooks(["10-c.ipynb", "01"], dir)), ["10-c.ipynb", "01-a.ipynb"]);
    assert.deepEqual(names(selectNotebooks([path.join(dir, "1")], dir, "/")), ["10-c.ipynb"]);
    assert.deepEqual(names(selectNotebooks([dir], "/nonexistent")), ["01-a.ipynb", "02-b.ipynb", "10-c.ipynb"]);
    assert.throws(() => selectNotebooks(["03"], dir), /no notebook matches "03"; notebooks in .*: 01-a.ipynb, 02-b.ipynb, 10-c.ipynb/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("parameters: the injected cell redeclares with the original keyword and type, after the parameters cell", () => {
  const source = notebook([
    code("// defaults\nconst eta: number = 0.1; // range: 0.01 .. 1\nlet optimizer = \"sgd\"; // one of: sgd | adam\nconst steps = 100; // range: 10 .. 1000, integer", ["parameters"]),
    code("console.log(eta)"),
  ]);
  const before = JSON.stringify(source);
  const { notebook: nb, applied, declared } = parametersModule.injectParameters(source, { eta: "0.5", optimizer: "adam", steps: "1_000", other: "1" });
  assert.equal(JSON.stringify(source), before, "the source object is not modified");
  assert.deepEqual(declared, ["eta", "optimizer", "steps"]);
  assert.deepEqual(applied, { eta: "0.5", optimizer: "adam", steps: "1_000" });
  assert.equal(nb.cells.length, 3);
  assert.deepEqual(nb.cells[1].metadata.tags, ["injected-parameters"]);
  assert.equal(
    text(nb.cells[1].source),
    '// Parameters injected by npm start (-p)\nconst eta: number = 0.5;\nlet optimizer = "adam";\nconst steps = 1000;',
  );
  // Injecting again replaces the injected cell rather than adding another.
  const again = parametersModule.injectParameters(nb, { eta: "0.7" }).notebook;
  assert.equal(again.cells.filter((c) => c.metadata.tags?.includes("injected-parameters")).length, 1);
  assert.match(text(again.cells[1].source), /const eta: number = 0\.7;/);

  assert.throws(
    () => parametersModule.checkOverridesUsed({ etta: "1" }, [{ name: "01-a", applied: {}, declared: ["eta", "steps"] }]),
    /-p etta: no selected notebook declares "etta" .*declared: 01-a: eta, steps/,
  );
});

test("parameters: a value is a literal of the declared type, inside the declared range, or it is refused by name", () => {
  const source = notebook([
    code("const eta = 0.1; // η; range: 0.01 .. 1\nconst updates = 300; // range: 100 .. 2000, integer\n" +
      "const decay = true; // one of: true | false\nconst label: string = \"run\";\nconst f = (x: number) => x;", ["parameters"]),
  ]);
  const refused: [Record<string, string>, RegExp][] = [
    [{ eta: "1.5" }, /-p eta=1\.5: out of range; eta in 01-a takes a number in 0\.01 \.\. 1$/],
    [{ eta: "-1" }, /out of range; eta in 01-a takes a number in 0\.01 \.\. 1/],
    [{ updates: "2.5" }, /-p updates=2\.5: not an integer; updates in 01-a takes an integer in 100 \.\. 2000$/],
    [{ updates: "1e9" }, /out of range/],
    [{ eta: 'x"; require("fs").writeFileSync("pwned", "")' }, /not a literal value/],
    [{ eta: "1; process.exit(1)" }, /not a literal value/],
    [{ eta: "Infinity" }, /not a literal value/],
    [{ eta: '"0.5"' }, /a string, but eta in 01-a takes a number/],
    [{ decay: "1" }, /a number, but decay in 01-a takes one of true, false/],
    [{ f: "(x) => 2 * x" }, /not a literal value/],
  ];
  for (const [overrides, message] of refused) {
    assert.throws(() => parametersModule.injectParameters(source, overrides, "01-a"), message, JSON.stringify(overrides));
  }
  const ok = parametersModule.injectParameters(source, { eta: "1e-2", updates: "2000", decay: "false", label: "my run" }, "01-a");
  assert.match(text(ok.notebook.cells[1].source), /const eta = 0\.01;\nconst updates = 2000;\nconst decay = false;\nconst label: string = "my run";/);
});

// ------------------------------------------------------- one real run, many cases

const work = fs.mkdtempSync(path.join(repoRoot, ".build", "lectures-test-"));
// Inside the repo, like notebooks/: `import … from "adaptive-lr"` resolves the same way.
const sources = path.join(work, "lectures");
const out = path.join(work, "site");
const dataDir = path.join(work, "jupyter-data"); // signatures go here, not into the user's data folder
const env = { ...process.env, JUPYTER_DATA_DIR: dataDir };
let run: { status: number | null; stdout: string; stderr: string; seconds: number };
let hashes: Map<string, string>;

before(() => {
  fs.mkdirSync(sources, { recursive: true });
  const write = (name: string, nb: Notebook) => fs.writeFileSync(path.join(sources, name), JSON.stringify(nb, null, 1));
  write(
    "01-parameters.ipynb",
    notebook([
      { cell_type: "markdown", metadata: {}, source: "# Parameters\n$\\eta^t = \\eta / \\sqrt{t}$" },
      code('const eta: number = 0.1;\nconst optimizer = "sgd";\nconst steps = 10;', ["parameters"]),
      code('import { version, claim } from "adaptive-lr";\nconsole.log(optimizer, eta * steps, typeof version);\nclaim("η is positive", eta > 0, { η: eta });'),
      code('import * as tslab from "tslab";\ntslab.display.html(\'<div id="plot">static</div><script>document.getElementById("plot").textContent = "script ran";</script>\');'),
    ]),
  );
  write("02-type-error.ipynb", notebook([code("const a = 1;"), code('let s: number = "text";\nconsole.log(s);'), code('console.log("not reached");')]));
  write("03-runtime-error.ipynb", notebook([code('throw new Error("θ diverged");')]));
  write("04-never-ends.ipynb", notebook([code('console.log("started");'), code("while (true) {}")]));
  write("05-kernel-dies.ipynb", notebook([code("process.exit(7);")]));
  write("06-after-failures.ipynb", notebook([code('console.log("still executed");')]));
  fs.writeFileSync(path.join(sources, "07-not-json.ipynb"), "{ this is not json");

  // Written for another kernel: runs anyway, with a warning naming both kernels.
  const python = readNotebook(path.join(sources, "03-runtime-error.ipynb"));
  python.metadata.kernelspec = { name: "python3", display_name: "Python 3 (ipykernel)", language: "python" };
  write("03-runtime-error.ipynb", python);

  // A previous run's good result of another notebook (its source elsewhere) must survive this
  // run; the result of a notebook whose source was deleted must not.
  const elsewhere = path.join(work, "elsewhere");
  fs.mkdirSync(elsewhere, { recursive: true });
  fs.writeFileSync(path.join(elsewhere, "00-previous.ipynb"), JSON.stringify(notebook([code("1")])));
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "00-previous.html"), "<p>previous good page</p>");
  fs.writeFileSync(path.join(out, "00-deleted.html"), "<p>a page of a notebook since deleted</p>");
  fs.writeFileSync(path.join(out, "00-deleted.ipynb"), "{}");
  const entry = (name: string, source: string) => ({
    name, source, status: "ok", seconds: 1, html: `${name}.html`, ipynb: `${name}.ipynb`,
    parameters: {}, failure: null, finishedAt: "2020-01-01T00:00:00.000Z",
  });
  fs.writeFileSync(
    path.join(out, "lectures.json"),
    JSON.stringify({
      notebooks: {
        "00-previous": entry("00-previous", path.relative(repoRoot, path.join(elsewhere, "00-previous.ipynb"))),
        "00-deleted": entry("00-deleted", path.relative(repoRoot, path.join(elsewhere, "00-deleted.ipynb"))),
      },
    }),
  );

  hashes = new Map(fs.readdirSync(sources).map((f) => [f, sha256(path.join(sources, f))]));
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [lecturesJs, sources, "--out", out, "--timeout", "20", "-p", "eta=0.5", "-p", "optimizer=adam"], {
    cwd: repoRoot,
    env,
    encoding: "utf8",
    timeout: 300_000,
  });
  run = { status: r.status, stdout: r.stdout, stderr: r.stderr, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
});

after(() => fs.rmSync(work, { recursive: true, force: true }));

test("a run with failing notebooks exits non-zero and reports each with its cell and message", () => {
  assert.equal(run.status, 1, `exit code\n${run.stdout}\n${run.stderr}`);
  const o = run.stdout;
  assert.match(o, /\[1\/7\] 01-parameters … \d+\.\d s\n/);
  assert.match(o, /\[2\/7\] 02-type-error … FAILED after \d+\.\d s\n\s+cell 2 of 3 \(let s: number = "text";\):\n\s+1:5 - Type 'string' is not assignable to type 'number'\./);
  assert.match(o, /\[3\/7\] 03-runtime-error … FAILED.*\n\s+cell 1 of 1 \(throw new Error\("θ diverged"\);\):\n[\s\S]*Error: θ diverged/);
  const warning = /warning: \S*03-runtime-error\.ipynb names the kernel "python3" \(Python 3 \(ipykernel\)\); running it under "adaptive-lr" \(TypeScript \(adaptive-lr\)\); its cells are python, so expect errors/;
  assert.match(o, warning, "a notebook for another kernel is named with both kernels, before anything runs");
  assert.ok(o.search(warning) < o.indexOf("[1/7]"));
  assert.doesNotMatch(o, /tslab[/\\]dist/, "kernel-internal stack frames are dropped");
  assert.match(o, /\[4\/7\] 04-never-ends … FAILED.*\n\s+cell 2 of 2 \(while \(true\) \{\}\) \[timeout\]:\n\s+no result after 20 s/);
  assert.match(o, /\[5\/7\] 05-kernel-dies … FAILED.*\n\s+cell 1 of 1 \(process\.exit\(7\);\) \[kernel died\]/);
  assert.match(o, /\[6\/7\] 06-after-failures … \d+\.\d s\n/);
  assert.match(o, /\[7\/7\] 07-not-json … FAILED: not a notebook/);
  assert.match(o, /5 of 7 failed \(02-type-error, 03-runtime-error, 04-never-ends, 05-kernel-dies, 07-not-json\)/);
});

test("no source notebook changes, and nothing is written beside them", () => {
  assert.deepEqual(new Map(fs.readdirSync(sources).map((f) => [f, sha256(path.join(sources, f))])), hashes);
});

test("good notebooks beside failing ones are executed and written, with zero errors", () => {
  for (const name of ["01-parameters", "06-after-failures"]) {
    const nb = readNotebook(path.join(out, `${name}.ipynb`));
    const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
    assert.equal(outputs.filter((o) => o.output_type === "error" || o.name === "stderr").length, 0, name);
    assert.deepEqual(nb.metadata.adaptive_lr && (nb.metadata.adaptive_lr as { status: string }).status, "ok");
    assert.ok(fs.statSync(path.join(out, `${name}.html`)).size > 0);
  }
  const after = readNotebook(path.join(out, "06-after-failures.ipynb"));
  assert.equal(text(after.cells[0].outputs?.[0].text), "still executed\n");
});

test("-p overrides the parameters cell (number and bare-word string), and adaptive-lr imports by name", () => {
  const nb = readNotebook(path.join(out, "01-parameters.ipynb"));
  assert.deepEqual(nb.cells[2].metadata.tags, ["injected-parameters"]);
  assert.equal(text(nb.cells[2].source), '// Parameters injected by npm start (-p)\nconst eta: number = 0.5;\nconst optimizer = "adam";');
  const printed = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.name === "stdout").map((o) => text(o.text));
  assert.deepEqual(printed, ["adam 5 string\n"]);
  assert.deepEqual((nb.metadata.adaptive_lr as { parameters: unknown }).parameters, { eta: "0.5", optimizer: "adam" });
});

test("the claims ledger: every claim with its notebook, cell (numbered as in the source), statement and figures", () => {
  const ledger = JSON.parse(fs.readFileSync(path.join(out, "claims.json"), "utf8"));
  assert.deepEqual(ledger.claims, [{ notebook: "01-parameters", cell: 3, cellId: ledger.claims[0].cellId, statement: "η is positive", holds: true, figures: { η: 0.5 } }]);
  assert.equal(ledger.passed, 1);
  assert.deepEqual(ledger.notebooks["01-parameters"].parameters, { eta: "0.5", optimizer: "adam" });
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /<span class="claims">1 claim checked, all hold<\/span>/);
  // A failed claim is recorded before it stops its notebook, and the index says so.
  const failed = siteModule.claimsLedger([{ name: "x", status: "failed", parameters: {}, finishedAt: "", claims: [
    { cell: 2, statement: "holds", holds: true, figures: {} }, { cell: 5, statement: "breaks", holds: false, figures: { v: 1 } }] }]);
  assert.equal(failed.failed, 1);
  assert.deepEqual(failed.claims[1], { notebook: "x", cell: 5, statement: "breaks", holds: false, figures: { v: 1 } });
  assert.match(siteModule.indexPage([{ name: "x", source: "", status: "failed", seconds: 1, html: "x.html", ipynb: "x.ipynb", parameters: {},
    failure: { kind: "error", cell: 5, cells: 9, firstLine: "claim(…)", message: "✗ claim does not hold: breaks" }, finishedAt: "",
    claims: failed.claims }]), /1 of 2 claims failed/);
});

test("failed notebooks are written too, with their error, for inspection", () => {
  const nb = readNotebook(path.join(out, "02-type-error.ipynb"));
  const error = nb.cells[1].outputs?.[0] as { output_type: string; ename?: string; traceback?: string[] };
  assert.deepEqual([error.output_type, error.ename], ["error", "TSError"]);
  assert.match((error.traceback ?? []).join("\n"), /Type 'string' is not assignable/);
  assert.deepEqual(nb.cells[2].outputs, []);
  const meta = nb.metadata.adaptive_lr as { status: string; failure: { cell: number; kind: string } };
  assert.deepEqual([meta.status, meta.failure.cell, meta.failure.kind], ["failed", 2, "error"]);
  assert.ok(fs.existsSync(path.join(out, "04-never-ends.html")));
  assert.match(fs.readFileSync(path.join(out, "07-not-json.html"), "utf8"), /not a notebook/);
});

test("pages keep their scripts, load no require.js, and use the copied MathJax", () => {
  const html = fs.readFileSync(path.join(out, "01-parameters.html"), "utf8");
  assert.ok(html.includes('<script>document.getElementById("plot").textContent = "script ran";</script>'), "script kept verbatim");
  assert.doesNotMatch(html, /require(\.min)?\.js/);
  assert.match(html, /<script src="mathjax\/MathJax\.js\?config=TeX-AMS_CHTML-full,Safe">/);
  assert.ok(fs.existsSync(path.join(out, "mathjax", "MathJax.js")));
  assert.ok(fs.existsSync(path.join(out, "mathjax", "jax", "output", "CommonHTML", "jax.js")));
});

test("a failed page says at the top what failed, where, and what ran; a stopped cell says why", () => {
  const banner = (name: string) => {
    const html = fs.readFileSync(path.join(out, `${name}.html`), "utf8");
    const match = html.match(/<div role="alert" class="adaptive-lr-failure"[^>]*>([\s\S]*?)<\/div>/);
    assert.ok(match && match.index !== undefined, `${name}: a failure banner`);
    assert.ok(match.index < html.indexOf('class="jp-Cell '), `${name}: the banner comes before the first cell`);
    return match[1].replace(/<[^>]+>/g, "");
  };
  assert.match(banner("02-type-error"), /did not run to the end: an error in cell 2 of 3 let s: number = &quot;text&quot;;\. Cell 1 ran\. Cell 3 did not run\.[\s\S]*Type &#x27;string&#x27; is not assignable/);
  assert.match(banner("04-never-ends"), /a timeout in cell 2 of 2 while \(true\) \{\}\. Cell 1 ran\.\s*no result after 20 s/);
  assert.match(banner("05-kernel-dies"), /the kernel died in cell 1 of 1 process\.exit\(7\);\. No cell before it ran\.\s*the kernel died/);
  assert.doesNotMatch(fs.readFileSync(path.join(out, "01-parameters.html"), "utf8"), /adaptive-lr-failure/);
  const stopped = readNotebook(path.join(out, "04-never-ends.ipynb")).cells[1].outputs ?? [];
  assert.deepEqual(stopped.map((o) => [o.name, text(o.text)]), [["stderr", "[stopped: no result after 20 s (--timeout)]\n"]]);
});

test("index.html lists this run and the previous one, with status, cell and time", () => {
  const index = fs.readFileSync(path.join(out, "index.html"), "utf8");
  assert.match(index, /<h2><a href="00-previous\.html">00-previous<\/a><\/h2>/);
  // A lecture is named by its notebook's heading.
  assert.match(index, /<h2><a href="01-parameters\.html">Parameters<\/a><\/h2><div class="params">eta = 0\.5, optimizer = adam<\/div>/);
  assert.match(index, /✗ failed: cell 2 of 3 \(let s: number = &quot;text&quot;;\)/);
  assert.match(index, /cell 2 of 2 \(while \(true\) \{\}\) \[timeout\]/);
  assert.match(index, /5 of 8 notebooks failed/);
  assert.equal(fs.readFileSync(path.join(out, "00-previous.html"), "utf8"), "<p>previous good page</p>");
  assert.match(index, /names the kernel &quot;python3&quot;/, "the warning is part of the failure the index shows");
  assert.doesNotMatch(index, /00-deleted/, "a deleted notebook leaves the index");
  assert.ok(!fs.existsSync(path.join(out, "00-deleted.html")) && !fs.existsSync(path.join(out, "00-deleted.ipynb")), "and its pages go");
  const manifest = JSON.parse(fs.readFileSync(path.join(out, "lectures.json"), "utf8"));
  assert.deepEqual(Object.keys(manifest.notebooks).sort(), ["00-previous", "01-parameters", "02-type-error", "03-runtime-error", "04-never-ends", "05-kernel-dies", "06-after-failures", "07-not-json"]);
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

test("Notebook 6 trusts the executed notebooks (so it keeps their scripts), and not a tampered copy", async () => {
  const jupyter = findJupyterPython();
  assert.ok(jupyter);
  fs.copyFileSync(path.join(out, "06-after-failures.ipynb"), path.join(out, "tampered.ipynb"));
  const tampered = readNotebook(path.join(out, "tampered.ipynb"));
  tampered.cells[0].outputs = [{ output_type: "display_data", data: { "text/html": "<script>alert(1)</script>" } }];
  fs.writeFileSync(path.join(out, "tampered.ipynb"), JSON.stringify(tampered));

  const port = await freePort();
  const token = crypto.randomBytes(12).toString("hex");
  const args = ["-m", "notebook", "--no-browser", "--ip=127.0.0.1", `--port=${port}`, `--notebook-dir=${out}`, `--NotebookApp.token=${token}`, "--allow-root"];
  const server = spawn(jupyter.python, args, { env: envWithRepoKernel(env), stdio: "ignore" });
  try {
    const trusted = async (name: string) => {
      for (let attempt = 0; ; attempt++) {
        try {
          const response = await fetch(`http://127.0.0.1:${port}/api/contents/${name}?token=${token}`);
          const model = (await response.json()) as { content: Notebook };
          return model.content.cells.filter((c) => c.cell_type === "code").map((c) => c.metadata.trusted);
        } catch (err) {
          if (attempt > 100) throw err;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
    };
    assert.deepEqual(await trusted("01-parameters.ipynb"), [true, true, true, true]);
    assert.deepEqual(await trusted("tampered.ipynb"), [false]);
  } finally {
    server.kill();
  }
});

test("Ctrl-C: the run says what it stopped, exits 130, keeps the last complete page and rewrites the index", async () => {
  const dir = path.join(work, "interrupt");
  const site = path.join(dir, "site");
  fs.mkdirSync(dir, { recursive: true });
  const write = (name: string, cells: Cell[]) => fs.writeFileSync(path.join(dir, name), JSON.stringify(notebook(cells)));
  const lectures = (...args: string[]) => spawn(process.execPath, [lecturesJs, ...args, "--out", site], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
  const finished = (child: ReturnType<typeof lectures>, onOutput: (all: string) => void = () => {}) =>
    new Promise<{ code: number | null; all: string }>((resolve) => {
      let all = "";
      const take = (chunk: Buffer) => {
        all += chunk.toString();
        onOutput(all);
      };
      child.stdout?.on("data", take);
      child.stderr?.on("data", take);
      child.on("close", (code) => resolve({ code, all }));
    });
  write("a-slow.ipynb", [code('console.log("complete run");')]);
  write("b-next.ipynb", [code('console.log("next");')]);
  const first = await finished(lectures(path.join(dir, "a-slow.ipynb")));
  assert.equal(first.code, 0, first.all);
  const complete = fs.readFileSync(path.join(site, "a-slow.html"));

  // Now the first notebook waits; Ctrl-C arrives while its cell runs.
  write("a-slow.ipynb", [code('console.log("started");'), code("await new Promise((r) => setTimeout(r, 60_000));")]);
  const child = lectures(path.join(dir, "a-slow.ipynb"), path.join(dir, "b-next.ipynb"));
  let sent = false;
  const second = await finished(child, (all) => {
    if (!sent && /\[1\/2\] a-slow … $/.test(all)) {
      sent = true;
      setTimeout(() => child.kill("SIGINT"), 3000); // inside the waiting cell
    }
  });
  assert.equal(second.code, 130, second.all);
  assert.match(second.all, /interrupted during a-slow; not run: b-next \(their last results stand\)/);
  assert.deepEqual(fs.readFileSync(path.join(site, "a-slow.html")), complete, "the page is replaced only by a complete one");
  assert.ok(!fs.existsSync(path.join(site, "b-next.html")));
  assert.deepEqual(fs.readdirSync(site).filter((f) => f.endsWith(".tmp")), []);
  const index = fs.readFileSync(path.join(site, "index.html"), "utf8");
  assert.match(index, /✗ interrupted \(the page is from the last complete run, ok, \d{4}-/);
  assert.match(index, /1 of 1 notebooks interrupted/);
});

// jupyter_client closes the ports it picked before the kernel binds them; another process can
// take one in between, and the kernel then exits before its first reply. A real kernel meets a
// really taken port here: a kernelspec whose launcher holds one of the ports from the connection
// file while the kernel starts ("once": only the first start; "always": every start).
test("a kernel whose port was taken is started again with new ports; one that keeps dying says what it printed", () => {
  const jupyter = findJupyterPython();
  assert.ok(jupyter, "Jupyter's python");
  const dir = path.join(work, "port-taken");
  const kernels = path.join(dir, "jupyter", "kernels");
  const launcher = path.join(dir, "take-a-port.py");
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    launcher,
    [
      "import json, os, socket, subprocess, sys",
      "mode, marker, connection, real = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]",
      "argv = [connection if a == '{connection_file}' else a for a in real]",
      "with open(marker, 'a') as f: f.write('start\\n')",
      "if mode == 'always' or os.path.getsize(marker) == len('start\\n'):",
      "    info = json.load(open(connection))",
      "    held = socket.socket(); held.bind((info['ip'], info['iopub_port'])); held.listen()",
      "    sys.exit(subprocess.call(argv))",
      "os.execv(argv[0], argv)",
    ].join("\n"),
  );
  const { kernelJson } = require(path.join(repoRoot, "kernel", "kernelspec.js")) as { kernelJson(): { argv: string[] } };
  for (const mode of ["once", "always"]) {
    fs.mkdirSync(path.join(kernels, `port-taken-${mode}`), { recursive: true });
    const spec = { ...kernelJson(), argv: [jupyter!.python, launcher, mode, path.join(dir, `${mode}.starts`), "{connection_file}", ...kernelJson().argv] };
    fs.writeFileSync(path.join(kernels, `port-taken-${mode}`, "kernel.json"), JSON.stringify(spec));
  }
  const item = (name: string) => ({
    cwd: sources,
    notebook: JSON.stringify(notebook([code('console.log("ran", 6 * 7);')])),
    outIpynb: path.join(dir, `${name}.ipynb`),
    outHtml: path.join(dir, `${name}.html`),
    parameters: {},
    kernelspec: { name: "adaptive-lr", display_name: "TypeScript (adaptive-lr)", language: "typescript" },
  });
  const runWith = (mode: string) => {
    const job = { kernelName: `port-taken-${mode}`, timeout: 60, sign: false, mathjaxUrl: "mathjax/MathJax.js", stillPictures: null, notebooks: [item(mode)] };
    const r = spawnSync(jupyter!.python, [path.join(repoRoot, "scripts", "lectures", "execute.py")], {
      input: JSON.stringify(job),
      env: { ...env, JUPYTER_PATH: path.join(dir, "jupyter"), ADAPTIVE_LR_KERNEL_DOCS: "0" },
      encoding: "utf8",
      stdio: ["pipe", "pipe", "pipe", "pipe"],
      timeout: 180_000,
    });
    const events = String(r.output[3] ?? "").trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));
    const done = events.find((e) => e.event === "done");
    assert.ok(done, `execute.py reported the notebook: ${r.stderr}`);
    return { done, stderr: r.stderr, starts: fs.readFileSync(path.join(dir, `${mode}.starts`), "utf8").split("\n").filter(Boolean).length };
  };

  const once = runWith("once");
  assert.equal(once.done.failure, null, JSON.stringify(once.done.failure));
  assert.equal(once.starts, 2, "started again once");
  assert.match(once.stderr, /a port the kernel was given was taken; starting it again with new ports/);
  const executed = readNotebook(path.join(dir, "once.ipynb"));
  assert.match(text(executed.cells[0].outputs?.[0]?.text), /ran 42/);

  const always = runWith("always");
  assert.equal(always.starts, 3, "three starts, then the failure is reported");
  assert.equal(always.done.failure.kind, "kernel");
  assert.equal(always.done.failure.cell, null);
  assert.match(always.done.failure.message, /Kernel died before replying to kernel_info/);
  assert.match(always.done.failure.message, /the kernel printed:\n[^]*EADDRINUSE/, "the reason, from the kernel itself");
});

// ------------------------------------------------------------ the lectures

test("every notebook in notebooks/ executes under the kernel with zero errors", (t) => {
  const dir = path.join(repoRoot, "notebooks");
  assert.ok(fs.existsSync(dir), "notebooks/ exists");
  const lectures = fs.readdirSync(dir).filter((f) => f.endsWith(".ipynb"));
  if (lectures.length === 0) {
    t.skip("notebooks/ holds no notebook yet");
    return;
  }
  const site = path.join(work, "lectures-site");
  const r = spawnSync(process.execPath, [lecturesJs, "--out", site], { cwd: repoRoot, env, encoding: "utf8", timeout: 600_000 });
  assert.equal(r.status, 0, `npm start failed:\n${r.stdout}\n${r.stderr}`);
  for (const file of lectures) {
    const nb = readNotebook(path.join(site, file));
    const errors = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.output_type === "error");
    assert.deepEqual(errors, [], file);
    assert.ok(nb.cells.some((c) => (c.outputs ?? []).length > 0), `${file} has outputs`);
    // Every figure has its still picture (SVG, PNG or JPEG) beside its interactive forms.
    const figures = nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data?.["application/vnd.plotly.v1+json"]);
    const without = figures.filter((o) => !["image/svg+xml", "image/png", "image/jpeg"].some((m) => [o.data?.[m] ?? ""].flat().join("").length > 1000));
    assert.equal(without.length, 0, `${file}: ${without.length} of ${figures.length} figures without a still picture\n${r.stdout}`);
  }
  const ledger = JSON.parse(fs.readFileSync(path.join(site, "claims.json"), "utf8"));
  assert.equal(ledger.failed, 0);
  for (const file of lectures) {
    const name = file.replace(/\.ipynb$/, "");
    assert.ok(ledger.notebooks[name].passed >= 5, `${name} checks its story with claims (${ledger.notebooks[name].passed})`);
  }
});
