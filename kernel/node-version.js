"use strict";
// adaptive-lr needs Node.js 20 or newer (structuredClone, the test runner,
// tslab's ES2022 target). Older Node is refused up front, by `npm install`
// before anything is built or registered, and by every command, with one clear
// line, instead of failing later somewhere deep. Written in old JavaScript so
// that even an old Node can run it to print the message.

var MINIMUM_MAJOR = 20;

/**
 * The message for a Node.js that is too old, or null if it is new enough.
 * @param {string} version e.g. "16.20.2" (process.versions.node)
 * @param {string} [execPath] which node it is
 * @returns {string | null}
 */
function nodeTooOld(version, execPath) {
  var major = Number(String(version).replace(/^v/, "").split(".")[0]);
  if (major >= MINIMUM_MAJOR) return null;
  return (
    "adaptive-lr needs Node.js " + MINIMUM_MAJOR + " or newer; this is Node.js " + version +
    (execPath ? " (" + execPath + ")" : "") +
    ". Install Node.js " + MINIMUM_MAJOR + "+ (e.g. `nvm install " + MINIMUM_MAJOR + "` or https://nodejs.org), " +
    "put it first on PATH, and run `npm install` again."
  );
}

/** Prints the message and exits with status 1 when this Node is too old. */
function exitIfNodeTooOld() {
  var message = nodeTooOld(process.versions.node, process.execPath);
  if (message === null) return;
  process.stderr.write(message + "\n");
  process.exit(1);
}

module.exports = { nodeTooOld: nodeTooOld, exitIfNodeTooOld: exitIfNodeTooOld, MINIMUM_MAJOR: MINIMUM_MAJOR };

if (require.main === module) exitIfNodeTooOld();
