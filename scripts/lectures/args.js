"use strict";
// Command line of `npm start` (node scripts/lectures.js).
const path = require("path");

const USAGE = `usage: npm start -- [NOTEBOOK ...] [--out DIR] [--timeout S] [-p NAME=VALUE ...] [--release] [--no-sign] [--no-pictures] [--verbose]

  NOTEBOOK       a name or name prefix in notebooks/ (03, 03-adagrad, 03-adagrad.ipynb),
                 a path or path prefix (notebooks/0, ../x/lecture.ipynb), or a folder;
                 default: every notebook in notebooks/, in name order
  --out DIR      output folder (default: site/)
  --timeout S    seconds a cell may run (default: 60)
  -p NAME=VALUE  override NAME in the cell tagged "parameters" (repeatable);
                 VALUE is a literal (number, "string", true/false, JSON array; a bare
                 word for a string parameter), checked against the type and the range
                 its declaration states ("// range: 0.3 .. 0.95", ", integer", "one of: a | b")
  --release      build the site from the student versions: solutions stubbed, exercises
                 shown but not run (hidden tests are never on the site)
  --no-sign      do not sign the executed notebooks as trusted
  --no-pictures  no still picture beside each figure (they need headless Chromium;
                 the figures stay interactive)
  --verbose      show what Jupyter and the kernel print on stderr`;

/**
 * @typedef {{ selectors: string[], out: string, timeout: number,
 *   parameters: Record<string, string>, release: boolean, sign: boolean, pictures: boolean, verbose: boolean, help: boolean }} RunOptions
 */

class UsageError extends Error {}

/**
 * @param {string[]} argv
 * @param {string} repoRoot
 * @returns {RunOptions}
 */
function parseArgs(argv, repoRoot) {
  /** @type {RunOptions} */
  const options = {
    selectors: [],
    out: path.join(repoRoot, "site"),
    timeout: 60,
    parameters: {},
    release: false,
    sign: true,
    pictures: true,
    verbose: false,
    help: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case "-h":
      case "--help":
        options.help = true;
        break;
      case "--out":
        options.out = path.resolve(value());
        break;
      case "--timeout": {
        const text = value();
        const seconds = Number(text);
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86400) {
          throw new UsageError(`--timeout must be a number of seconds in (0, 86400], got "${text}"`);
        }
        options.timeout = seconds;
        break;
      }
      case "-p":
      case "--parameter": {
        const text = value();
        const match = /^([A-Za-z_$][\w$]*)=([\s\S]*)$/.exec(text);
        if (!match || match[2].trim() === "") {
          throw new UsageError(`-p expects NAME=VALUE with NAME a TypeScript identifier and a non-empty VALUE, got "${text}"`);
        }
        options.parameters[match[1]] = match[2].trim();
        break;
      }
      case "--release":
        options.release = true;
        break;
      case "--no-sign":
        options.sign = false;
        break;
      case "--no-pictures":
        options.pictures = false;
        break;
      case "--verbose":
        options.verbose = true;
        break;
      default:
        if (arg.startsWith("-")) throw new UsageError(`unknown option ${arg}`);
        options.selectors.push(arg);
    }
  }
  return options;
}

module.exports = { parseArgs, UsageError, USAGE };
