"use strict";
// The line between a kernel's front and its back (kernel/front.js, kernel/back.js):
// one JSON message per line over a Unix socket. JSON.stringify never writes a
// raw newline, so a line is always a whole message.

// Taken now: a cell may replace JSON's methods while its output is on the way.
const stringify = JSON.stringify;
const parse = JSON.parse;

/**
 * @param {import("net").Socket} socket
 * @param {(message: any) => void} onMessage
 */
function jsonLines(socket, onMessage) {
  let pending = "";
  socket.setEncoding("utf8");
  socket.on("data", (chunk) => {
    pending += chunk;
    let end;
    while ((end = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, end);
      pending = pending.slice(end + 1);
      if (line) onMessage(parse(line));
    }
  });
  return {
    /** @param {object} message */
    send(message) {
      if (!socket.destroyed) socket.write(`${stringify(message)}\n`);
    },
  };
}

module.exports = { jsonLines };
