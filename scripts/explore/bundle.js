#!/usr/bin/env node
"use strict";
// Builds src/dist/explore.min.js, the code that lets a page recompute an explorable
// figure without a kernel: the module's optimizers, schedules, run loop and measures
// (KIT_NAMES in src/explore/kit.ts, imported by name from the module's public entry, so
// esbuild leaves out everything else), the shared recompute code and the page's controls
// (scripts/explore/page.js). mathjs and Node's modules are left out: a page gets surfaces
// as the JavaScript the module compiled from their formulas.
// `npm run build` and `npm start` call it; so does the kernel before it inlines the bundle
// (src/explore/html.ts), so that after an edit of src/ the page runs the kernel's code.
// Runs after `tsc -p src` (it reads the built name list); `--force` rebuilds anyway.
const fs = require("fs");
const path = require("path");
const crypto = require("crypto");
const { spawnSync } = require("child_process");

const repoRoot = path.resolve(__dirname, "..", "..");
const OUT = path.join(repoRoot, "src", "dist", "explore.min.js");
const GLOBAL = "adaptiveLrExplore";

function kitNames() {
  return require(path.join(repoRoot, "src", "dist", "explore", "kit.js")).KIT_NAMES;
}

/** The module's entry points (src/package.json's exports), core first. */
const ENTRIES = ["index", "plot/index", "analysis/index", "nn/index"];

/** `import { … } from "./src/<entry>"` lines: each name from the entry point that exports it. */
function kitImports(names) {
  const byEntry = new Map();
  for (const name of names) {
    const entry = ENTRIES.find((e) => typeof require(path.join(repoRoot, "src", "dist", e + ".js"))[name] === "function");
    if (!entry) throw new Error(`explorable figures: no entry point of the module exports "${name}"`);
    byEntry.set(entry, [...(byEntry.get(entry) ?? []), name]);
  }
  return [...byEntry].map(([entry, list]) => `import { ${list.join(", ")} } from "./src/${entry}";\n`).join("");
}

/** Everything the bundle is made of, hashed: rebuild only when one changed. */
function sourceHash() {
  const hash = crypto.createHash("sha256");
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== "dist" && e.name !== "node_modules") walk(p);
      } else if (/\.ts$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(repoRoot, "src"));
  files.push(path.join(__dirname, "page.js"), __filename);
  for (const f of files.sort()) hash.update(f).update(fs.readFileSync(f));
  return hash.digest("hex").slice(0, 16);
}

function banner(hash) {
  return `/*! adaptive-lr explorable figures ${hash} (scripts/explore/bundle.js) */`;
}

function upToDate(first) {
  try {
    return fs.readFileSync(OUT, "utf8").split("\n", 1)[0] === first;
  } catch {
    return false;
  }
}

// Surfaces' formulas are parsed by mathjs in the kernel only, and node: modules serve show():
// in the page they are empty modules (a module that imports them may still be bundled,
// since esbuild keeps a module whose imports it cannot prove free of side effects).
const leaveOut = {
  name: "leave-out",
  setup(build) {
    build.onResolve({ filter: /^(mathjs|node:.*)$/ }, (a) => ({ path: a.path, namespace: "left-out" }));
    build.onLoad({ filter: /.*/, namespace: "left-out" }, () => ({ contents: "module.exports = {};", loader: "js" }));
  },
};

/** The build itself (esbuild's plugins need its asynchronous API). */
async function build(first) {
  const esbuild = require("esbuild");
  const names = kitNames();
  const entry =
    kitImports(names) +
    'import { pickKit } from "./src/explore/kit";\n' +
    'import { recompute, decodeConstants } from "./src/explore/recompute";\n' +
    'import { attach } from "./scripts/explore/page";\n' +
    `window.${GLOBAL} = { kit: pickKit({ ${names.join(", ")} }), recompute, decodeConstants, attach };\n`;
  const result = await esbuild.build({
    stdin: { contents: entry, resolveDir: repoRoot, sourcefile: "explore-entry.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "iife",
    platform: "browser",
    target: "es2020",
    legalComments: "none",
    banner: { js: first },
    plugins: [leaveOut],
    write: false,
    logLevel: "silent",
  });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, OUT);
}

/**
 * Builds the bundle when a source changed since (or always, with force). Synchronous, like
 * the plotly.js bundle's build, for `npm start` and the kernel: the build runs in a child
 * node process.
 * @param {{ force?: boolean, log?: (line: string) => void }} [options]
 */
function buildExplore({ force = false, log = (line) => process.stderr.write(line + "\n") } = {}) {
  const first = banner(sourceHash());
  if (!force && upToDate(first)) return { built: false, file: OUT, bytes: fs.statSync(OUT).size };
  const started = Date.now();
  const child = spawnSync(process.execPath, [__filename, "--build", first], { encoding: "utf8", cwd: repoRoot });
  if (child.status !== 0) throw new Error(`explorable figures bundle: the build failed: ${(child.stderr || child.error?.message || "").trim()}`);
  const bytes = fs.statSync(OUT).size;
  log(`explorable figures bundle: ${(bytes / 1e3).toFixed(0)} kB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true, file: OUT, bytes };
}

module.exports = { buildExplore, EXPLORE_BUNDLE: OUT, EXPLORE_GLOBAL: GLOBAL };

if (require.main === module) {
  if (process.argv[2] === "--build") {
    build(process.argv[3]).catch((e) => {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 1;
    });
  } else buildExplore({ force: process.argv.includes("--force") });
}
