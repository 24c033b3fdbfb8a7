"use strict";
// The back of a kernel started with a front (kernel/start.sh, kernel/front.js):
// the cells (a CellHandler) answer the front's requests over a Unix socket in a
// folder only this user can enter, instead of Jupyter's sockets.
// kernel/back-cells.js is the other end and lists the messages.
const fs = require("fs");
const net = require("net");
const path = require("path");
const { jsonLines } = require("./channel");

/** What the front may ask of the cells. */
const METHODS = new Set(["execute", "isComplete", "inspect", "complete", "historyReply"]);
/** How long to keep knocking while the front is not listening yet (a loaded machine). */
const CONNECT_FOR_MS = 60_000;

/**
 * @typedef {{ socket: string, front: number }} FrontAddress where the front listens, and its pid
 */

/** The front this process was started for, or null (an ordinary kernel). @returns {FrontAddress | null} */
function frontAddress() {
  const socket = process.env.ADAPTIVE_LR_KERNEL_BACK;
  const front = Number(process.env.ADAPTIVE_LR_KERNEL_FRONT_PID);
  return socket && Number.isInteger(front) && front > 1 ? { socket, front } : null;
}

/** The front's additions to the environment are not for the cells' child processes. */
function forgetFrontEnvironment() {
  delete process.env.ADAPTIVE_LR_KERNEL_BACK;
  delete process.env.ADAPTIVE_LR_KERNEL_FRONT_PID;
  if (process.env.ADAPTIVE_LR_KERNEL_TUNABLES === "1") delete process.env.GLIBC_TUNABLES;
  delete process.env.ADAPTIVE_LR_KERNEL_TUNABLES;
}

/**
 * Connects to the front and serves the cells until the front goes away; then
 * this process ends, however the front ended. A front that died before this
 * process could reach it (its parent is no longer the front) ends it too.
 * @param {FrontAddress} address
 * @param {import("./protocol").Cells} cells
 * @param {{ onIdle: () => void }} options
 */
function serveFront(address, cells, { onIdle }) {
  const started = Date.now();
  const attempt = () => {
    const socket = net.connect(address.socket);
    socket.once("error", (err) => {
      const frontGone = process.ppid !== address.front;
      if (frontGone || Date.now() - started > CONNECT_FOR_MS) {
        leaveMeeting(address.socket);
        process.stderr.write(`adaptive-lr kernel: cannot reach the kernel's front (${frontGone ? "it has ended" : err.message}); ending\n`);
        process.exit(1);
      }
      setTimeout(attempt, 20);
    });
    socket.once("connect", () => {
      socket.removeAllListeners("error");
      socket.on("error", () => {});
      serve(socket, cells, onIdle, () => leaveMeeting(address.socket));
    });
  };
  attempt();
}

/**
 * Removes the meeting folder (kernel/start.sh made it with mktemp -d), as the
 * front does once the back has arrived: whichever of them is left tidies up.
 * @param {string} socketPath the folder's only entry
 */
function leaveMeeting(socketPath) {
  try {
    fs.rmSync(socketPath, { force: true });
    fs.rmdirSync(path.dirname(socketPath));
  } catch {
    // gone already, or not ours to remove
  }
}

/**
 * @param {import("net").Socket} socket
 * @param {import("./protocol").Cells} cells
 * @param {() => void} onIdle
 * @param {() => void} tidy removes the meeting folder, if the front could not
 */
function serve(socket, cells, onIdle, tidy) {
  // The front went away (shut down, killed): so does the kernel.
  socket.on("close", () => {
    tidy();
    process.exit(0);
  });
  const channel = jsonLines(socket, async (/** @type {any} */ m) => {
    if (m.t === "idle") return onIdle();
    if (m.t === "close") {
      cells.close();
      process.exit(0);
    }
    if (m.t !== "call" || !METHODS.has(m.method)) return;
    const { id, method, req } = m;
    try {
      const io = {
        publish: (...args) => channel.send({ t: "io", id, kind: "publish", args }),
        stream: (...args) => channel.send({ t: "io", id, kind: "stream", args }),
        display: (...args) => channel.send({ t: "io", id, kind: "display", args }),
      };
      const value = method === "execute" ? await cells.execute(req, io) : await cells[method](req);
      channel.send({ t: "done", id, value });
    } catch (err) {
      channel.send({ t: "failed", id, message: String(/** @type {any} */ (err)?.message ?? err) });
    }
  });
  channel.send({ t: "ready" });
}

module.exports = { serveFront, frontAddress, forgetFrontEnvironment, leaveMeeting };
