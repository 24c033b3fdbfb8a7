"use strict";
// Which notebooks a run executes, in name order.
const fs = require("fs");
const path = require("path");
const { UsageError } = require("./args");

/** The .ipynb files of a folder, in name order (checkpoints and hidden files excluded). */
function notebooksIn(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ipynb") && !e.name.startsWith("."))
    .map((e) => path.join(dir, e.name))
    .sort((a, b) => (path.basename(a) < path.basename(b) ? -1 : path.basename(a) > path.basename(b) ? 1 : 0));
}

/**
 * Resolves selectors to notebook paths. A selector is a folder, a notebook
 * file, a path prefix (contains a "/"), or a name prefix in `notebooksDir`.
 * @param {string[]} selectors
 * @param {string} notebooksDir
 * @param {string} cwd
 * @returns {string[]} absolute paths, deduplicated, in name order within each selector
 */
function selectNotebooks(selectors, notebooksDir, cwd = process.cwd()) {
  if (selectors.length === 0) return notebooksIn(notebooksDir);
  const chosen = [];
  for (const selector of selectors) {
    const matches = resolveSelector(selector, notebooksDir, cwd);
    if (matches.length === 0) {
      const available = fs.existsSync(notebooksDir) ? notebooksIn(notebooksDir).map((p) => path.basename(p)) : [];
      throw new UsageError(
        `no notebook matches "${selector}"; notebooks in ${path.relative(cwd, notebooksDir) || "."}: ${available.join(", ") || "(none)"}`,
      );
    }
    for (const m of matches) if (!chosen.includes(m)) chosen.push(m);
  }
  const byName = new Map();
  for (const p of chosen) {
    const name = path.basename(p, ".ipynb");
    if (byName.has(name) && byName.get(name) !== p) {
      throw new UsageError(`two selected notebooks would write the same output "${name}": ${byName.get(name)} and ${p}`);
    }
    byName.set(name, p);
  }
  return chosen;
}

function resolveSelector(selector, notebooksDir, cwd) {
  const asPath = path.resolve(cwd, selector);
  if (fs.existsSync(asPath)) {
    const stat = fs.statSync(asPath);
    if (stat.isDirectory()) return notebooksIn(asPath);
    if (stat.isFile() && asPath.endsWith(".ipynb")) return [asPath];
  }
  const hasSeparator = selector.includes("/") || selector.includes(path.sep);
  const [dir, prefix] = hasSeparator ? [path.dirname(asPath), path.basename(asPath)] : [notebooksDir, selector];
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return [];
  return notebooksIn(dir).filter((p) => path.basename(p).startsWith(prefix));
}

module.exports = { selectNotebooks, notebooksIn };
