"use strict";
// What a kernel snapshot (kernel/snapshot.js) depends on, and whether it still
// holds: the size and mtime of every file the compiler read while it was built,
// the subfolders of every folder it listed (a new @types package), the folder,
// and node. Checked at every start from a snapshot, so it must stay cheap
// (a few hundred stat calls).
const fs = require("fs");

/**
 * @typedef {{ node: string, version: string, cwd: string, repoRoot: string,
 *   files: Record<string, string>, folders: Record<string, string[]> }} Fingerprint
 */

/** @param {string} file */
function stamp(file) {
  try {
    const s = fs.statSync(file);
    return `${s.size}:${s.mtimeMs}`;
  } catch {
    return "missing";
  }
}

/** @param {string} folder */
function subfolders(folder) {
  try {
    return fs.readdirSync(folder, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
  } catch {
    return [];
  }
}

/**
 * @param {{ cwd: string, repoRoot: string, files: Iterable<string>, folders: Iterable<string> }} read
 * @returns {Fingerprint}
 */
function takeFingerprint({ cwd, repoRoot, files, folders }) {
  return {
    node: process.execPath,
    version: process.version,
    cwd,
    repoRoot,
    files: Object.fromEntries([...new Set(files)].sort().map((f) => [f, stamp(f)])),
    folders: Object.fromEntries([...new Set(folders)].sort().map((f) => [f, subfolders(f)])),
  };
}

/**
 * Why the snapshot no longer fits this process and its files, or null.
 * @param {Fingerprint} fingerprint
 * @param {string} cwd
 */
function staleness(fingerprint, cwd) {
  if (process.execPath !== fingerprint.node || process.version !== fingerprint.version) return `it was built by ${fingerprint.node} ${fingerprint.version}`;
  if (cwd !== fingerprint.cwd) return `it was built for the folder ${fingerprint.cwd}`;
  for (const [file, was] of Object.entries(fingerprint.files)) if (stamp(file) !== was) return `${file} changed`;
  for (const [folder, was] of Object.entries(fingerprint.folders)) {
    if (subfolders(folder).join("/") !== was.join("/")) return `the packages in ${folder} changed`;
  }
  return null;
}

module.exports = { takeFingerprint, staleness };
