#!/usr/bin/env node
"use strict";
// npm run new -- NN-name "Title" [--dir DIR]: a new lecture notebook from the
// template, which has every part the notebook standard asks for. npm start,
// npm test (with its robustness reruns) and npm run release pick it up by its
// place in notebooks/; nothing else registers it. Never overwrites a file.
const fs = require("fs");
const path = require("path");
const { notebookTemplate } = require("./new/template");

const USAGE = `usage: npm run new -- NN-name "Title" [--dir DIR]

  NN-name   the file name without .ipynb: two digits, a dash, lower-case words
            joined by dashes (e.g. 07-momentum); the digits set its place
  Title     the notebook's heading
  --dir     the folder (default: notebooks/)`;

class UsageError extends Error {}

function parse(argv) {
  const positional = [];
  let dir = path.resolve(__dirname, "..", "notebooks");
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--help" || argv[i] === "-h") return { help: true };
    if (argv[i] === "--dir") {
      if (argv[i + 1] === undefined) throw new UsageError("--dir needs a folder");
      dir = path.resolve(argv[++i]);
    } else if (argv[i].startsWith("-")) throw new UsageError(`unknown option ${argv[i]}`);
    else positional.push(argv[i]);
  }
  if (positional.length !== 2) throw new UsageError(`expected a name and a title, got ${positional.length} argument${positional.length === 1 ? "" : "s"}`);
  const [name, title] = positional;
  if (!/^\d\d-[a-z0-9]+(?:-[a-z0-9]+)*$/.test(name)) {
    throw new UsageError(`name "${name}" must be two digits, a dash and lower-case words joined by dashes, e.g. 07-momentum`);
  }
  if (title.trim() === "") throw new UsageError("the title must not be empty");
  return { help: false, name, title: title.trim(), dir };
}

function main(argv) {
  let options;
  try {
    options = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const file = path.join(options.dir, `${options.name}.ipynb`);
  const prefix = options.name.slice(0, 3);
  const clash = fs.existsSync(options.dir) ? fs.readdirSync(options.dir).find((f) => f.endsWith(".ipynb") && f.startsWith(prefix)) : undefined;
  if (clash) {
    console.error(`${path.join(options.dir, clash)} already has the number ${prefix.slice(0, 2)}: choose another, nothing was written`);
    return 1;
  }
  fs.mkdirSync(options.dir, { recursive: true });
  const text = JSON.stringify(notebookTemplate({ title: options.title }), null, 1) + "\n";
  // "wx": fails if the file appeared meanwhile, so nothing is ever overwritten.
  fs.writeFileSync(file, text, { flag: "wx" });
  const shown = path.relative(process.cwd(), file) || file;
  console.log(`wrote ${shown}
next: replace the example (keep the parts), then check it the way the tests will:
  npm start -- ${options.name}                      # runs it, every claim checked
  npm run check-notebook -- ${options.name}         # also at both ends of every range and with other seeds
  npm run release -- ${shown}   # the student version`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
