"use strict";
// A notebook outside the repo (the kernel installed with `npm run
// kernel:install`) still imports `adaptive-lr` by name: the repo's
// node_modules becomes a fallback for both the compiler (baseUrl, patched into
// tslab's converter options) and Node at run time (NODE_PATH).
const Module = require("module");
const path = require("path");

/** @param {string} dir @param {string} root */
function isInside(dir, root) {
  const rel = path.relative(root, dir);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Makes bare imports fall back to `nodeModules` at run time.
 * @param {string} nodeModules the repo's node_modules
 */
function addNodePath(nodeModules) {
  const current = (process.env.NODE_PATH ?? "").split(path.delimiter).filter(Boolean);
  if (!current.includes(nodeModules)) process.env.NODE_PATH = [...current, nodeModules].join(path.delimiter);
  /** @type {any} */ (Module)._initPaths();
}

const OPTIONS_END = "        outDir,\n    }, sys, null, function (d) {\n";

/**
 * Source transform for tslab 1.0.22's dist/converter.js adding compiler options
 * (unchanged text if the anchor is not found exactly once).
 * @param {Record<string, unknown>} extra
 * @returns {(content: string) => string}
 */
function withCompilerOptions(extra) {
  return function addCompilerOptions(content) {
    const at = content.indexOf(OPTIONS_END);
    if (at < 0 || content.indexOf(OPTIONS_END, at + 1) >= 0) return content;
    const inserted = Object.entries(extra).map(([key, value]) => `        ${key}: ${JSON.stringify(value)},\n`).join("");
    return content.slice(0, at) + "        outDir,\n" + inserted + content.slice(at + "        outDir,\n".length);
  };
}

module.exports = { isInside, addNodePath, withCompilerOptions };
