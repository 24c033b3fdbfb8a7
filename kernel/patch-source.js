"use strict";
// Rewrites the source of one module file as Node loads it (before it is compiled).
const Module = require("module");

/**
 * @param {(filename: string) => boolean} matches
 * @param {(content: string) => string} transform
 */
function patchSource(matches, transform) {
  const previous = Module.prototype._compile;
  Module.prototype._compile = function compilePatched(content, filename) {
    return previous.call(this, matches(filename) ? transform(content) : content, filename);
  };
}

module.exports = { patchSource };
