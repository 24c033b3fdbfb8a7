"use strict";
// Just enough of Source Map v3 to take a position in the JavaScript a cell ran
// as back to the cell's TypeScript: decode "mappings" (base-64 VLQ) and look
// a position up. tslab compiles a cell in two steps (TypeScript to ES module,
// then ES module to CommonJS), so a position is looked up in both maps.

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...BASE64].map((c, i) => [c, i]));

/**
 * Segments per generated line: [generatedColumn, sourceLine, sourceColumn], all 0-based.
 * @typedef {[number, number, number][][]} DecodedMap
 */

/**
 * @param {string | { mappings: string }} map a source map (object or JSON text)
 * @returns {DecodedMap}
 */
function decodeMap(map) {
  const { mappings } = typeof map === "string" ? JSON.parse(map) : map;
  /** @type {DecodedMap} */
  const lines = [];
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const lineText of mappings.split(";")) {
    /** @type {[number, number, number][]} */
    const segments = [];
    let column = 0;
    for (const segment of lineText.split(",")) {
      if (!segment) continue;
      const fields = decodeVlq(segment);
      column += fields[0];
      if (fields.length >= 4) {
        sourceLine += fields[2];
        sourceColumn += fields[3];
        segments.push([column, sourceLine, sourceColumn]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/** @param {string} text one segment @returns {number[]} */
function decodeVlq(text) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const char of text) {
    const digit = DIGIT.get(char);
    if (digit === undefined) throw new Error(`not a base-64 VLQ digit: ${char}`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/**
 * The source position of a generated one (0-based line and column): the last
 * segment at or before the column, else the line's first. Undefined when the
 * line has no mapping (code the compiler added).
 * @param {DecodedMap} map
 * @param {number} line
 * @param {number} column
 * @returns {{ line: number, column: number } | undefined}
 */
function originalPosition(map, line, column) {
  const segments = map[line];
  if (!segments || segments.length === 0) return undefined;
  let best = segments[0];
  for (const segment of segments) {
    if (segment[0] <= column) best = segment;
    else break;
  }
  return { line: best[1], column: best[2] };
}

/**
 * Looks a position up through maps applied in order (the last compile step's first).
 * @param {DecodedMap[]} maps
 * @param {number} line 0-based
 * @param {number} column 0-based
 */
function throughMaps(maps, line, column) {
  /** @type {{ line: number, column: number } | undefined} */
  let at = { line, column };
  for (const map of maps) {
    at = originalPosition(map, at.line, at.column);
    if (!at) return undefined;
  }
  return at;
}

module.exports = { decodeMap, originalPosition, throughMaps };
