"use strict";
// The MIME bundle of a cell's last value, for its execute_result. text/plain
// is what Node's REPL shows (util.inspect); a value may offer richer forms
// through Deno's Jupyter convention, a method under Symbol.for("Jupyter.display")
// returning a MIME bundle (e.g. { "text/html": "<b>hi</b>" }).
const util = require("util");

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

/**
 * @param {unknown} value
 * @returns {Record<string, unknown>}
 */
function mimeBundle(value) {
  /** @type {Record<string, unknown>} */
  const bundle = { "text/plain": util.inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 }) };
  const display = value !== null && (typeof value === "object" || typeof value === "function") ? /** @type {any} */ (value)[JUPYTER_DISPLAY] : undefined;
  if (typeof display === "function") {
    const rich = display.call(value);
    if (rich && typeof rich === "object") {
      for (const [mime, data] of Object.entries(rich)) if (/^[\w.+-]+\/[\w.+-]+$/.test(mime)) bundle[mime] = data;
    }
  }
  return bundle;
}

module.exports = { mimeBundle, JUPYTER_DISPLAY };
