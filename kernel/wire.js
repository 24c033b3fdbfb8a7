"use strict";
// Jupyter's wire protocol: a signed multipart ZeroMQ message. Adapted from
// ZmqMessage in tslab 1.0.22's dist/jupyter.js (Apache License 2.0, Copyright
// 2019 Yu Watanabe; see kernel/NOTICE), which tslab does not export.
const { createHmac, randomBytes, timingSafeEqual } = require("crypto");

const DELIM = Buffer.from("<IDS|MSG>");

class WireMessage {
  constructor() {
    /** @type {Buffer[]} */ this.identity = [];
    /** @type {Record<string, any>} */ this.header = {};
    /** @type {Record<string, any>} */ this.parent = {};
    /** @type {Record<string, any>} */ this.metadata = {};
    /** @type {Record<string, any>} */ this.content = {};
    /** @type {Buffer[]} */ this.extra = [];
  }

  /**
   * @param {string} key the connection file's key
   * @param {Buffer[]} frames [identities…, <IDS|MSG>, hmac, header, parent, metadata, content, buffers…]
   */
  static fromRaw(key, frames) {
    const at = frames.findIndex((frame) => frame.equals(DELIM));
    if (at < 0) throw new Error("message missing delimiter");
    const message = new WireMessage();
    message.identity = frames.slice(0, at);
    const hmac = frames[at + 1].toString();
    const parts = frames.slice(at + 2);
    const expected = sign(key, parts.slice(0, 4));
    if (key && !(hmac.length === expected.length && timingSafeEqual(Buffer.from(hmac), Buffer.from(expected)))) {
      throw new Error("invalid message signature");
    }
    [message.header, message.parent, message.metadata, message.content] = parts.slice(0, 4).map((p) => JSON.parse(p.toString()));
    message.extra = parts.slice(4);
    return message;
  }

  /** A reply (or an iopub message) to this request; set header.msg_type and content. */
  createReply() {
    const reply = new WireMessage();
    reply.identity = this.identity;
    reply.header = {
      version: "5.3",
      date: new Date().toISOString(),
      session: this.header.session,
      username: this.header.username,
      msg_type: this.header.msg_type,
      msg_id: randomBytes(16).toString("hex"),
    };
    reply.parent = this.header;
    return reply;
  }

  signAndSend(key, socket) {
    const bodies = [this.header, this.parent, this.metadata, this.content].map((part) => JSON.stringify(part));
    socket.send([...this.identity, DELIM, sign(key, bodies), ...bodies]);
  }
}

function sign(key, parts) {
  if (!key) return "";
  const hash = createHmac("sha256", key);
  for (const part of parts) hash.update(part);
  return hash.digest("hex");
}

module.exports = { WireMessage };
