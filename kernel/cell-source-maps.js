"use strict";
// Source transform for tslab 1.0.22's dist/converter.js (Apache-2.0, © Yu
// Watanabe; see kernel/NOTICE) so that a runtime error can name its line in
// the cell instead of in the JavaScript the cell was compiled to. It turns on
// TypeScript's source maps and returns, with each converted cell, the two maps
// of its two compile steps (TypeScript to ES module, ES module to CommonJS):
// `cellSourceMap` and `commonJsSourceMap`. The emitted code is the same apart
// from the `//# sourceMappingURL` comments, which are dropped.
//
// Each edit is anchored on text that must occur exactly once; if tslab
// changes, the converter is loaded unchanged and errors show compiled line
// numbers (still correct, less helpful).

/** @type {[string, string][]} [anchor, replacement] */
const EDITS = [
  ["        declaration: true,\n", "        declaration: true,\n        sourceMap: true,\n"],
  ["        let sideOutputs;\n", "        let sideOutputs;\n        let cellSourceMap;\n"],
  [
    "            builder.emit(builder.getSourceFile(dep), (fileName, data) => {\n",
    "            builder.emit(builder.getSourceFile(dep), (fileName, data) => {\n" +
      "                if (fileName === dstFilename + \".map\") {\n" +
      "                    cellSourceMap = data;\n" +
      "                    return;\n" +
      "                }\n",
  ],
  [
    "            output: esModuleToCommonJSModule(output, transpileTarget),\n",
    "            output: esModuleToCommonJSModule(output, transpileTarget),\n" +
      "            cellSourceMap,\n" +
      "            commonJsSourceMap: lastCommonJsSourceMap,\n",
  ],
  [
    "function esModuleToCommonJSModule(js, target) {\n    let out = ts.transpileModule(js, {\n        fileName: \"custom.js\",\n        compilerOptions: {\n",
    "let lastCommonJsSourceMap;\n" +
      "function esModuleToCommonJSModule(js, target) {\n    let out = ts.transpileModule(typeof js === \"string\" ? js.replace(/\\n\\/\\/# sourceMappingURL=\\S*\\s*$/, \"\\n\") : js, {\n        fileName: \"custom.js\",\n        compilerOptions: {\n            sourceMap: true,\n",
  ],
  [
    "    }).outputText;\n    return out;\n}\nexports.esModuleToCommonJSModule",
    "    });\n    lastCommonJsSourceMap = out.sourceMapText;\n    return out.outputText.replace(/\\n\\/\\/# sourceMappingURL=\\S*\\s*$/, \"\\n\");\n}\nexports.esModuleToCommonJSModule",
  ],
];

/**
 * @param {string} content tslab's dist/converter.js
 * @returns {string} the converter with cell source maps, or `content` unchanged
 */
function withCellSourceMaps(content) {
  let patched = content;
  for (const [anchor, replacement] of EDITS) {
    const at = patched.indexOf(anchor);
    if (at < 0 || patched.indexOf(anchor, at + 1) >= 0) return content;
    patched = patched.slice(0, at) + replacement + patched.slice(at + anchor.length);
  }
  return patched;
}

module.exports = { withCellSourceMaps };
