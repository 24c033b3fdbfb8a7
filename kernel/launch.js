#!/usr/bin/env node
"use strict";
// Jupyter starts the kernel as `node kernel/launch.js {connection_file}`
// (see kernel/kernelspec.js). It brings src/dist up to date, then runs the
// repo's own tslab in this process, faster than `tslab kernel` would:
//  - tslab's TypeScript compiler is loaded through a V8 code cache;
//  - the sockets are bound before the compiler is warmed, so Jupyter's client
//    connects and subscribes while we parse lib.d.ts instead of after;
//  - cells are compiled without the JSDoc of .d.ts files; hover docs come from
//    a second compiler that parses them once the kernel is first idle or first
//    asked, never with ADAPTIVE_LR_KERNEL_DOCS=0 (npm start)
//    (kernel/declaration-docs.js).
require("./node-version").exitIfNodeTooOld();
const path = require("path");
const { ensureBuilt } = require("./fresh-build");
const { installCodeCache } = require("./code-cache");
const { skipDeclarationDocs, withDeclarationDocs } = require("./declaration-docs");
const { trace } = require("./trace");
const { patchSource } = require("./patch-source");
const { patchConverter } = require("./converter-patches");
const { createExecutor } = require("./executor");
const { isInside, addNodePath, withCompilerOptions } = require("./outside-repo");
const { serveFront, frontAddress, forgetFrontEnvironment } = require("./back");

// Started beside a front (kernel/start.sh, kernel/front.js): it has the sockets, this process has the cells.
const front = frontAddress();
forgetFrontEnvironment();

const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: node kernel/launch.js <connection_file>  (Jupyter passes {connection_file})\n");
  process.exit(2);
}

// Set when this process woke from a start-up snapshot (kernel/snapshot-entry.js):
// TypeScript and tslab's converter are already loaded and the compiler is warm.
const snapshot = /** @type {any} */ (globalThis)[Symbol.for("adaptive-lr.kernelSnapshot")] ?? null;
const fromSnapshot = Boolean(snapshot && !snapshot.stale);
trace(fromSnapshot ? "launch from snapshot" : snapshot ? "launch (snapshot out of date)" : "launch");
const build = ensureBuilt();
// The kernel still starts: the cells show what the last emitted build does.
if (!build.ok) process.stderr.write(`adaptive-lr: ${build.output}\n`);
trace("build checked");

const repoRoot = path.resolve(__dirname, "..");
const cache = fromSnapshot ? { misses: () => 0, save() {} } : installCodeCache({
  cacheDir: path.join(repoRoot, "node_modules", ".cache", "adaptive-lr-kernel"),
  // ADAPTIVE_LR_KERNEL_CODE_CACHE=0 turns the cache off (to measure what it saves).
  useCache: process.env.ADAPTIVE_LR_KERNEL_CODE_CACHE !== "0",
  shouldCache: (filename) => filename.endsWith(path.join("typescript-for-tslab", "lib", "typescript.js")),
  transform: skipDeclarationDocs,
});

const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "dist");
// Source maps for cells, a rebuild timer that survives changes in watched
// folders, one compile per cell (kernel/converter-patches.js).
const isConverter = (filename) => filename === path.join(tslabDist, "converter.js");
if (!fromSnapshot) patchSource(isConverter, patchConverter);
if (!isInside(process.cwd(), repoRoot)) {
  // A notebook outside the repo: `adaptive-lr` (and the repo's other packages)
  // resolve from the repo's node_modules, for the compiler and for Node.
  const nodeModules = path.join(repoRoot, "node_modules");
  addNodePath(nodeModules);
  // baseUrl lookups skip package.json's typesVersions: map the module's other entry
  // points (adaptive-lr/plot, …) to their declarations the way typesVersions does.
  const { typesVersions } = require(path.join(repoRoot, "src", "package.json"));
  const paths = Object.fromEntries(
    Object.entries((typesVersions && typesVersions["*"]) || {}).map(([entry, targets]) => [`adaptive-lr/${entry}`, targets.map((t) => `adaptive-lr/${t}`)]),
  );
  patchSource(isConverter, withCompilerOptions({ baseUrl: nodeModules, paths }));
}
const converterModule = fromSnapshot ? snapshot.converterModule : require(path.join(tslabDist, "converter"));
const { createConverter } = converterModule;
const { loadProtocol, ProtocolServer } = require("./protocol");
const { CellHandler } = loadProtocol(tslabDist);
trace("tslab loaded");

// What tslab 1.0.22's startKernel does (dist/main.js), reordered: bind first.
const hoverDocs = process.env.ADAPTIVE_LR_KERNEL_DOCS !== "0";
/** @type {[string, string, unknown][]} modules defined by cells (%module), for the docs compiler too */
const cellModules = [];
let nodeConverter = fromSnapshot ? snapshot.nodeConverter : undefined;
let browserConverter;
let docsConverter;
const converters = {
  get node() {
    if (!nodeConverter) nodeConverter = createConverter({ isJS: false, isBrowser: false });
    return nodeConverter;
  },
  get browser() {
    if (!browserConverter) browserConverter = createConverter({ isJS: false, isBrowser: true });
    return browserConverter;
  },
  /** The compiler for inspect: with the JSDoc of .d.ts files when the kernel is interactive. */
  get inspector() {
    if (!hoverDocs) return converters.node;
    if (!docsConverter) {
      const created = withDeclarationDocs(() => createConverter({ isJS: false, isBrowser: false }));
      for (const [name, src, meta] of cellModules) withDeclarationDocs(() => created.addModule(name, src, meta));
      docsConverter = created;
    }
    return {
      inspect: (prevDecl, src, position) => withDeclarationDocs(() => docsConverter.inspect(prevDecl, src, position)),
    };
  },
  /** A module a cell defined (%module): the docs compiler needs it too. */
  moduleAdded(name, src, meta) {
    cellModules.push([name, src, meta]);
    if (docsConverter) withDeclarationDocs(() => docsConverter.addModule(name, src, meta));
  },
  /** Parses the docs now if nobody has asked yet (called when the kernel is idle). */
  prepareInspector() {
    if (hoverDocs && !docsConverter) void converters.inspector;
  },
  close() {
    if (nodeConverter) nodeConverter.close();
    if (browserConverter) browserConverter.close();
    if (docsConverter) docsConverter.close();
  },
};
const executor = createExecutor(process.cwd(), converters, { tslabDist });
// A grading kernel (npm run grade) puts built-ins and the module back before every cell: scripts/homework/kernel-restore.js.
if (process.env.ADAPTIVE_LR_GRADING === "1") {
  require(path.join(repoRoot, "scripts", "homework", "kernel-restore.js")).guardExecutor(executor, path.join(repoRoot, "src", "dist"));
}
const compiler = {
  typescript: () => (fromSnapshot ? snapshot.typescript : require(require.resolve("@tslab/typescript-for-tslab", { paths: [tslabDist] }))),
  isCompleteCode: converterModule.isCompleteCode,
};
const cells = new CellHandler(executor, compiler);
// Hover docs are parsed when the kernel has been idle a while (a person
// reading), not between the cells of a batch run.
const onIdle = () => converters.prepareInspector();

process.on("SIGINT", () => executor.interrupt());
process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));

if (front) {
  if (fromSnapshot) snapshot.startWatches();
  serveFront(front, cells, { onIdle });
  trace("back ready");
  // Warm already unless the snapshot was stale: then parse lib.d.ts now, while
  // the front's client finishes its handshake, not in the first cell.
  converters.node;
  if (snapshot?.stale) rebuildSnapshotLater(snapshot.stale);
} else {
  const server = new ProtocolServer(cells, connectionFile, { interrupt: () => executor.interrupt(), onIdle });
  server.init(require.resolve("zeromq", { paths: [tslabDist] })).then(
    () => {
      trace("sockets bound");
      if (fromSnapshot) snapshot.startWatches();
      converters.node; // parse and bind lib.d.ts and @types now, not in the first cell
      trace("compiler warm");
      if (snapshot?.stale) rebuildSnapshotLater(snapshot.stale);
      if (cache.misses() > 0) {
        // Compile the emit path too, so the cache covers a first cell.
        converters.node.convert("", "const warm: number = 1;\nwarm");
        cache.save();
        trace("code cache written");
      }
    },
    (err) => {
      console.error("adaptive-lr kernel: cannot bind the sockets of", connectionFile, err);
      process.exit(1);
    },
  );
}

/**
 * This folder's start-up snapshot no longer matches its files (an npm install,
 * an edited kernel/): the next kernel here should start fast again. Built by a
 * detached, low-priority process; never in a grading sandbox (read-only repo).
 * @param {string} why
 */
function rebuildSnapshotLater(why) {
  if (process.env.ADAPTIVE_LR_GRADING === "1") return;
  process.stderr.write(`adaptive-lr: the kernel's start-up snapshot for this folder is out of date (${why}); rebuilding it in the background\n`);
  try {
    const { spawn } = require("child_process");
    const child = spawn("nice", ["-n", "10", process.execPath, path.join(__dirname, "snapshot.js"), process.cwd()], { detached: true, stdio: "ignore" });
    child.on("error", () => {});
    child.unref();
  } catch {
    // only slower next time
  }
}
