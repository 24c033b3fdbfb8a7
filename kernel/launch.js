#!/usr/bin/env node
"use strict";
// Jupyter starts the kernel as `node kernel/launch.js {connection_file}`
// (see kernel/kernelspec.js). It brings src/dist up to date, then runs the
// repo's own tslab in this process, faster than `tslab kernel` would:
//  - tslab's TypeScript compiler is loaded through a V8 code cache;
//  - the sockets are bound before the compiler is warmed, so Jupyter's client
//    connects and subscribes while we parse lib.d.ts instead of after;
//  - with ADAPTIVE_LR_KERNEL_DOCS=0 (npm start) it skips the JSDoc of .d.ts
//    files (kernel/declaration-docs.js).
const path = require("path");
const { ensureBuilt } = require("./fresh-build");
const { installCodeCache } = require("./code-cache");
const { skipDeclarationDocs } = require("./declaration-docs");
const { trace } = require("./trace");

const connectionFile = process.argv[2];
if (!connectionFile) {
  process.stderr.write("usage: node kernel/launch.js <connection_file>  (Jupyter passes {connection_file})\n");
  process.exit(2);
}

trace("launch");
const build = ensureBuilt();
// The kernel still starts: the cells show what the last emitted build does.
if (!build.ok) process.stderr.write(`adaptive-lr: ${build.output}\n`);
trace("build checked");

const repoRoot = path.resolve(__dirname, "..");
const cache = installCodeCache({
  cacheDir: path.join(repoRoot, "node_modules", ".cache", "adaptive-lr-kernel"),
  // ADAPTIVE_LR_KERNEL_CODE_CACHE=0 turns the cache off (to measure what it saves).
  useCache: process.env.ADAPTIVE_LR_KERNEL_CODE_CACHE !== "0",
  shouldCache: (filename) => filename.endsWith(path.join("typescript-for-tslab", "lib", "typescript.js")),
  transform: process.env.ADAPTIVE_LR_KERNEL_DOCS === "0" ? skipDeclarationDocs : undefined,
});

const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "dist");
const { createConverter } = require(path.join(tslabDist, "converter"));
const { createExecutor } = require(path.join(tslabDist, "executor"));
const { ZmqServer, JupyterHandlerImpl } = require(path.join(tslabDist, "jupyter"));
trace("tslab loaded");

// What tslab 1.0.22's startKernel does (dist/main.js), reordered: bind first.
let nodeConverter;
let browserConverter;
const converters = {
  get node() {
    nodeConverter ??= createConverter({ isJS: false, isBrowser: false });
    return nodeConverter;
  },
  get browser() {
    browserConverter ??= createConverter({ isJS: false, isBrowser: true });
    return browserConverter;
  },
  close() {
    nodeConverter?.close();
    browserConverter?.close();
  },
};
const executor = createExecutor(process.cwd(), converters, { log: console.log, error: console.error });
// A grading kernel (npm run grade) puts built-ins and the module back before every cell: scripts/homework/kernel-restore.js.
if (process.env.ADAPTIVE_LR_GRADING === "1") {
  require(path.join(repoRoot, "scripts", "homework", "kernel-restore.js")).guardExecutor(executor, path.join(repoRoot, "src", "dist"));
}
const server = new ZmqServer(new JupyterHandlerImpl(executor, false), connectionFile);

process.on("SIGINT", () => executor.interrupt());
process.on("uncaughtException", (err) => console.error("UncaughtException:", err));
process.on("unhandledRejection", (reason) => console.error("UnhandledPromiseRejection:", reason));

server.init().then(
  () => {
    trace("sockets bound");
    converters.node; // parse and bind lib.d.ts and @types now, not in the first cell
    trace("compiler warm");
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
