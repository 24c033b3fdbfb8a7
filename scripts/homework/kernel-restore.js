"use strict";
// Loaded by kernel/launch.js in a grading kernel (ADAPTIVE_LR_GRADING=1),
// before any cell runs: records the own properties and prototype of the
// standard built-ins (Math, JSON, Array.prototype, iterators, …) and of every
// export of the adaptive-lr module, with the functions used to put them back
// captured now. `restore()` runs before and after every cell, so a student's
// `Math.abs = () => 0`, a patched `Array.prototype.reduce` or a replaced
// module export is gone before the next cell (a check, or the TypeScript
// compiler, which shares the kernel's built-ins) runs. What cannot be put
// back (the student froze it, or made it non-configurable) fails every later
// cell with TAMPERED, which the report shows as "tampered".
const TAMPERED = "grader: the submission changed a built-in or the adaptive-lr module so that it cannot be put back (tampered)";

const STANDARD_GLOBALS = [
  "Object", "Function", "Array", "Number", "Boolean", "String", "Symbol", "BigInt", "Date", "RegExp", "Promise",
  "Map", "Set", "WeakMap", "WeakSet", "Proxy", "Reflect", "JSON", "Math", "Intl", "Atomics",
  "Error", "TypeError", "RangeError", "SyntaxError", "ReferenceError", "EvalError", "URIError", "AggregateError",
  "ArrayBuffer", "SharedArrayBuffer", "DataView", "Float64Array", "Float32Array", "Int8Array", "Int16Array", "Int32Array",
  "Uint8Array", "Uint8ClampedArray", "Uint16Array", "Uint32Array", "BigInt64Array", "BigUint64Array",
  "parseFloat", "parseInt", "isFinite", "isNaN", "structuredClone", "Buffer",
];

/**
 * @param {string} moduleDir the built module's folder: its loaded files' exports are recorded too
 * @returns {() => void} restore; throws TAMPERED when something cannot be put back
 */
function recordBuiltins(moduleDir) {
  const { ownKeys, getOwnPropertyDescriptor: describe, defineProperty: define, deleteProperty: remove, getPrototypeOf: protoOf, setPrototypeOf: setProto, apply } = Reflect;
  const same = Object.is;
  const push = Array.prototype.push;
  const seen = new Set();
  const setHas = Set.prototype.has;
  const setAdd = Set.prototype.add;
  const records = [];
  const record = (target, keepAdditions = false) => {
    if (target === null || (typeof target !== "object" && typeof target !== "function") || apply(setHas, seen, [target])) return;
    apply(setAdd, seen, [target]);
    const keys = ownKeys(target);
    const descriptors = [];
    for (let i = 0; i < keys.length; i++) descriptors[i] = describe(target, keys[i]);
    apply(push, records, [{ target, keys, descriptors, proto: protoOf(target), keepAdditions }]);
  };
  const g = globalThis;
  record(g, true); // Node adds globals lazily: the global object only gets its own back
  for (const name of STANDARD_GLOBALS) {
    const value = g[name];
    record(value);
    if (value !== null && value !== undefined && (typeof value === "object" || typeof value === "function")) record(value.prototype);
  }
  const iterator = (x) => protoOf(x[Symbol.iterator]());
  for (const intrinsic of [protoOf(Uint8Array), protoOf(Uint8Array).prototype, iterator([]), protoOf(iterator([])), iterator(new Map()), iterator(new Set()), iterator(""), protoOf(function* () {}), protoOf(function* () {}).prototype]) {
    record(intrinsic);
  }
  require(moduleDir); // the module as built, loaded before any student code
  // …and its other entry points (adaptive-lr/plot, …), which a notebook may import as well
  const pkg = require(require("path").join(moduleDir, "..", "package.json"));
  for (const [entry, target] of Object.entries(pkg.exports || {})) {
    if (entry !== "." && target && typeof target.default === "string") require(require("path").join(moduleDir, "..", target.default));
  }
  for (const file of Object.keys(require.cache)) {
    if (!file.startsWith(moduleDir)) continue;
    const exported = require.cache[file].exports;
    record(exported);
    for (const key of Object.keys(exported)) {
      const value = exported[key];
      record(value);
      if (typeof value === "function") record(value.prototype);
    }
  }
  const restoreOne = (r) => {
    const target = r.target;
    let ok = true;
    if (!same(protoOf(target), r.proto)) ok = setProto(target, r.proto) && ok;
    if (!r.keepAdditions) {
      const now = ownKeys(target);
      for (let i = 0; i < now.length; i++) {
        let known = false;
        for (let j = 0; j < r.keys.length; j++) if (same(r.keys[j], now[i])) { known = true; break; }
        if (!known) ok = remove(target, now[i]) && ok;
      }
    }
    for (let i = 0; i < r.keys.length; i++) {
      const was = r.descriptors[i];
      const is = describe(target, r.keys[i]);
      if (is && same(is.value, was.value) && same(is.get, was.get) && same(is.set, was.set) && is.writable === was.writable && is.enumerable === was.enumerable && is.configurable === was.configurable) continue;
      ok = define(target, r.keys[i], was) && ok;
    }
    return ok;
  };
  return () => {
    let ok = true;
    for (let i = 0; i < records.length; i++) if (!restoreOne(records[i])) ok = false;
    if (!ok) throw new Error(TAMPERED);
  };
}

/**
 * Wraps a tslab executor so built-ins and the module are put back before each cell.
 * @param {{ execute(src: string): Promise<boolean> }} executor
 * @param {string} moduleDir
 */
function guardExecutor(executor, moduleDir) {
  const restore = recordBuiltins(moduleDir);
  const execute = executor.execute;
  const log = console.error.bind(console);
  const put = () => {
    try {
      restore();
      return true;
    } catch (err) {
      log(String(err && err.message));
      return false;
    }
  };
  // before the cell, and after it too: the kernel's reply is serialized with JSON.stringify.
  // A cell whose changes cannot be undone fails with TAMPERED, which the report shows as "tampered".
  const tampered = { status: "error", ename: "Tampered", evalue: TAMPERED, traceback: [TAMPERED] };
  executor.execute = async (src, count) => {
    if (!put()) return tampered;
    const outcome = await execute(src, count);
    return put() ? outcome : tampered;
  };
  return executor;
}

module.exports = { guardExecutor, recordBuiltins, TAMPERED };
