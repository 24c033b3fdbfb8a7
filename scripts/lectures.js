#!/usr/bin/env node
"use strict";
// npm start: executes the notebooks in notebooks/ under the adaptive-lr kernel
// and writes site/ (executed notebooks, one page each, index.html).
// Options: node scripts/lectures.js --help
require("../kernel/node-version").exitIfNodeTooOld();
const { parseArgs, UsageError, USAGE } = require("./lectures/args");
const { runLectures, repoRoot } = require("./lectures/run");

async function main(argv) {
  try {
    const options = parseArgs(argv, repoRoot);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    const result = await runLectures(options);
    if (result.interrupted) return 130; // as a shell reports a Ctrl-C
    return result.ok ? 0 : 1;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n(npm start -- --help shows the options)`);
      return 2;
    }
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
