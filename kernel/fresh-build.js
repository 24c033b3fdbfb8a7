"use strict";
// Keeps src/dist (the built `adaptive-lr`) at least as new as src/**/*.ts, so
// an instructor who edits src/ and restarts the kernel sees the change. The
// check is a walk of mtimes (a few ms); tsc runs only when something is newer.
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..");
const srcDir = path.join(repoRoot, "src");
// The compiler the kernel compiles cells with (tslab's own TypeScript), which is also
// what `npm run build` runs: one TypeScript for the build, the rebuild and the cells.
const tscBin = path.join(path.dirname(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [repoRoot] })), "bin", "tsc");

/**
 * @typedef {{ rebuilt: boolean, ok: boolean, output: string, seconds: number }} BuildResult
 */

// What `tsc -p <project>` writes (src/tsconfig.json puts outDir and the
// .tsbuildinfo in dist/), and our stamp: tsc leaves .tsbuildinfo untouched
// when nothing changed, or when it fails, so without the stamp a touched or
// broken source would run tsc at every kernel start. The stamp also keeps
// the last failure, reported again until a source changes.
function outputsOf(project) {
  const dist = path.join(project, "dist");
  return { buildInfo: path.join(dist, ".tsbuildinfo"), stamp: path.join(dist, ".fresh-stamp.json"), index: path.join(dist, "index.js") };
}

/** Newest mtime (ms) among the inputs of `tsc -p <project>`. */
function newestSourceTime(dir = srcDir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "dist" || entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      newest = Math.max(newest, newestSourceTime(full));
    } else if (entry.name.endsWith(".ts") || entry.name === "tsconfig.json" || entry.name === "package.json") {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

function mtimeOrZero(file) {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/** @returns {boolean} whether <project>/dist is older than some source. */
function isStale(project = srcDir) {
  const { buildInfo, stamp, index } = outputsOf(project);
  const built = Math.max(mtimeOrZero(buildInfo), mtimeOrZero(stamp));
  return built === 0 || !fs.existsSync(index) || newestSourceTime(project) > built;
}

/** The failure recorded by the last build, if no successful build came after it. */
function lastFailure(project) {
  const { buildInfo, stamp } = outputsOf(project);
  try {
    const recorded = JSON.parse(fs.readFileSync(stamp, "utf8"));
    // Any build since (npm run build) touched .tsbuildinfo.
    return recorded.ok === false && recorded.buildInfoTime === mtimeOrZero(buildInfo) ? String(recorded.output) : null;
  } catch {
    return null;
  }
}

/**
 * Runs `tsc -p <project>` (default: src/) when its build is stale. Logs the
 * rebuild; a failure is returned (output), for the caller to report.
 * @param {{ project?: string, log?: (line: string) => void }} [options]
 * @returns {BuildResult}
 */
function ensureBuilt({ project = srcDir, log = (line) => process.stderr.write(line + "\n") } = {}) {
  if (!isStale(project)) {
    const failure = lastFailure(project);
    return { rebuilt: false, ok: failure === null, output: failure ?? "", seconds: 0 };
  }
  log(`adaptive-lr: ${path.relative(repoRoot, project) || project} changed, rebuilding (tsc -p) …`);
  const startedAt = new Date();
  const run = spawnSync(process.execPath, [tscBin, "-p", project], { cwd: repoRoot, encoding: "utf8" });
  const seconds = (Date.now() - startedAt.getTime()) / 1000;
  const ok = run.status === 0;
  const printed = `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}`.trim();
  const output = ok ? printed : `tsc -p ${project} failed (exit ${run.status}):\n${printed}`;
  const { stamp, buildInfo } = outputsOf(project);
  try {
    fs.mkdirSync(path.dirname(stamp), { recursive: true });
    const record = { ok, output, startedAt: startedAt.toISOString(), buildInfoTime: mtimeOrZero(buildInfo) };
    fs.writeFileSync(stamp, JSON.stringify(record) + "\n");
    // Dated at the start: an edit made while tsc ran still counts as newer.
    fs.utimesSync(stamp, startedAt, startedAt);
  } catch {
    // A read-only checkout: check again next time.
  }
  if (ok) log(`adaptive-lr: rebuilt in ${seconds.toFixed(1)} s`);
  return { rebuilt: true, ok, output, seconds };
}

module.exports = { ensureBuilt, isStale, newestSourceTime, repoRoot };
