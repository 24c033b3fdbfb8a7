#!/usr/bin/env node
"use strict";
// npm run check-notebook -- NOTEBOOK ...: before a notebook is shared, run it as
// the test suite will: at its defaults, with every declared range at its low end
// at once, at its high end at once, and with two other seeds. Each run must be
// green (every claim holds). Exit 1 names each run that failed, and why.
const path = require("path");
const { selectNotebooks } = require("./lectures/select");
const { checkNotebooks, parametersText } = require("./lectures/robustness");

const USAGE = `usage: npm run check-notebook -- NOTEBOOK ... [--jobs N]

  NOTEBOOK   a name or prefix in notebooks/ (07, 07-momentum) or a path
  --jobs N   runs at a time (default 2)`;

function usageError(message) {
  console.error(`${message}\n\n${USAGE}`);
  return 2;
}

async function main(argv) {
  const selectors = [];
  let jobs = 2;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") {
      console.log(USAGE);
      return 0;
    }
    if (argv[i] === "--jobs") {
      jobs = Number(argv[++i]);
      if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) return usageError("--jobs must be an integer in 1 .. 16");
    } else selectors.push(argv[i]);
  }
  if (selectors.length === 0) return usageError("name at least one notebook");
  let files;
  try {
    files = selectNotebooks(selectors, path.join(__dirname, "..", "notebooks"));
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 2;
  }
  const results = await checkNotebooks(files, {
    jobs,
    onResult: (r) => console.log(`${r.ok ? "✓" : "✗"} ${r.notebook}, ${r.label}: ${parametersText(r.parameters)} (${r.seconds.toFixed(1)} s, ${r.claims} claims)`),
  });
  const failed = results.filter((r) => !r.ok);
  for (const r of failed) console.log(`\n✗ ${r.notebook} with ${parametersText(r.parameters)} (${r.label}):\n${r.reason}`);
  console.log(`\n${results.length - failed.length} passed, ${failed.length} failed`);
  return failed.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));
