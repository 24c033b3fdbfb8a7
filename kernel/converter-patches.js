"use strict";
// What the kernel changes in tslab 1.0.22's dist/converter.js, in the one
// order both loaders apply it (kernel/launch.js as Node loads the file,
// kernel/snapshot.js as it bundles the start-up snapshot). Each edit leaves
// the converter unchanged where its anchor is missing.
const { withCellSourceMaps } = require("./cell-source-maps");
const { withPendingTimers } = require("./converter-timers");
const { withOneCompilePerCell } = require("./converter-one-compile");

/** The files of these edits: a start-up snapshot is stale when one changes. */
const CONVERTER_PATCH_FILES = ["converter-patches.js", "cell-source-maps.js", "converter-timers.js", "converter-one-compile.js"];

/**
 * @param {string} content tslab's dist/converter.js
 * @returns {string} the converter with source maps for cells (kernel/cell-source-maps.js),
 *   a rebuild timer that survives changes in watched folders (kernel/converter-timers.js)
 *   and one compile per cell (kernel/converter-one-compile.js)
 */
function patchConverter(content) {
  return withOneCompilePerCell(withPendingTimers(withCellSourceMaps(content)));
}

module.exports = { patchConverter, CONVERTER_PATCH_FILES };
