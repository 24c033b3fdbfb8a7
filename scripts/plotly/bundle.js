#!/usr/bin/env node
"use strict";
// Builds src/dist/plotly.min.js: plotly.js's core plus exactly the trace types the figure
// builders emit (TRACE_TYPES in src/plot/traces.ts), from the plotly.js package's lib/
// modules, bundled and minified by esbuild, offline. The full plotly.js is 4.8 MB; this
// one is what every notebook inlines once and every site page loads.
// Runs after `tsc -p src` (it reads the built list); rebuilds only when the list or the
// plotly.js version changed. `--force` rebuilds anyway.
const fs = require("fs");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..", "..");
const OUT = path.join(repoRoot, "src", "dist", "plotly.min.js");

function traceTypes() {
  return require(path.join(repoRoot, "src", "dist", "plot", "traces.js")).TRACE_TYPES;
}

function plotlyVersion() {
  return require(require.resolve("plotly.js/package.json", { paths: [repoRoot] })).version;
}

/** The first line of the bundle: read back by the module (version) and by this script (up to date?). */
function banner(version, types) {
  return `/*! plotly.js v${version} custom bundle: ${types.join(", ")} (scripts/plotly/bundle.js) */`;
}

function upToDate(expected) {
  try {
    const fd = fs.openSync(OUT, "r");
    const head = Buffer.alloc(400);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    fs.closeSync(fd);
    return head.subarray(0, n).toString("utf8").split("\n")[0] === expected;
  } catch {
    return false;
  }
}

/** @param {{ force?: boolean, log?: (line: string) => void }} [options] */
function buildPlotly({ force = false, log = (line) => process.stderr.write(line + "\n") } = {}) {
  const types = traceTypes();
  const version = plotlyVersion();
  const first = banner(version, types);
  if (!force && upToDate(first)) return { built: false, file: OUT, bytes: fs.statSync(OUT).size };
  const esbuild = require("esbuild");
  // lib/core registers scatter and the components (legend, colour bar, sliders, menus, frames).
  const entry =
    "var Plotly = require('plotly.js/lib/core');\n" +
    `Plotly.register([${types.filter((t) => t !== "scatter").map((t) => `require('plotly.js/lib/${t}')`).join(", ")}]);\n` +
    "module.exports = Plotly;\n";
  const started = Date.now();
  const result = esbuild.buildSync({
    stdin: { contents: entry, resolveDir: repoRoot, sourcefile: "plotly-custom.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "iife",
    globalName: "Plotly",
    // As plotly.js's own build (esbuild-config.js): one regl, no Node globals, no AMD.
    alias: { regl: "@plotly/regl" },
    // registry.js requires maplibre's CSS only for map traces, which are not bundled.
    loader: { ".css": "empty" },
    define: { global: "window", "define.amd": "false" },
    target: "es2016",
    legalComments: "none",
    banner: { js: first },
    // Inside a wrapper function (notebooks hide define/module/exports), `var Plotly` is local.
    footer: { js: "if (typeof window !== 'undefined') window.Plotly = Plotly;" },
    write: false,
    logLevel: "silent",
  });
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  const tmp = `${OUT}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, result.outputFiles[0].contents);
  fs.renameSync(tmp, OUT);
  const bytes = fs.statSync(OUT).size;
  log(`plotly.js ${version} bundle (${types.join(", ")}): ${(bytes / 1e6).toFixed(2)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { built: true, file: OUT, bytes };
}

module.exports = { buildPlotly, PLOTLY_BUNDLE: OUT };

if (require.main === module) buildPlotly({ force: process.argv.includes("--force") });
