#!/usr/bin/env node
"use strict";
// Start-up snapshots of the kernel: V8 heaps with TypeScript's lib files
// already parsed and bound (kernel/snapshot-entry.js says how and why). A
// kernel started in a folder that has a current snapshot (kernel/start.sh)
// skips most of its start; elsewhere it starts the ordinary way.
//
// A snapshot belongs to one folder, because tslab roots the compiler at the
// kernel's working folder. `npm run build` makes them for the two folders
// kernels run in here: notebooks/ (npm start, Jupyter) and the grader's room.
//   node kernel/snapshot.js [folder ...]   build what is missing or out of date
//   node kernel/snapshot.js --force [folder ...]
//   node kernel/snapshot.js --remove       delete all snapshots
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { staleness } = require("./snapshot-fingerprint");
const { skipDeclarationDocs } = require("./declaration-docs");
const { patchConverter, CONVERTER_PATCH_FILES } = require("./converter-patches");

const repoRoot = path.resolve(__dirname, "..");
const snapshotRoot = path.join(repoRoot, "node_modules", ".cache", "adaptive-lr-kernel", "snapshots");
const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "dist");
const typescriptPath = require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDist] });
/** The folder the lectures' kernels run in. */
const NOTEBOOKS = path.join(repoRoot, "notebooks");

/**
 * V8 flags every snapshot is made and woken with (kernel/start.sh puts them
 * first too). Not rehashing the heap's strings on waking saves about 45 ms of
 * the 0.35 s V8 takes; the hash seed is then the one the snapshot was made
 * with, shared by the kernels woken from it.
 */
const SNAPSHOT_FLAGS = ["--no-rehash-snapshot"];

/**
 * Where the snapshot of a folder lives: its absolute path repeated under the
 * cache, so kernel/start.sh finds it with no hashing.
 * V8 reads a snapshot only with the heap flags it was made with, so the node
 * options are part of the name (as kernel/start.sh spells them: concatenated).
 * @param {string} folder absolute, real path
 * @param {string[]} [nodeOptions]
 */
function snapshotFiles(folder, nodeOptions = []) {
  const dir = path.join(snapshotRoot, folder);
  const tag = [...SNAPSHOT_FLAGS, ...nodeOptions].join("");
  return { dir, blob: path.join(dir, `kernel${tag}.blob`), fingerprint: path.join(dir, `fingerprint${tag}.json`) };
}

/**
 * Why the folder's snapshot cannot be used, or null if it is current.
 * @param {string} folder
 * @param {string[]} [nodeOptions]
 */
function whyNotCurrent(folder, nodeOptions = []) {
  const files = snapshotFiles(folder, nodeOptions);
  if (!fs.existsSync(files.blob)) return "there is none";
  let fingerprint;
  try {
    fingerprint = JSON.parse(fs.readFileSync(files.fingerprint, "utf8"));
  } catch {
    return "its fingerprint is unreadable";
  }
  const missing = bundleInputs().find((file) => !(file in fingerprint.files));
  if (missing) return `${path.relative(repoRoot, missing)} is new to it`;
  return staleness(fingerprint, folder);
}

/** The files whose edits change what the bundle does: they are part of every fingerprint. */
function bundleInputs() {
  // snapshot.js itself: a file added to this list makes older snapshots stale.
  const own = ["snapshot.js", "snapshot-entry.js", "snapshot-fingerprint.js", "declaration-docs.js", ...CONVERTER_PATCH_FILES, "trace.js"].map((f) => path.join(__dirname, f));
  return [...own, typescriptPath, path.join(tslabDist, "converter.js"), path.join(tslabDist, "metadata.js")];
}

/** Bundles kernel/snapshot-entry.js with TypeScript and tslab's converter, transformed as kernel/launch.js loads them. */
async function bundle(outfile) {
  const esbuild = require("esbuild");
  await esbuild.build({
    entryPoints: [path.join(__dirname, "snapshot-entry.js")],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    outfile,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: "error",
    // The bare names in the entry are the ones tslab itself uses.
    alias: { "@tslab/typescript-for-tslab": typescriptPath, "tslab/dist/converter": path.join(tslabDist, "converter.js"), "tslab/dist/metadata": path.join(tslabDist, "metadata.js") },
    plugins: [
      {
        name: "kernel-transforms",
        setup(build) {
          build.onLoad({ filter: /(typescript|converter)\.js$/ }, (args) => {
            const text = fs.readFileSync(args.path, "utf8");
            if (args.path === typescriptPath) return { contents: skipDeclarationDocs(text), loader: "js" };
            if (args.path === path.join(tslabDist, "converter.js")) return { contents: patchConverter(text), loader: "js" };
            return undefined;
          });
        },
      },
    ],
  });
}

/**
 * Builds the folder's snapshot (about 5–10 s; the old one stays usable until
 * the new one is complete).
 * @param {string} folder
 * @param {string[]} [nodeOptions] the options the kernel's node will have (heap limits)
 * @returns {Promise<{ ok: true, seconds: number, bytes: number } | { ok: false, message: string }>}
 */
async function buildSnapshot(folder, nodeOptions = []) {
  const started = Date.now();
  const files = snapshotFiles(folder, nodeOptions);
  fs.mkdirSync(files.dir, { recursive: true });
  const bundleFile = path.join(files.dir, `bundle.${process.pid}.js`);
  const tmpBlob = `${files.blob}.${process.pid}.tmp`;
  const tmpFingerprint = `${files.fingerprint}.${process.pid}.tmp`;
  try {
    await bundle(bundleFile);
    const config = { repoRoot, typescriptPath, tslabDist, fingerprintFile: tmpFingerprint, bundleInputs: bundleInputs() };
    const run = spawnSync(process.execPath, [...SNAPSHOT_FLAGS, ...nodeOptions, "--snapshot-blob", tmpBlob, "--build-snapshot", bundleFile], {
      cwd: folder,
      env: { ...process.env, ADAPTIVE_LR_SNAPSHOT_BUILD: JSON.stringify(config) },
      encoding: "utf8",
      timeout: 300_000,
    });
    if (run.status !== 0 || !fs.existsSync(tmpBlob)) {
      return { ok: false, message: `node --build-snapshot failed (${run.error?.message ?? `exit ${run.status}`}): ${(run.stderr || "").trim().split("\n").slice(-5).join(" | ")}` };
    }
    // The fingerprint last: a blob without its fingerprint is never used.
    fs.renameSync(tmpBlob, files.blob);
    fs.renameSync(tmpFingerprint, files.fingerprint);
    return { ok: true, seconds: (Date.now() - started) / 1000, bytes: fs.statSync(files.blob).size };
  } catch (err) {
    return { ok: false, message: String(err?.message ?? err) };
  } finally {
    for (const f of [bundleFile, tmpBlob, tmpFingerprint]) fs.rmSync(f, { force: true });
  }
}

/**
 * Builds the snapshots that are missing or out of date.
 * @param {string[]} folders
 * @param {{ force?: boolean, nodeOptions?: string[], log?: (line: string) => void }} [options]
 * @returns {Promise<boolean>} whether every folder has a current snapshot
 */
async function ensureSnapshots(folders, { force = false, nodeOptions = [], log = (line) => process.stderr.write(`${line}\n`) } = {}) {
  let allOk = true;
  for (const given of folders) {
    fs.mkdirSync(given, { recursive: true });
    const folder = fs.realpathSync(given);
    const shown = path.relative(repoRoot, folder) || ".";
    const why = force ? "asked to rebuild" : whyNotCurrent(folder, nodeOptions);
    if (!why) continue;
    const result = await buildSnapshot(folder, nodeOptions);
    if (result.ok) {
      log(`kernel start-up snapshot for ${shown}/: built in ${result.seconds.toFixed(1)} s (${(result.bytes / 1e6).toFixed(0)} MB; ${why})`);
    } else {
      allOk = false;
      // Not fatal: kernels in that folder start the ordinary way, only slower.
      log(`warning: no kernel start-up snapshot for ${shown}/ (kernels there start without one): ${result.message}`);
    }
  }
  return allOk;
}

function removeSnapshots() {
  fs.rmSync(snapshotRoot, { recursive: true, force: true });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  if (args.includes("--remove")) {
    removeSnapshots();
  } else {
    const folders = args.filter((a) => !a.startsWith("--")).map((f) => path.resolve(f));
    const force = args.includes("--force");
    void (async () => {
      if (folders.length) return ensureSnapshots(folders, { force });
      await ensureSnapshots([NOTEBOOKS], { force });
      // The grader's room, with the heap limit its kernels get by default.
      const { ROOM, kernelNodeOptions, DEFAULT_LIMITS } = require("../scripts/homework/sandbox");
      return ensureSnapshots([ROOM], { force, nodeOptions: kernelNodeOptions(DEFAULT_LIMITS) });
    })();
  }
}

module.exports = { snapshotFiles, whyNotCurrent, buildSnapshot, ensureSnapshots, removeSnapshots, NOTEBOOKS, snapshotRoot };
