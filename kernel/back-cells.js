"use strict";
// kernel/front.js's stand-in for the cells: each request goes to the back (a
// CellHandler in the process started beside the front, kernel/back.js) over
// their socket (kernel/channel.js), and what the back publishes while it runs
// comes back the same way. Requests made before the back is there wait for it.
//
// Messages, front → back: { t: "call", id, method, req } | { t: "idle" } | { t: "close" }
//           back → front: { t: "ready" } | { t: "io", id, kind, args } | { t: "done", id, value } | { t: "failed", id, message }

/** Requests that only need a reply, by the CellHandler method that answers them. */
const CALLS = /** @type {const} */ (["isComplete", "inspect", "complete", "historyReply"]);

class BackCells {
  /**
   * @param {{ kernelInfo: () => object }} local what the front answers itself
   */
  constructor(local) {
    /** @type {{ send(message: object): void } | null} */
    this.back = null;
    this.kernelInfo = local.kernelInfo;
    this.nextId = 1;
    /** @type {Map<number, { resolve: (value: any) => void, reject: (err: Error) => void, io?: Record<string, Function> }>} */
    this.pending = new Map();
    /** @type {object[] | null} messages held until the back can take them (null once it can) */
    this.held = [];
    /** @type {Error | null} */
    this.gone = null;
    for (const method of CALLS) this[method] = (req) => this.call(method, req);
  }

  /**
   * The back has connected.
   * @param {{ send(message: object): void }} channel
   */
  attach(channel) {
    this.back = channel;
  }

  /** Whether the back has connected (it may still be finishing its start). */
  get attached() {
    return this.back !== null;
  }

  /** @param {any} m a message from the back */
  receive(m) {
    if (m.t === "ready") {
      const held = this.held ?? [];
      this.held = null;
      for (const message of held) this.send(message);
      return;
    }
    const call = this.pending.get(m.id);
    if (!call) return;
    if (m.t === "io") call.io?.[m.kind]?.(...m.args);
    else {
      this.pending.delete(m.id);
      if (m.t === "done") call.resolve(m.value);
      else call.reject(new Error(m.message));
    }
  }

  /** @param {object} message */
  send(message) {
    if (this.gone) return;
    if (this.held) this.held.push(message);
    else this.back?.send(message);
  }

  /**
   * @param {string} method
   * @param {object} req
   * @param {Record<string, Function>} [io]
   */
  call(method, req, io) {
    if (this.gone) return Promise.reject(this.gone);
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      this.pending.set(id, { resolve, reject, io });
      this.send({ t: "call", id, method, req });
    });
  }

  /** @param {object} req @param {{ publish: Function, stream: Function, display: Function }} io */
  execute(req, io) {
    return this.call("execute", req, io);
  }

  /** The kernel has been idle a while: the back may parse hover docs now. */
  idle() {
    this.send({ t: "idle" });
  }

  close() {
    this.send({ t: "close" });
  }

  /** The back has ended: what still waits for it fails. @param {Error} err */
  ended(err) {
    this.gone = err;
    for (const call of this.pending.values()) call.reject(err);
    this.pending.clear();
  }
}

module.exports = { BackCells };
