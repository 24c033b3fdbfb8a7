// The adaptive-lr kernel: its registration, the Jupyter it relies on, the
// launcher's fresh build and code cache, and the kernel itself through real
// Jupyter (jupyter_client) and real tslab.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");
const kernelDir = path.join(repoRoot, "kernel");

interface JupyterPython {
  python: string;
  executable: string;
  nbclient: string;
  nbconvert: string;
}
const jupyterModule = require(path.join(kernelDir, "jupyter.js")) as {
  findJupyterPython(env?: NodeJS.ProcessEnv): JupyterPython | null;
  planJupyterSetup(facts: { found: boolean; platform: string; isRoot: boolean; isDebian: boolean; hasAptGet: boolean }): string;
};
const kernelspec = require(path.join(kernelDir, "kernelspec.js")) as {
  KERNEL_NAME: string;
  DISPLAY_NAME: string;
  repoJupyterDir: string;
  envWithRepoKernel(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
  userJupyterDataDir(env: NodeJS.ProcessEnv, platform: string, home: string): string;
};
const freshBuild = require(path.join(kernelDir, "fresh-build.js")) as {
  ensureBuilt(options: { project: string; log?: (line: string) => void }): { rebuilt: boolean; ok: boolean; output: string };
  isStale(project: string): boolean;
};
const { skipDeclarationDocs } = require(path.join(kernelDir, "declaration-docs.js")) as {
  skipDeclarationDocs(content: string): string;
};

const jupyter = jupyterModule.findJupyterPython();

function python(code: string, env: NodeJS.ProcessEnv = process.env): string {
  assert.ok(jupyter, "a python with nbclient and nbconvert");
  const run = spawnSync(jupyter.python, ["-c", code], { env, encoding: "utf8", timeout: 120_000 });
  assert.equal(run.status, 0, `python failed:\n${run.stderr}`);
  return run.stdout;
}

function node(args: string[], env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, args, { cwd: repoRoot, env, encoding: "utf8", timeout: 120_000 });
}

function pick({ rebuilt, ok }: { rebuilt: boolean; ok: boolean }) {
  return { rebuilt, ok };
}

function pngSize(file: string): [number, number] {
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

test("npm install registers the kernel in the repo's .jupyter, where Jupyter finds it", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  assert.match(pkg.scripts.postinstall, /npm run build && node kernel\/register\.js/);
  const run = node([path.join(kernelDir, "register.js")]);
  assert.equal(run.status, 0, run.stderr);

  const dir = path.join(kernelspec.repoJupyterDir, "kernels", kernelspec.KERNEL_NAME);
  const spec = JSON.parse(fs.readFileSync(path.join(dir, "kernel.json"), "utf8"));
  assert.equal(spec.display_name, "TypeScript (adaptive-lr)");
  assert.equal(spec.language, "typescript");
  assert.ok(path.isAbsolute(spec.argv[2]) && fs.existsSync(spec.argv[2]), "absolute node");
  assert.deepEqual(spec.argv, ["/bin/sh", path.join(kernelDir, "start.sh"), process.execPath, "{connection_file}"]);
  assert.deepEqual(pngSize(path.join(dir, "logo-32x32.png")), [32, 32]);
  assert.deepEqual(pngSize(path.join(dir, "logo-64x64.png")), [64, 64]);

  const specs = JSON.parse(
    python(
      "import json; from jupyter_client.kernelspec import KernelSpecManager; " +
        "print(json.dumps({k: v['resource_dir'] for k, v in KernelSpecManager().get_all_specs().items()}))",
      kernelspec.envWithRepoKernel(),
    ),
  );
  assert.equal(specs[kernelspec.KERNEL_NAME], dir);
});

test("kernel:install registers it in the user's Jupyter data folder, kernel:uninstall removes it", () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "jupyter-data-"));
  try {
    const env = { ...process.env, JUPYTER_DATA_DIR: dataDir, JUPYTER_PATH: "" };
    assert.equal(node([path.join(kernelDir, "register.js"), "--user"], env).status, 0);
    const listed = () =>
      JSON.parse(python("import json; from jupyter_client.kernelspec import KernelSpecManager; print(json.dumps(KernelSpecManager().find_kernel_specs()))", env));
    assert.equal(listed()[kernelspec.KERNEL_NAME], path.join(dataDir, "kernels", kernelspec.KERNEL_NAME));
    assert.equal(node([path.join(kernelDir, "register.js"), "--user", "--remove"], env).status, 0);
    assert.equal(listed()[kernelspec.KERNEL_NAME], undefined);
    const bad = node([path.join(kernelDir, "register.js"), "--users"], env);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /unknown option --users/);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

test("the user data folder follows jupyter_core's rules", () => {
  assert.equal(kernelspec.userJupyterDataDir({ JUPYTER_DATA_DIR: "/x/j" }, "linux", "/home/u"), "/x/j");
  assert.equal(kernelspec.userJupyterDataDir({}, "linux", "/home/u"), "/home/u/.local/share/jupyter");
  assert.equal(kernelspec.userJupyterDataDir({ XDG_DATA_HOME: "/d" }, "linux", "/home/u"), "/d/jupyter");
  assert.equal(kernelspec.userJupyterDataDir({}, "darwin", "/Users/u"), "/Users/u/Library/Jupyter");
});

test("the Jupyter python is probed for nbclient and nbconvert, never assumed to be python3 on PATH", () => {
  const fakeBin = fs.mkdtempSync(path.join(os.tmpdir(), "fake-python-"));
  try {
    // A python3 that runs but has no Jupyter, first on PATH, and a JUPYTER_PYTHON that does not exist.
    const fake = path.join(fakeBin, "python3");
    fs.writeFileSync(fake, "#!/bin/sh\necho 'no module named nbclient' >&2\nexit 1\n", { mode: 0o755 });
    const env = { ...process.env, PATH: `${fakeBin}${path.delimiter}${process.env.PATH}`, JUPYTER_PYTHON: path.join(fakeBin, "missing") };
    const found = jupyterModule.findJupyterPython(env);
    assert.ok(found, "a real Jupyter python is still found");
    assert.notEqual(found.python, fake);
    assert.match(found.nbclient, /^\d+\.\d+/);
    const imported = spawnSync(found.python, ["-c", "import nbclient, nbconvert; print('ok')"], { encoding: "utf8" });
    assert.equal(imported.stdout.trim(), "ok");
  } finally {
    fs.rmSync(fakeBin, { recursive: true, force: true });
  }
});

test("missing Jupyter: apt-get only as root on Debian, otherwise ask the user", () => {
  const facts = { found: false, platform: "linux", isRoot: true, isDebian: true, hasAptGet: true };
  assert.equal(jupyterModule.planJupyterSetup(facts), "apt-get");
  assert.equal(jupyterModule.planJupyterSetup({ ...facts, found: true }), "ready");
  assert.equal(jupyterModule.planJupyterSetup({ ...facts, isRoot: false }), "ask-user");
  assert.equal(jupyterModule.planJupyterSetup({ ...facts, isDebian: false }), "ask-user");
  assert.equal(jupyterModule.planJupyterSetup({ ...facts, hasAptGet: false }), "ask-user");
  assert.equal(jupyterModule.planJupyterSetup({ ...facts, platform: "darwin" }), "ask-user");
});

test("the launcher's build check runs tsc only when a source is newer than the build", () => {
  const project = fs.mkdtempSync(path.join(repoRoot, ".build", "fresh-build-"));
  try {
    fs.writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({ compilerOptions: { outDir: "dist", incremental: true, tsBuildInfoFile: "dist/.tsbuildinfo", strict: true, types: [] }, include: ["*.ts"] }),
    );
    const index = path.join(project, "index.ts");
    fs.writeFileSync(index, "export const version: string = \"1\";\n");
    const quiet = { project, log: () => {} };

    assert.equal(freshBuild.isStale(project), true, "no dist yet");
    assert.deepEqual([freshBuild.ensureBuilt(quiet).rebuilt, freshBuild.isStale(project)], [true, false]);
    assert.equal(freshBuild.ensureBuilt(quiet).rebuilt, false, "fresh: no tsc");

    fs.writeFileSync(index, "export const version: string = \"2\";\n");
    assert.equal(freshBuild.ensureBuilt(quiet).rebuilt, true);
    assert.match(fs.readFileSync(path.join(project, "dist", "index.js"), "utf8"), /version = "2"/);

    fs.writeFileSync(index, "export const version: number = \"3\";\n");
    const failed = freshBuild.ensureBuilt(quiet);
    assert.deepEqual([failed.rebuilt, failed.ok], [true, false]);
    assert.match(failed.output, /index\.ts.*Type 'string' is not assignable to type 'number'/);
    // The failure is remembered, not recompiled at every start, until a source changes.
    const again = freshBuild.ensureBuilt(quiet);
    assert.deepEqual([again.rebuilt, again.ok, again.output], [false, false, failed.output]);
    // Forgotten once the source changes…
    fs.writeFileSync(index, "export const version: string = \"4\";\n");
    assert.deepEqual(pick(freshBuild.ensureBuilt(quiet)), { rebuilt: true, ok: true });
    // …or once it builds (npm run build), even with a source no newer than the failure.
    fs.writeFileSync(index, "export const version: number = \"5\";\n");
    assert.equal(freshBuild.ensureBuilt(quiet).ok, false);
    const past = new Date(Date.now() - 3_600_000);
    fs.writeFileSync(index, "export const version: string = \"5\";\n");
    fs.utimesSync(index, past, past);
    assert.equal(freshBuild.ensureBuilt(quiet).ok, false, "still the remembered failure");
    const tsc = spawnSync(process.execPath, [path.join(repoRoot, "node_modules", ".bin", "tsc"), "-p", project], { encoding: "utf8" });
    assert.equal(tsc.status, 0, tsc.stdout);
    assert.deepEqual(pick(freshBuild.ensureBuilt(quiet)), { rebuilt: false, ok: true });
  } finally {
    fs.rmSync(project, { recursive: true, force: true });
  }
});

test("the V8 code cache is written once, then used, and the cached module behaves the same", () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "code-cache-"));
  try {
    const big = path.join(work, "big.js");
    const functions = Array.from({ length: 3000 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i % 7}; }`).join("\n");
    fs.writeFileSync(big, `${functions}\nlet s = 0; for (let i = 0; i < 3000; i++) s += eval("f" + i)(2);\nmodule.exports = s;\n`);
    const main = path.join(work, "main.js");
    fs.writeFileSync(
      main,
      `const { installCodeCache } = require(${JSON.stringify(path.join(kernelDir, "code-cache.js"))});
const cache = installCodeCache({ cacheDir: ${JSON.stringify(path.join(work, "cache"))}, shouldCache: (f) => f.endsWith("big.js") });
const value = require("./big.js");
const misses = cache.misses();
cache.save();
console.log(JSON.stringify({ value, misses, after: cache.misses() }));`,
    );
    const runs = [1, 2].map(() => JSON.parse(node([main]).stdout));
    let expected = 0;
    for (let i = 0; i < 3000; i++) expected += 2 * i + (i % 7);
    assert.deepEqual(runs, [
      { value: expected, misses: 1, after: 0 },
      { value: expected, misses: 0, after: 0 },
    ]);
    assert.equal(fs.readdirSync(path.join(work, "cache")).filter((f) => f.endsWith(".bin")).length, 1);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

test("the JSDoc skip applies to tslab's TypeScript exactly once, and to nothing else", () => {
  const tsFile = require.resolve("@tslab/typescript-for-tslab", { paths: [path.join(repoRoot, "node_modules", "tslab")] });
  const source = fs.readFileSync(tsFile, "utf8");
  const patched = skipDeclarationDocs(source);
  assert.notEqual(patched, source, "anchor found in the installed TypeScript");
  assert.equal(patched.split('if (contextFlags & 16777216 && globalThis[Symbol.for("adaptive-lr.skipDeclarationDocs")] !== false) return node;').length, 2);
  assert.equal(skipDeclarationDocs("function other() {}"), "function other() {}");
});

// Converts the same cells with tslab's converter as published and as the
// kernel patches it (kernel/converter-patches.js), in a child process in the
// lectures' folder, and counts the programs TypeScript creates for each cell
// (its performance marks; tslab's ES-module-to-CommonJS step makes one more).
const CONVERT_BOTH_WAYS = `
const Module = require("module");
const path = require("path");
const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json")), "dist");
const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDist] }));
const { patchConverter } = require(${JSON.stringify(path.join(kernelDir, "converter-patches.js"))});
const converterFile = path.join(tslabDist, "converter.js");
let patching = false;
const compile = Module.prototype._compile;
Module.prototype._compile = function (content, filename) {
  return compile.call(this, patching && filename === converterFile ? patchConverter(content) : content, filename);
};
const cells = JSON.parse(process.argv[1]);
ts.performance.enable();
const result = {};
for (const way of ["published", "patched"]) {
  patching = way === "patched";
  delete require.cache[converterFile];
  const converter = require(converterFile).createConverter({ isJS: false, isBrowser: false });
  let decl = "";
  result[way] = cells.map((cell) => {
    const before = ts.performance.getCount("beforeProgram");
    const out = converter.convert(decl, cell);
    const programs = ts.performance.getCount("beforeProgram") - before;
    if (out.diagnostics.length === 0) decl = out.declOutput || "";
    const diagnostics = out.diagnostics.map((d) => [d.start, d.length, d.messageText, d.code]);
    return { output: out.output, declOutput: out.declOutput, diagnostics, last: out.lastExpressionVar, await: out.hasToplevelAwait, programs };
  });
  converter.close();
}
process.stdout.write(JSON.stringify(result));
`;

test("each cell is compiled once, and converts exactly as with tslab's two compiles", () => {
  const cells = [
    "const x: number = 1 + 1;\nx",
    "x * 3",
    'import { adam } from "adaptive-lr";\nconst opt = adam({ lr: 0.1 });\nopt',
    "function f(a: number) { const inner = a; return inner * x; }\nclass C { v = f(2); }\nlet [p, q] = [1, 2];\ntype T = number;\ninterface I { t: T }\nenum E { A }\nnamespace N { export const n = 1; }\nnew C().v + p + q + N.n",
    "const y: number = 'one';",
    "const late = await Promise.resolve(4);\nlate + 1",
    "const x: string = 'shadows the first x';\nx.length",
    "console.log(q, E.A)",
  ];
  const run = spawnSync(process.execPath, ["-e", CONVERT_BOTH_WAYS, JSON.stringify(cells)], {
    cwd: path.join(repoRoot, "notebooks"),
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(run.status, 0, run.stderr);
  const { published, patched } = JSON.parse(run.stdout);
  const withoutCounts = (r: { programs: number }[]) => r.map(({ programs, ...rest }) => rest);
  assert.deepEqual(withoutCounts(patched), withoutCounts(published));
  // The cells compile and fail as they should (the comparison is not of empty results).
  assert.match(patched[0].output, /exports\.x = x;/);
  assert.match(patched[3].declOutput, /declare class C/);
  assert.match(String(patched[4].diagnostics[0]?.[2]), /Type 'string' is not assignable to type 'number'/);
  assert.equal(patched[5].await, true);
  for (const [i, cell] of cells.entries()) {
    // Only a cell without errors goes on to the CommonJS step.
    const commonJs = patched[i].diagnostics.length === 0 ? 1 : 0;
    assert.equal(patched[i].programs - commonJs, 1, `cell ${i} compiled once by the patched converter`);
    // The published converter compiles twice any cell that declares a name.
    const declares = /^(const|let|function|class|import|type|interface|enum|namespace) /m.test(cell);
    assert.equal(published[i].programs - commonJs, declares ? 2 : 1, `cell ${i} with the published converter`);
  }
});

// Starts the kernel through jupyter_client (as Notebook and nbclient do),
// runs cells and asks for hover docs.
function kernelSession(env: NodeJS.ProcessEnv) {
  const code = `
import json, os, queue, sys
sys.path.insert(0, ${JSON.stringify(path.join(repoRoot, "test"))})
from start_kernel import start_kernel
km, kc = start_kernel(kernel_name=${JSON.stringify(kernelspec.KERNEL_NAME)}, cwd=${JSON.stringify(path.join(repoRoot, "notebooks"))})
def reply(msg_id):
    while True:
        msg = kc.get_shell_msg(timeout=60)
        if msg["parent_header"].get("msg_id") == msg_id: return msg["content"]
def run(src):
    msg_id = kc.execute(src)
    out = {"stdout": "", "stderr": "", "result": None, "error": None}
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id: continue
        if msg["msg_type"] == "stream": out[msg["content"]["name"]] += msg["content"]["text"]
        if msg["msg_type"] == "execute_result": out["result"] = msg["content"]["data"]["text/plain"]
        if msg["msg_type"] == "error": out["error"] = "\\n".join(msg["content"]["traceback"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle": break
    out["status"] = reply(msg_id)["status"]
    return out
try:
    ok = run("const x: number = 1 + 1;\\nx")
    bad = run("const y: number = 'one';")
    hover = reply(kc.inspect("Math.max", 8)).get("data", {}).get("text/plain", "")
finally:  # an orphaned kernel would hold our stdout open
    kc.stop_channels(); km.shutdown_kernel(now=True)
print(json.dumps({"ok": ok, "bad": bad, "hover": hover}))
`;
  return JSON.parse(python(code, env).trim().split("\n").pop() ?? "");
}

test("the kernel runs cells through real Jupyter; npm start's kernel drops only lib hover docs", () => {
  const env = kernelspec.envWithRepoKernel();
  const interactive = kernelSession({ ...env, ADAPTIVE_LR_KERNEL_DOCS: "" });
  const batch = kernelSession({ ...env, ADAPTIVE_LR_KERNEL_DOCS: "0" });
  for (const session of [interactive, batch]) {
    assert.deepEqual(session.ok, { stdout: "", stderr: "", result: "2", error: null, status: "ok" });
    assert.equal(session.bad.status, "error");
    assert.match(session.bad.error, /Type 'string' is not assignable to type 'number'/);
  }
  assert.match(interactive.hover, /max\(\.\.\.values: number\[\]\): number/);
  assert.match(interactive.hover, /Returns the larger of a set of supplied numeric expressions/);
  assert.match(batch.hover, /max\(\.\.\.values: number\[\]\): number/);
  assert.doesNotMatch(batch.hover, /Returns the larger/);
});
