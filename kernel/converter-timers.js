"use strict";
// Source transform for tslab 1.0.22's dist/converter.js (Apache-2.0, © Yu
// Watanabe; see kernel/NOTICE). tslab runs TypeScript's watch program with a
// fake timer that holds one pending callback, fired when the next cell is
// converted, and throws "Unexpected pending rebuildTimer" if TypeScript asks
// for a second. TypeScript does ask for a second when a folder it watches
// changes between cells (it watches the parents of missing node_modules
// folders, so /tmp when the repo is under /tmp, and the kernel's own files
// land there): the next cell then fails with that error. Here the fake timer
// holds any number of callbacks, fired in order at the next conversion, and a
// cleared one is dropped: each compile still happens inside a conversion.
//
// The edit is anchored on text that must occur exactly once; if tslab changes,
// the converter is loaded unchanged.

const ANCHOR = `        if (rebuildTimer) {
            throw new Error("Unexpected pending rebuildTimer");
        }
        rebuildTimer = {
            callback: () => {
                callback();
                rebuildTimer = null;
            },
        };
        return rebuildTimer;
    };
    sys.clearTimeout = (timeoutId) => {
        if (rebuildTimer === timeoutId) {
            rebuildTimer = null;
            return;
        }
        throw new Error("clearing unexpected tiemr");
    };
`;

const REPLACEMENT = `        const timer = { callback };
        pendingTimers.push(timer);
        rebuildTimer = {
            callback: () => {
                const due = pendingTimers;
                pendingTimers = [];
                rebuildTimer = null;
                for (const t of due) t.callback();
            },
        };
        return timer;
    };
    sys.clearTimeout = (timeoutId) => {
        pendingTimers = pendingTimers.filter((t) => t !== timeoutId);
        if (pendingTimers.length === 0) rebuildTimer = null;
    };
`;

const DECLARATION = "    let rebuildTimer = null;\n";

/**
 * @param {string} content tslab's dist/converter.js
 * @returns {string} the converter with a timer that holds several callbacks, or `content` unchanged
 */
function withPendingTimers(content) {
  const at = content.indexOf(ANCHOR);
  const declared = content.indexOf(DECLARATION);
  if (at < 0 || content.indexOf(ANCHOR, at + 1) >= 0 || declared < 0 || content.indexOf(DECLARATION, declared + 1) >= 0) return content;
  const patched = content.slice(0, at) + REPLACEMENT + content.slice(at + ANCHOR.length);
  return patched.replace(DECLARATION, DECLARATION + "    let pendingTimers = [];\n");
}

module.exports = { withPendingTimers };
