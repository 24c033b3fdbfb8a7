#!/usr/bin/env node
"use strict";
// The floor for `npm run bench:kernel`: a kernel on the same sockets and
// protocol code (kernel/protocol.js) that compiles nothing and answers every
// cell with its length. What it costs is Node's start and Jupyter's handshake
// on this machine, which no TypeScript kernel can go below.
//   node scripts/bench-floor-kernel.js <connection_file>
const path = require("path");
const { ProtocolServer, kernelInfo } = require("../kernel/protocol");

const repoRoot = path.resolve(__dirname, "..");
const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "dist");
let count = 0;
const cells = {
  kernelInfo: () => kernelInfo({ typescriptVersion: "none", tslabVersion: "none" }),
  async execute(req, io) {
    count++;
    io.publish("execute_input", { code: req.code, execution_count: count });
    io.publish("execute_result", { execution_count: count, data: { "text/plain": String(req.code.length) }, metadata: {} });
    return { status: "ok", execution_count: count, payload: [], user_expressions: {} };
  },
  isComplete: () => ({ status: "complete" }),
  inspect: () => ({ status: "ok", found: false, data: {}, metadata: {} }),
  complete: () => ({ status: "ok", matches: [], cursor_start: 0, cursor_end: 0, metadata: {} }),
  historyReply: () => ({ status: "ok", history: [] }),
  close() {},
};
new ProtocolServer(cells, process.argv[2], { interrupt() {} }).init(require.resolve("zeromq", { paths: [tslabDist] }));
