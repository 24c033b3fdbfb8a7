"use strict";
// Where the name of the function being called ends, for inspect (shift-tab)
// with the cursor in a call's parentheses: `adam(` or `adam({ lr: 0.1, ` → the
// end of `adam`. Brackets inside strings are not told apart: a hint, not a parser.

/**
 * @param {string} code
 * @param {number} cursor
 * @returns {number | null} offset just after the callee's name, or null
 */
function calleeEnd(code, cursor) {
  let depth = 0;
  for (let i = Math.min(cursor, code.length) - 1; i >= 0; i--) {
    const c = code[i];
    if (c === ")" || c === "]" || c === "}") depth++;
    else if (c === "[" || c === "{") {
      if (depth === 0) continue; // an object or array argument: keep looking outward
      depth--;
    } else if (c === "(") {
      if (depth > 0) {
        depth--;
        continue;
      }
      let end = i;
      while (end > 0 && /\s/.test(code[end - 1])) end--;
      // Generic calls: f<number>(…)
      if (code[end - 1] === ">") {
        let angle = 0;
        for (let j = end - 1; j >= 0; j--) {
          if (code[j] === ">") angle++;
          else if (code[j] === "<" && --angle === 0) {
            end = j;
            break;
          }
        }
      }
      if (end > 0 && /[\w$]/.test(code[end - 1])) return end;
      return null;
    } else if (c === ";" && depth === 0) return null;
  }
  return null;
}

module.exports = { calleeEnd };
