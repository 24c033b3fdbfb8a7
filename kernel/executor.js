"use strict";
// Runs cells. Adapted from tslab 1.0.22's dist/executor.js (Apache License
// 2.0, Copyright 2019 Yu Watanabe; see kernel/NOTICE). Changes from tslab:
//  - execute() returns what happened instead of printing it: the value of the
//    cell's last expression (for an execute_result) or the error, with its
//    lines numbered in the cell (kernel/cell-error.js), for an `error` message;
//  - each cell runs as the script "In[n]" so its frames can be told apart.
const path = require("path");
const vm = require("vm");
const Module = require("module");
const { cellError, compileError, interruptError } = require("./cell-error");
const { decodeMap } = require("./source-map");

/**
 * @typedef {{ status: "ok", hasValue: boolean, value?: unknown }} CellSuccess
 * @typedef {{ status: "error", ename: string, evalue: string, traceback: string[] }} CellFailure
 * @typedef {CellSuccess | CellFailure} CellOutcome
 */

/**
 * @param {string} rootDir where cells resolve modules from (the notebook's folder)
 * @param {{ node: any, browser: any, inspector?: any, moduleAdded?: Function, close(): void }} convs
 *   tslab converters, created on first use
 * @param {{ tslabDist: string }} options where tslab 1.0.22 is (its metadata and path helpers are reused)
 */
function createExecutor(rootDir, convs, { tslabDist }) {
  const { getCodeMetadata } = require(path.join(tslabDist, "metadata"));
  const { normalizeJoin } = require(path.join(tslabDist, "tspath"));
  const tslabPackage = path.dirname(tslabDist);

  const sideOutputs = new Map();
  const sideModules = new Map();
  const exports = createExports();
  const req = wrapRequire(Module.createRequire(normalizeJoin(rootDir, "src.js")), rootDir);
  vm.runInThisContext("(x) => { globalThis.__tslab__ = x; }")({ exports, require: req });

  let prevDecl = "";
  const interrupted = Symbol("interrupted");
  /** @type {(reason: unknown) => void} */
  let rejectInterruptPromise = () => {};
  /** @type {Promise<never>} */
  let interruptPromise;
  function resetInterruptPromise() {
    interruptPromise = new Promise((_, reject) => {
      rejectInterruptPromise = reject;
    });
    interruptPromise.catch(() => {});
  }
  resetInterruptPromise();

  function interrupt() {
    rejectInterruptPromise(interrupted);
    resetInterruptPromise();
  }

  // Import and require of `tslab` and of local .ts files the cells import.
  function wrapRequire(original, dirname) {
    function requireFromSideOutputs(id) {
      let filename = normalizeJoin(dirname, id);
      if (path.extname(filename) === "") filename += ".js";
      const cached = sideModules.get(filename);
      if (cached) return cached.exports;
      if (!sideOutputs.has(filename)) return null;
      const mod = new Module(filename, module);
      mod.filename = filename;
      mod.paths = Module._nodeModulePaths(path.dirname(filename));
      mod.require = wrapRequire(mod.require, path.dirname(filename));
      mod._compile(sideOutputs.get(filename), filename);
      sideModules.set(filename, mod);
      return mod.exports;
    }
    return new Proxy(original, {
      apply(_target, thisArg, args) {
        if (args.length !== 1) return original.apply(thisArg, args);
        if (args[0] === "tslab") return require(tslabPackage);
        return requireFromSideOutputs(args[0]) ?? original.apply(thisArg, args);
      },
    });
  }

  function updateSideOutputs(outs) {
    for (const out of outs) {
      sideModules.delete(out.path);
      sideOutputs.set(out.path, out.data);
    }
  }

  function createExports() {
    const target = {};
    return new Proxy(target, {
      // TypeScript turns named imports into defineProperty; cells may rebind them.
      defineProperty(_target, prop, attrs) {
        if (prop === "__esModule") return true;
        target[prop] = attrs.get ? attrs.get() : attrs.value;
        return true;
      },
    });
  }

  /**
   * @param {string} src the cell
   * @param {number} count its execution count (names its script In[count])
   * @returns {Promise<CellOutcome>}
   */
  async function execute(src, count) {
    const meta = getCodeMetadata(src);
    if (meta.module) {
      const conv = meta.mode === "browser" ? convs.browser : convs.node;
      const diagnostics = conv.addModule(meta.module, src, meta);
      if (meta.mode !== "browser" && convs.moduleAdded) convs.moduleAdded(meta.module, src, meta);
      // tslab registers a module even when it has errors.
      return diagnostics.length > 0 ? compileError(diagnostics) : { status: "ok", hasValue: false };
    }
    if (meta.mode === "browser") return { status: "ok", hasValue: false };

    const converted = convs.node.convert(prevDecl, src);
    if (converted.sideOutputs) updateSideOutputs(converted.sideOutputs);
    if (converted.diagnostics.length > 0) return compileError(converted.diagnostics);
    if (!converted.output) {
      prevDecl = converted.declOutput || "";
      return { status: "ok", hasValue: false };
    }
    const prefix = converted.hasToplevelAwait ? "(async function(exports, require) { " : "(function(exports, require) { ";
    const script = {
      filename: `In[${count}]`,
      source: src,
      prefixLength: prefix.length,
      maps: () => (converted.commonJsSourceMap && converted.cellSourceMap ? [decodeMap(converted.commonJsSourceMap), decodeMap(converted.cellSourceMap)] : []),
    };
    let promise = null;
    try {
      const wrapped = `${prefix}${converted.output}\n})(__tslab__.exports, __tslab__.require)`;
      const ret = vm.runInThisContext(wrapped, { filename: script.filename, breakOnSigint: true, displayErrors: false });
      if (converted.hasToplevelAwait) promise = ret;
    } catch (e) {
      return isSigintTermination(e) ? interruptError(e, script) : cellError(e, script);
    }
    if (promise) {
      try {
        await Promise.race([promise, interruptPromise]);
      } catch (e) {
        return e === interrupted ? interruptError(undefined, script) : cellError(e, script);
      }
    }
    prevDecl = converted.declOutput || "";
    const name = converted.lastExpressionVar;
    if (name && exports[name] != null) {
      const value = exports[name];
      delete exports[name];
      return { status: "ok", hasValue: true, value };
    }
    return { status: "ok", hasValue: false };
  }

  // Hover docs come from convs.inspector (a compiler that parsed the JSDoc of .d.ts files).
  function inspect(src, position) {
    const conv = getCodeMetadata(src).mode === "browser" ? convs.browser : convs.inspector ?? convs.node;
    return conv.inspect(prevDecl, src, position);
  }

  function complete(src, position) {
    const conv = getCodeMetadata(src).mode === "browser" ? convs.browser : convs.node;
    return conv.complete(prevDecl, src, position);
  }

  function reset() {
    prevDecl = "";
    for (const name of Object.getOwnPropertyNames(exports)) delete exports[name];
  }

  return { execute, inspect, complete, locals: exports, reset, interrupt, close: () => convs.close() };
}

// vm's breakOnSigint stops a running script with this error.
function isSigintTermination(e) {
  return e instanceof Error && /** @type {{ code?: string }} */ (e).code === "ERR_SCRIPT_EXECUTION_INTERRUPTED";
}

module.exports = { createExecutor };
