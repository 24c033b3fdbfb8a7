"use strict";
// The script a start-up snapshot of the kernel is built from (kernel/snapshot.js
// bundles it with TypeScript and tslab's converter, then runs
// `node --build-snapshot` on the bundle in the folder the snapshot is for).
//
// Most of a kernel's start is TypeScript parsing and binding lib.*.d.ts and
// @types before the first cell can be checked. Here that work is done once and
// V8 saves the heap; a kernel started with `--snapshot-blob` wakes up with the
// compiler already warm. What the heap captured must still be true when it
// wakes, so the main function below first checks every file the compiler read
// and every folder it listed (the fingerprint); if anything moved it starts
// the kernel the ordinary way. File watching cannot be saved in a heap: the
// watches TypeScript asked for are recorded here and started on waking.
const fs = require("fs");
const path = require("path");
const v8 = require("v8");
const Module = require("module");
const { takeFingerprint, staleness } = require("./snapshot-fingerprint");
const { trace } = require("./trace");

const config = JSON.parse(process.env.ADAPTIVE_LR_SNAPSHOT_BUILD || "null");
if (!config) throw new Error("kernel/snapshot-entry.js is built by kernel/snapshot.js, not run by hand");
const { repoRoot, typescriptPath, tslabDist, fingerprintFile } = config;
const cwd = process.cwd();

// These literal paths are what the bundler follows (kernel/snapshot.js maps
// them to the installed files).
const ts = require("@tslab/typescript-for-tslab");
const converterModule = require("tslab/dist/converter");
const metadataModule = require("tslab/dist/metadata");

// TypeScript finds lib.*.d.ts next to the file it runs from: the real one, not the bundle.
ts.sys.getExecutingFilePath = () => typescriptPath;

/** @type {{ kind: "file" | "directory", target: string, callback: Function, option: unknown, more: unknown, real: { close(): void } | null, closed: boolean }[]} */
const watches = [];
const realWatchFile = ts.sys.watchFile;
const realWatchDirectory = ts.sys.watchDirectory;
for (const kind of /** @type {const} */ (["file", "directory"])) {
  const key = kind === "file" ? "watchFile" : "watchDirectory";
  ts.sys[key] = (target, callback, option, more) => {
    const watch = { kind, target, callback, option, more, real: null, closed: false };
    watches.push(watch);
    return {
      close() {
        watch.closed = true;
        if (watch.real) watch.real.close();
      },
    };
  };
}

// What the compiler looked at, to tell later whether it is still so.
/** @type {Set<string>} */
const filesRead = new Set();
/** @type {Set<string>} */
const foldersListed = new Set();
const readFile = ts.sys.readFile;
ts.sys.readFile = (file, encoding) => {
  filesRead.add(file);
  return readFile(file, encoding);
};
const getDirectories = ts.sys.getDirectories;
ts.sys.getDirectories = (folder) => {
  const found = getDirectories(folder);
  foldersListed.add(folder);
  return found;
};

const nodeConverter = converterModule.createConverter({ isJS: false, isBrowser: false });
// Compile the emit path as a first cell would.
nodeConverter.convert("", "const warm: number = 1;\nwarm");
// A later read (a cell's import) must not be counted as part of the snapshot.
ts.sys.readFile = readFile;
ts.sys.getDirectories = getDirectories;

const fingerprint = takeFingerprint({ cwd, repoRoot, files: [...filesRead, ...config.bundleInputs], folders: foldersListed });
fs.writeFileSync(fingerprintFile, JSON.stringify(fingerprint, null, 1));

/** Puts a module instance from the heap where Node's `require` will find it. */
function provide(filename, exports) {
  const m = new Module(filename, null);
  m.filename = filename;
  m.paths = Module._nodeModulePaths(path.dirname(filename));
  m.exports = exports;
  m.loaded = true;
  Module._cache[filename] = m;
}

// Node leaves Error.stackTraceLimit out of a snapshot; once TypeScript has
// saved and restored it while the snapshot was built, it wakes up undefined,
// and errors have no frames. 10 is V8's default, what a kernel without a
// snapshot has.
const STACK_TRACE_LIMIT = 10;

v8.startupSnapshot.setDeserializeMainFunction(() => {
  trace("snapshot deserialized");
  if (typeof Error.stackTraceLimit !== "number") Error.stackTraceLimit = STACK_TRACE_LIMIT;
  const launch = path.join(repoRoot, "kernel", "launch.js");
  // node --snapshot-blob B <connection_file>: launch.js expects its own path first.
  process.argv.splice(1, 0, launch);
  const stale = staleness(fingerprint, process.cwd());
  trace("snapshot files checked");
  /** @type {any} */ (globalThis)[Symbol.for("adaptive-lr.kernelSnapshot")] = stale
    ? { stale }
    : {
        stale: null,
        typescript: ts,
        converterModule,
        nodeConverter,
        /** Starts the file watches the compiler asked for while the snapshot was built. */
        startWatches() {
          for (const w of watches) {
            if (w.closed || w.real) continue;
            const start = w.kind === "file" ? realWatchFile : realWatchDirectory;
            w.real = start(w.target, w.callback, w.option, w.more);
          }
          ts.sys.watchFile = realWatchFile;
          ts.sys.watchDirectory = realWatchDirectory;
        },
      };
  if (!stale) {
    provide(typescriptPath, ts);
    provide(path.join(tslabDist, "converter.js"), converterModule);
    provide(path.join(tslabDist, "metadata.js"), metadataModule);
  }
  Module.createRequire(launch)(launch);
});
