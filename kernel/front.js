"use strict";
// The kernel's quick front. With a current start-up snapshot, kernel/start.sh
// starts the back first (node waking the snapshot: kernel/launch.js in
// kernel/back.js's mode), in its own session, then becomes this process:
//   node kernel/front.js CONNECTION_FILE BACK_PID MEETING_FOLDER
// Waking the compiler's heap takes V8 most of a second, and nothing can answer
// Jupyter until it is done. So this small process binds the sockets and
// answers kernel_info and the heartbeat itself while the back wakes, and from
// then on passes the cells' requests to the back over a Unix socket in
// MEETING_FOLDER (made by mktemp -d: only this user can enter it). Jupyter's
// handshake (connect, kernel_info, wait for IOPub to go quiet) and the back's
// waking overlap instead of following each other.
//
// Jupyter knows only this process: its signals and its death stand for the
// kernel's. Interrupts go on to the back's session (the back and what its cells
// started); the back ends when this process ends, however it ends (their socket
// closes), and this process ends when the back does.
// Jupyter's client retries a refused connection every 100-200 ms, so each
// millisecond before the sockets are bound can cost a whole retry: the server
// is made and bound first, and the rest (the meeting point, the watch on the
// back) is loaded and set up once they are bound.
const path = require("path");
const { trace } = require("./trace");

const [connectionFile, backPidText, meeting] = process.argv.slice(2);
const backPid = Number(backPidText);
if (!connectionFile || !meeting || !Number.isInteger(backPid) || backPid <= 1) {
  process.stderr.write("usage: node kernel/front.js <connection_file> <back_pid> <meeting_folder>  (kernel/start.sh passes them)\n");
  process.exit(2);
}
trace("front: started");

const { ProtocolServer, kernelInfo } = require("./protocol");
const { BackCells } = require("./back-cells");

const repoRoot = path.resolve(__dirname, "..");
const tslabDist = path.join(path.dirname(require.resolve("tslab/package.json", { paths: [repoRoot] })), "dist");
/** @type {object | undefined} */
let info;
// What the back would report: the versions of the packages it runs (read once asked).
const versions = () => ({
  typescriptVersion: require(require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [tslabDist] })).version,
  tslabVersion: require(path.join(tslabDist, "..", "package.json")).version,
});
const cells = new BackCells({ kernelInfo: () => (info ??= kernelInfo(versions())) });

let closing = false;
/** Ends this process once the back has ended. @param {string} why */
function backEnded(why) {
  if (!closing) process.stderr.write(`adaptive-lr kernel: the compiler process ended (${why})\n`);
  cells.ended(new Error(`the compiler process ended (${why})`));
  process.exit(closing ? 0 : 1);
}
// Until the back has connected, no cell runs there; and V8 waking its heap
// has no handler yet, so a SIGINT (jupyter_client interrupts before every
// shutdown) would kill it instead.
const interruptBack = () => {
  if (cells.attached) signalBack("SIGINT", true);
};
const signalBack = (/** @type {NodeJS.Signals} */ signal, group = false) => {
  try {
    process.kill(group ? -backPid : backPid, signal);
  } catch {
    // already gone
  }
};
const server = new ProtocolServer(cells, connectionFile, {
  interrupt: interruptBack,
  // Hover docs are parsed when the kernel has been idle a while (a person reading).
  onIdle: () => cells.idle(),
  onClose: () => {
    closing = true;
    // The back ends on "close"; one that does not is stopped.
    setTimeout(() => signalBack("SIGKILL"), 2000).unref();
  },
});

process.on("SIGINT", interruptBack);
process.on("SIGTERM", () => {
  closing = true;
  signalBack("SIGTERM");
  setTimeout(() => process.exit(0), 2000).unref();
});

// Whatever ends this process removes the meeting folder (kernel/back.js).
process.on("exit", () => require("./back").leaveMeeting(path.join(meeting, "back")));

server.init(require.resolve("zeromq", { paths: [tslabDist] })).then(
  () => {
    trace("front: sockets bound");
    meetTheBack();
  },
  (err) => {
    console.error("adaptive-lr kernel: cannot bind the sockets of", connectionFile, err);
    signalBack("SIGKILL");
    process.exit(1);
  },
);

/**
 * Waits for the back on the meeting socket, and watches for its end until it
 * comes. Only once the sockets are bound: the back needs a few hundred
 * milliseconds more to wake, and it retries its connection meanwhile.
 */
function meetTheBack() {
  const fs = require("fs");
  const net = require("net");
  const { jsonLines } = require("./channel");
  const { leaveMeeting } = require("./back");
  const forgetMeeting = () => leaveMeeting(path.join(meeting, "back"));

  // The back is this process's child (the shell's, before it became this
  // process), but not one Node started: until it connects, look for its end in /proc.
  const backIsDead = () => {
    try {
      return fs.readFileSync(`/proc/${backPid}/stat`, "utf8").split(") ")[1]?.[0] === "Z";
    } catch (err) {
      return /** @type {any} */ (err).code === "ENOENT";
    }
  };
  const watch = setInterval(() => {
    if (backIsDead()) backEnded("before it was ready");
  }, 100);

  const meetingPoint = net.createServer((socket) => {
    // One back; nobody else can enter the folder, and the door closes now.
    meetingPoint.close();
    forgetMeeting();
    clearInterval(watch);
    trace("front: back connected");
    socket.on("error", () => {});
    socket.on("close", () => backEnded("its connection closed"));
    cells.attach(jsonLines(socket, (m) => cells.receive(m)));
  });
  meetingPoint.on("error", (err) => {
    process.stderr.write(`adaptive-lr kernel: cannot wait for the compiler process at ${meeting}: ${err.message}\n`);
    signalBack("SIGKILL");
    process.exit(1);
  });
  meetingPoint.listen(path.join(meeting, "back"));
}
