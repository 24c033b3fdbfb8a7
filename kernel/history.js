"use strict";
// history_request over the cells this kernel ran (kept in memory: a kernel
// has one session, numbered 1; session 0 also means the current one).

const SESSION = 1;

/**
 * @typedef {{ line: number, input: string, output: string | null }} Entry
 * @param {Entry[]} entries in execution order
 * @param {{ output?: boolean, hist_access_type?: string, session?: number, start?: number,
 *   stop?: number, n?: number, pattern?: string, unique?: boolean }} req
 */
function historyReply(entries, req) {
  let chosen = [];
  const n = typeof req.n === "number" && req.n > 0 ? req.n : undefined;
  if (req.hist_access_type === "tail") {
    chosen = n === undefined ? entries.slice(-10) : entries.slice(-n);
  } else if (req.hist_access_type === "range") {
    const current = req.session === undefined || req.session === 0 || req.session === SESSION;
    const start = req.start ?? 0;
    const stop = req.stop ?? Infinity;
    chosen = current ? entries.filter((e) => e.line >= start && e.line < stop) : [];
  } else if (req.hist_access_type === "search") {
    const glob = globRegExp(req.pattern ?? "*");
    chosen = entries.filter((e) => glob.test(e.input));
    if (req.unique) {
      const seen = new Set();
      chosen = chosen.reverse().filter((e) => !seen.has(e.input) && seen.add(e.input)).reverse();
    }
    if (n !== undefined) chosen = chosen.slice(-n);
  }
  return {
    status: "ok",
    history: chosen.map((e) => (req.output ? [SESSION, e.line, [e.input, e.output]] : [SESSION, e.line, e.input])),
  };
}

/** A glob (`*`, `?`, as IPython's history search) matching a whole cell. */
function globRegExp(pattern) {
  const body = [...pattern].map((c) => (c === "*" ? "[\\s\\S]*" : c === "?" ? "[\\s\\S]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${body}$`);
}

module.exports = { historyReply, globRegExp };
