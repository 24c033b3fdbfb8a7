"use strict";
// Start-up timeline for measuring the kernel: with ADAPTIVE_LR_KERNEL_TRACE=file
// each step appends "label <ms since the process started>" to that file.
const fs = require("fs");
const { performance } = require("perf_hooks");

/** @param {string} label */
function trace(label) {
  // Read on each call: a start-up snapshot is built without the variable.
  const file = process.env.ADAPTIVE_LR_KERNEL_TRACE;
  if (!file) return;
  fs.appendFileSync(file, `${process.pid} ${label} ${performance.now().toFixed(1)} @${(performance.timeOrigin + performance.now()) / 1000}\n`);
}

module.exports = { trace };
