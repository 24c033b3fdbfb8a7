"use strict";
// V8 code cache for the few large modules the kernel loads at every start
// (tslab's TypeScript compiler is 8 MB of JavaScript). Node 20 has no
// module.enableCompileCache, so we compile those modules ourselves with
// vm.Script and its cachedData. The cache is written once the kernel is warm,
// so it also holds the functions V8 compiled lazily while tslab parsed and
// type-checked its lib files: that is where most of the saving comes from.
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");
const vm = require("vm");

/** @typedef {{ filename: string, cacheFile: string, script: vm.Script, hit: boolean }} Entry */

/**
 * Compiles the modules selected by `shouldCache` through a V8 code cache kept
 * in `cacheDir` (unless `useCache` is false), after an optional source
 * `transform` (part of the cache key). Returns `save()`, to call once the
 * kernel is warm.
 * @param {{
 *   cacheDir: string,
 *   useCache?: boolean,
 *   shouldCache: (filename: string) => boolean,
 *   transform?: (content: string, filename: string) => string,
 * }} options
 */
function installCodeCache({ cacheDir, useCache = true, shouldCache, transform }) {
  /** @type {Entry[]} */
  const entries = [];
  const originalCompile = Module.prototype._compile;

  Module.prototype._compile = function compileWithCache(content, filename) {
    if (!shouldCache(filename)) {
      return originalCompile.call(this, content, filename);
    }
    if (transform) content = transform(content, filename);
    const variant = transform ? transform.name : "as published";
    const cacheFile = path.join(cacheDir, cacheKey(filename, variant, content) + ".bin");
    const cachedData = useCache ? readOrUndefined(cacheFile) : undefined;
    const script = new vm.Script(Module.wrap(content), {
      filename,
      cachedData,
      importModuleDynamically: undefined,
    });
    const hit = cachedData !== undefined && !script.cachedDataRejected;
    if (useCache) entries.push({ filename, cacheFile, script, hit });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const mod = this;
    return wrapper.call(mod.exports, mod.exports, makeRequire(mod), mod, filename, path.dirname(filename));
  };

  return {
    /** Writes the cache of every module that missed it. Never throws: a cache is optional. */
    save() {
      for (const entry of entries) {
        if (entry.hit) continue;
        try {
          fs.mkdirSync(cacheDir, { recursive: true });
          const tmp = `${entry.cacheFile}.${process.pid}.tmp`;
          fs.writeFileSync(tmp, entry.script.createCachedData());
          fs.renameSync(tmp, entry.cacheFile);
          entry.hit = true;
        } catch {
          // A read-only checkout still starts, only slower.
        }
      }
    },
    /** How many cached modules were compiled without a usable cache. */
    misses() {
      return entries.filter((entry) => !entry.hit).length;
    },
    /** @returns {{ filename: string, hit: boolean }[]} */
    report() {
      return entries.map(({ filename, hit }) => ({ filename, hit }));
    },
  };
}

// V8 checks a cache only against the source's length and its own flags, so
// the key must change with the source. Hashing 8 MB costs 15 ms at every
// start; the package's version, the length and both ends of the text identify
// an installed npm file as well (npm packages are immutable per version).
function cacheKey(filename, variant, content) {
  return crypto
    .createHash("sha256")
    .update([filename, variant, packageVersion(filename), content.length, process.version, process.arch].join("\0"))
    .update(content.slice(0, 4096))
    .update(content.slice(-4096))
    .digest("hex")
    .slice(0, 24);
}

function packageVersion(filename) {
  for (let dir = path.dirname(filename); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const text = readOrUndefined(path.join(dir, "package.json"));
    if (text === undefined) continue;
    try {
      const { name, version } = JSON.parse(text.toString("utf8"));
      if (typeof name === "string") return `${name}@${version}`;
    } catch {
      return "unreadable package.json";
    }
  }
  return "no package";
}

function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

// The same `require` Node gives a module: resolution relative to `mod`.
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  require.resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  require.resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { installCodeCache };
