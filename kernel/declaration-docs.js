"use strict";
// TypeScript 5.0 parses every JSDoc comment of lib.*.d.ts and @types/node at
// each kernel start: about a quarter of the start-up. Only hover docs (inspect)
// use them: in a declaration file (ambient context) JSDoc carries
// documentation, never types, so skipping it there changes no diagnostic and no
// emitted code. So the kernel compiles cells without them, and an interactive
// kernel parses the docs once, into a second compiler used for inspect only,
// when it is first idle or first asked (kernel/launch.js). npm start
// (ADAPTIVE_LR_KERNEL_DOCS=0) never does.
//
// The switch is a global because the parser reads it at parse time, deep
// inside TypeScript's bundle.

// TypeScript 5.0.4 (@tslab/typescript-for-tslab), parser.ts addJSDocComment.
const anchor = "function addJSDocComment(node) {\n";
const AMBIENT = 16777216; // NodeFlags.Ambient, set while parsing a .d.ts
const SWITCH = Symbol.for("adaptive-lr.skipDeclarationDocs");

/**
 * Source transform for typescript.js. Returns the text unchanged when the
 * anchor is not found exactly once (another TypeScript): slower, never wrong.
 * @param {string} content
 * @returns {string}
 */
function skipDeclarationDocs(content) {
  const at = content.indexOf(anchor);
  if (at < 0 || content.indexOf(anchor, at + 1) >= 0) return content;
  const end = at + anchor.length;
  return `${content.slice(0, end)}if (contextFlags & ${AMBIENT} && globalThis[Symbol.for("adaptive-lr.skipDeclarationDocs")] !== false) return node;\n${content.slice(end)}`;
}

/**
 * Runs `fn` with the JSDoc of declaration files parsed.
 * @template T
 * @param {() => T} fn
 * @returns {T}
 */
function withDeclarationDocs(fn) {
  const before = /** @type {any} */ (globalThis)[SWITCH];
  /** @type {any} */ (globalThis)[SWITCH] = false;
  try {
    return fn();
  } finally {
    /** @type {any} */ (globalThis)[SWITCH] = before;
  }
}

module.exports = { skipDeclarationDocs, withDeclarationDocs };
