// Installing and starting, tried as a new user would: an old Node is refused
// up front, the bench works on a fresh clone, the user-level kernel imports
// adaptive-lr from a notebook anywhere (and says what to do when the repo has
// moved), and Ctrl-C stops `npm run notebook` quietly.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const kernelDir = path.join(repoRoot, "kernel");
const { nodeTooOld } = require(path.join(kernelDir, "node-version.js")) as { nodeTooOld(version: string, execPath?: string): string | null };
const { findJupyterPython } = require(path.join(kernelDir, "jupyter.js")) as { findJupyterPython(): { python: string } | null };
const { benchWorkDir } = require(path.join(repoRoot, "scripts", "bench-kernel.js")) as { benchWorkDir(root: string): string };

const jupyter = findJupyterPython();

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

test("Node older than 20: one clear line, at install and at start, and the kernelspec keeps its node", () => {
  assert.equal(nodeTooOld("20.0.0"), null);
  assert.equal(nodeTooOld("22.3.1"), null);
  assert.match(nodeTooOld("16.20.2", "/opt/node16/bin/node") ?? "", /^adaptive-lr needs Node\.js 20 or newer; this is Node\.js 16\.20\.2 \(\/opt\/node16\/bin\/node\)\. .*run `npm install` again\.$/);

  // A `node` first on PATH that is Node 20 underneath but reports 16 everywhere.
  const fake = tempDir("node16-");
  try {
    const pretend = path.join(fake, "pretend16.js");
    fs.writeFileSync(
      pretend,
      'Object.defineProperty(process, "version", { value: "v16.20.2" });\n' +
        'Object.defineProperty(process, "versions", { value: Object.assign({}, process.versions, { node: "16.20.2" }) });\n',
    );
    fs.writeFileSync(path.join(fake, "node"), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} --require ${JSON.stringify(pretend)} "$@"\n`, { mode: 0o755 });
    const env = { ...process.env, PATH: `${fake}${path.delimiter}${process.env.PATH}` };
    const spec = path.join(repoRoot, ".jupyter", "kernels", "adaptive-lr", "kernel.json");
    const before = fs.readFileSync(spec, "utf8");
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    for (const [what, command] of [
      ["npm install's postinstall", pkg.scripts.postinstall],
      ["npm test's pretest", pkg.scripts.pretest],
      ["npm start", "node scripts/lectures.js 03"],
      ["npm run notebook", "node scripts/notebook.js"],
      ["npm run kernel:install", pkg.scripts["kernel:install"]],
      ["npm run bench:kernel", pkg.scripts["bench:kernel"]],
    ]) {
      const run = spawnSync("sh", ["-c", command], { cwd: repoRoot, env, encoding: "utf8", timeout: 60_000 });
      assert.equal(run.status, 1, `${what}: exit status\n${run.stdout}${run.stderr}`);
      assert.match(run.stderr, /adaptive-lr needs Node\.js 20 or newer; this is Node\.js 16\.20\.2/, what);
    }
    assert.equal(fs.readFileSync(spec, "utf8"), before, "the repo's kernelspec still names the node that installed it");
  } finally {
    fs.rmSync(fake, { recursive: true, force: true });
  }
});

test("bench:kernel's work folder is made on a fresh clone, where .build/ does not exist yet", () => {
  const clone = tempDir("fresh-clone-");
  try {
    const work = benchWorkDir(clone);
    assert.ok(fs.statSync(work).isDirectory());
    assert.equal(path.dirname(work), path.join(clone, ".build"));
  } finally {
    fs.rmSync(clone, { recursive: true, force: true });
  }
});

// Runs Python with the Jupyter python, in `cwd`, with only the given Jupyter data folder.
function python(code: string, cwd: string, dataDir: string) {
  assert.ok(jupyter, "a python with Jupyter");
  return spawnSync(jupyter.python, ["-c", code], {
    cwd,
    env: { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: "" },
    encoding: "utf8",
    timeout: 180_000,
  });
}

test("kernel:install: a notebook outside the repo imports adaptive-lr by name; a moved repo is reported by the kernel", () => {
  const dataDir = tempDir("jupyter-user-");
  const elsewhere = tempDir("my-notebooks-");
  try {
    const env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: "" };
    const install = spawnSync(process.execPath, [path.join(kernelDir, "register.js"), "--user"], { cwd: repoRoot, env, encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);

    const notebook = {
      cells: [
        {
          cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [],
          source: 'import { adam } from "adaptive-lr";\nconst p = new Float64Array([1]);\nadam({ lr: 0.1 }).step(p, new Float64Array([2]));\np[0]',
        },
        {
          // The other entry points resolve too, for the compiler (typed) and for Node.
          cell_type: "code", id: "b", metadata: {}, execution_count: null, outputs: [],
          source: [
            'import { escapeHtml } from "adaptive-lr/plot";',
            'import { relativeGap } from "adaptive-lr/analysis";',
            'import { gradNorm } from "adaptive-lr/nn";',
            "const gap: number = relativeGap([1, 2], [1, 2]);",
            "`${escapeHtml(\"<\")} ${gap} ${gradNorm(new Float64Array([3, 4]))}`",
          ].join("\n"),
        },
      ],
      metadata: { kernelspec: { name: "adaptive-lr", display_name: "TypeScript (adaptive-lr)", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    fs.writeFileSync(path.join(elsewhere, "mine.ipynb"), JSON.stringify(notebook));
    const executed = python(
      "import sys; from nbconvert.nbconvertapp import main; sys.argv = ['nbconvert', '--to', 'notebook', '--execute', '--output', 'out', 'mine.ipynb']; main()",
      elsewhere,
      dataDir,
    );
    assert.equal(executed.status, 0, executed.stderr);
    const out = JSON.parse(fs.readFileSync(path.join(elsewhere, "out.ipynb"), "utf8"));
    const result = out.cells[0].outputs.find((o: { output_type: string }) => o.output_type === "execute_result");
    assert.equal([result?.data["text/plain"]].flat().join(""), "0.9000000005", JSON.stringify(out.cells[0].outputs));
    const entries = out.cells[1].outputs.find((o: { output_type: string }) => o.output_type === "execute_result");
    assert.equal([entries?.data["text/plain"]].flat().join(""), "'&lt; 0 5'", JSON.stringify(out.cells[1].outputs));

    // The repo moves: the installed kernel still points at the old folder.
    const installed = path.join(dataDir, "kernels", "adaptive-lr", "repository.json");
    const record = JSON.parse(fs.readFileSync(installed, "utf8"));
    fs.writeFileSync(installed, JSON.stringify({ ...record, repository: path.join(elsewhere, "moved-away") }));
    const moved = python(
      `
import json, sys
sys.path.insert(0, ${JSON.stringify(path.join(repoRoot, "test"))})
from start_kernel import start_kernel
km, kc = start_kernel(kernel_name="adaptive-lr", startup_timeout=60)
try:
    kc.kernel_info()
    info = kc.get_shell_msg(timeout=30)["content"]
    reply = kc.execute_interactive("1 + 1", timeout=30, output_hook=lambda m: None)["content"]
finally:
    kc.stop_channels(); km.shutdown_kernel(now=True)
print(json.dumps({"info": info["status"], "status": reply["status"], "evalue": reply.get("evalue", "")}))
`,
      elsewhere,
      dataDir,
    );
    assert.equal(moved.status, 0, moved.stderr);
    const said = JSON.parse(moved.stdout.trim().split("\n").pop() ?? "{}");
    assert.equal(said.info, "ok", "kernel_info is answered");
    assert.equal(said.status, "error");
    assert.match(said.evalue, /repository is no longer at .*moved-away .*Run `npm run kernel:install` in the repository's new folder/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(elsewhere, { recursive: true, force: true });
  }
});

test("Ctrl-C on npm run notebook stops Jupyter quietly: no traceback, exit 0, no server left", async () => {
  assert.ok(jupyter);
  const port = 18000 + (process.pid % 1000);
  // Its own process group, which Ctrl-C in a terminal signals as a whole.
  const child = spawn(process.execPath, [path.join(repoRoot, "scripts", "notebook.js"), "--port", String(port)], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, JUPYTER_DATA_DIR: tempDir("jupyter-data-") },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (b: Buffer) => (stdout += b));
  child.stderr.on("data", (b: Buffer) => (stderr += b));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  try {
    const deadline = Date.now() + 60_000;
    while (!/Jupyter Notebook \(kernel/.test(stdout) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.match(stdout, /http:\/\/127\.0\.0\.1:\d+\//, `the server started\n${stderr}`);
    process.kill(-child.pid!, "SIGINT");
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r("still running"), 30_000))]);
    assert.equal(code, 0, `${stdout}\n${stderr}`);
    assert.doesNotMatch(stderr, /Traceback|KeyboardInterrupt/);
    assert.match(stdout, /Jupyter Notebook stopped/);
    const left = spawnSync("pgrep", ["-f", `--port=${port}`], { encoding: "utf8" });
    assert.equal(left.stdout.trim(), "", "no Jupyter server left running");
  } finally {
    if (child.exitCode === null) process.kill(-child.pid!, "SIGKILL");
  }
});
