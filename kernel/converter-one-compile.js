"use strict";
// Source transform for tslab 1.0.22's dist/converter.js (Apache-2.0, © Yu
// Watanabe; see kernel/NOTICE): one compile per cell instead of two.
//
// tslab exports every top-level name a cell declares (so the next cell sees
// it), and finds those names in the binder's table of the compiled cell: it
// compiles the cell once to read the names, then again with
// `export { names }` appended. Each compile is a new program: a new type
// checker that merges every lib and @types file's globals, and a new builder
// state that walks the references of every file, for about half of a cell's
// conversion time. The binder works on one file alone, so here the cell is
// parsed and bound by itself (a millisecond) to read its names, and the
// program is compiled once, with the same source as before: what a cell
// compiles to, its errors and its declarations do not change.
//
// The edit is anchored on text that must occur exactly once; if tslab
// changes, the converter is loaded unchanged (two compiles, as before).

const ANCHOR = `        updateContent(prevDecl, src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
        const locals = srcFile.locals;
        const keys = new Set();
        if (locals) {
            locals.forEach((_, key) => {
                keys.add(key);
            });
        }
        if (keys.size > 0) {
            // Export all local variables.
            // TODO: Disallow "export" in the input.
            const suffix = "\\nexport {" + Array.from(keys).join(", ") + "}";
            updateContent(prevDecl, src + suffix);
            declsFile = builder.getSourceFile(declFilename);
            srcFile = builder.getSourceFile(srcFilename);
        }
`;

const REPLACEMENT = `        // The cell's top-level names, from the cell parsed and bound alone
        // (kernel/converter-one-compile.js).
        const cellAlone = ts.createSourceFile(srcFilename, srcPrefix + src, transpileTarget, false);
        ts.bindSourceFile(cellAlone, builder.getProgram().getCompilerOptions());
        const locals = cellAlone.locals;
        const keys = new Set();
        if (locals) {
            locals.forEach((_, key) => {
                keys.add(key);
            });
        }
        // Export all local variables.
        updateContent(prevDecl, keys.size > 0 ? src + "\\nexport {" + Array.from(keys).join(", ") + "}" : src);
        let declsFile = builder.getSourceFile(declFilename);
        let srcFile = builder.getSourceFile(srcFilename);
`;

/**
 * @param {string} content tslab's dist/converter.js
 * @returns {string} the converter that compiles each cell once, or `content` unchanged
 */
function withOneCompilePerCell(content) {
  const at = content.indexOf(ANCHOR);
  if (at < 0 || content.indexOf(ANCHOR, at + 1) >= 0) return content;
  return content.slice(0, at) + REPLACEMENT + content.slice(at + ANCHOR.length);
}

module.exports = { withOneCompilePerCell };
