"use strict";
// Batch runs (npm start, tests, bench) never show hover docs, yet TypeScript
// 5.0 parses every JSDoc comment of lib.*.d.ts and @types/node at each kernel
// start: about a quarter of the start-up. In a declaration file (ambient
// context) JSDoc carries documentation only, never types, so skipping it there
// changes no diagnostic and no emitted code. Interactive kernels keep the docs.
// Enabled by ADAPTIVE_LR_KERNEL_DOCS=0 (the runner sets it).

// TypeScript 5.0.4 (@tslab/typescript-for-tslab), parser.ts addJSDocComment.
const anchor = "function addJSDocComment(node) {\n";
const AMBIENT = 16777216; // NodeFlags.Ambient, set while parsing a .d.ts

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
  return `${content.slice(0, end)}if (contextFlags & ${AMBIENT}) return node;\n${content.slice(end)}`;
}

module.exports = { skipDeclarationDocs };
