"use strict";
// Jupyter messaging protocol 5.3 on top of tslab 1.0.22's sockets and message
// signing (dist/jupyter.js, Apache License 2.0, Copyright 2019 Yu Watanabe;
// see kernel/NOTICE). What differs from tslab's own handler:
//  - execute: execute_input, then the last expression's value as an
//    execute_result (not stdout text), an `error` message, and an
//    execute_reply with ename, evalue and traceback when a cell fails;
//  - kernel_info_reply with status, and the TypeScript version that compiles cells;
//  - history (tail, range, search), is_complete "invalid", comm_info_reply,
//    shutdown_reply and interrupt_reply with status;
//  - inspect right after `f(` shows f;
//  - IOPub on an XPUB socket, and no request handled before a client has
//    subscribed to it (so a first request's busy/idle are not dropped).
// The server (sockets, signing, status) needs neither tslab nor TypeScript:
// kernel/front.js runs it alone, with the cells in another process.
const fs = require("fs");
const path = require("path");
const { TextDecoder } = require("util");
const { WireMessage } = require("./wire");

const PROTOCOL_VERSION = "5.3";
// How long requests wait for a first IOPub subscriber: a client that never
// subscribes (a shell-only script) pays it once.
const IOPUB_GRACE_MS = 1000;

/**
 * kernel_info_reply's content.
 * @param {{ typescriptVersion: string, tslabVersion: string }} versions
 */
function kernelInfo({ typescriptVersion, tslabVersion }) {
  return {
    status: "ok",
    protocol_version: PROTOCOL_VERSION,
    implementation: "tslab",
    implementation_version: tslabVersion,
    language_info: {
      name: "typescript",
      version: typescriptVersion,
      mimetype: "text/typescript",
      file_extension: ".ts",
      pygments_lexer: "typescript",
      // Classic Notebook picks its TypeScript editor mode from these (tslab's choice).
      codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
      nbconvert_exporter: "script",
    },
    banner: `TypeScript ${typescriptVersion} on Node.js ${process.version} (tslab ${tslabVersion}, adaptive-lr kernel)`,
    help_links: [
      { text: "TypeScript handbook", url: "https://www.typescriptlang.org/docs/handbook/" },
      { text: "tslab", url: "https://github.com/yunabe/tslab" },
    ],
  };
}

/** A failed cell, thrown inside the execution queue so queued cells are aborted. */
class CellFailed extends Error {
  /** @param {Record<string, unknown>} reply */
  constructor(reply) {
    super(String(reply.evalue));
    this.reply = reply;
  }
}

/**
 * @param {string} tslabDist tslab's dist folder
 */
function loadProtocol(tslabDist) {
  // Required here, not above: the front (kernel/front.js) loads this file before it
  // binds the sockets and needs none of them.
  const { mimeBundle } = require("./display-value");
  const { calleeEnd } = require("./callee");
  const { historyReply } = require("./history");
  const jupyter = require(path.join(tslabDist, "jupyter"));
  const { TaskQueue, TaskCanceledError, getVersion } = require(path.join(tslabDist, "util"));
  const { printQuickInfo } = require(path.join(tslabDist, "inspect"));
  const utf8 = new TextDecoder();

  class CellHandler {
    /**
     * @param {ReturnType<import("./executor").createExecutor>} executor
     * @param {{ typescript: () => { version: string, createSourceFile: Function, ScriptTarget: any, ScriptKind: any },
     *   isCompleteCode: (code: string) => { completed: boolean, indent?: string } }} compiler
     */
    constructor(executor, compiler) {
      this.executor = executor;
      this.compiler = compiler;
      this.queue = new TaskQueue();
      this.count = 0;
      /** @type {{ line: number, input: string, output: string | null }[]} */
      this.history = [];
    }

    kernelInfo() {
      return kernelInfo({ typescriptVersion: this.compiler.typescript().version, tslabVersion: getVersion() });
    }

    /**
     * @param {{ code: string, silent?: boolean, store_history?: boolean, stop_on_error?: boolean }} req
     * @param {{ stream: (name: string, text: string) => void, display: Function,
     *   publish: (msgType: string, content: object) => void }} io
     */
    async execute(req, io) {
      const silent = req.silent === true;
      const storeHistory = !silent && req.store_history !== false;
      const stopOnError = req.stop_on_error !== false;
      try {
        return await this.queue.add(async () => {
          // Like ipykernel, output printed later (timers) goes to the last cell.
          process.stdout.write = this.writer("stdout", io.stream);
          process.stderr.write = this.writer("stderr", io.stream);
          jupyter.lastWriteDisplayData = io.display;
          if (storeHistory) this.count++;
          const count = this.count;
          if (!silent) io.publish("execute_input", { code: req.code, execution_count: count });
          const outcome = await this.executor.execute(req.code, count);
          const entry = storeHistory ? { line: count, input: req.code, output: null } : null;
          if (entry) this.history.push(entry);
          if (outcome.status === "ok") {
            if (outcome.hasValue && !silent) {
              const data = mimeBundle(outcome.value);
              if (entry) entry.output = String(data["text/plain"]);
              io.publish("execute_result", { execution_count: count, data, metadata: {} });
            }
            return { status: "ok", execution_count: count, payload: [], user_expressions: {} };
          }
          const { ename, evalue, traceback } = outcome;
          if (!silent) io.publish("error", { ename, evalue, traceback });
          const reply = { status: "error", execution_count: count, ename, evalue, traceback, payload: [], user_expressions: {} };
          if (stopOnError) throw new CellFailed(reply);
          return reply;
        });
      } catch (e) {
        if (e instanceof CellFailed) {
          // Requests already queued behind the failed cell are aborted; wait a
          // moment so the ones still in ZeroMQ's queue are too (tslab's choice).
          this.queue.reset(200);
          return e.reply;
        }
        if (e instanceof TaskCanceledError) return { status: "aborted" };
        console.error("unexpected error:", e);
        this.queue.reset(200);
        const evalue = e instanceof Error ? e.message : String(e);
        return { status: "error", execution_count: this.count, ename: "KernelError", evalue, traceback: [`KernelError: ${evalue}`] };
      }
    }

    writer(name, stream) {
      return (chunk) => {
        stream(name, typeof chunk === "string" ? chunk : utf8.decode(chunk));
        return true;
      };
    }

    isComplete({ code }) {
      const result = this.compiler.isCompleteCode(code);
      if (!result.completed) return { status: "incomplete", indent: result.indent ?? "" };
      const ts = this.compiler.typescript();
      const parsed = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
      return { status: parsed.parseDiagnostics?.length > 0 ? "invalid" : "complete" };
    }

    inspect({ code, cursor_pos }) {
      // With the cursor in a call's parentheses and not on a name (`adam(`,
      // `adam({ lr: 0.1, `), show the function being called, as IPython does.
      const onName = cursor_pos > 0 && /[\w$]/.test(code[cursor_pos - 1] ?? "");
      const callee = onName ? null : calleeEnd(code, cursor_pos);
      let info = callee !== null ? this.executor.inspect(code, callee - 1) : this.executor.inspect(code, cursor_pos);
      if (!info && callee === null) {
        const end = calleeEnd(code, cursor_pos);
        if (end !== null) info = this.executor.inspect(code, end - 1);
      }
      if (!info) return { status: "ok", found: false, data: {}, metadata: {} };
      return { status: "ok", found: true, data: { "text/plain": printQuickInfo(info) }, metadata: {} };
    }

    complete({ code, cursor_pos }) {
      const info = this.executor.complete(code, cursor_pos);
      return { status: "ok", matches: info.candidates, cursor_start: info.start, cursor_end: info.end, metadata: {} };
    }

    historyReply(req) {
      return historyReply(this.history, req);
    }

    close() {
      this.executor.close();
    }
  }

  return { CellHandler, ProtocolServer };
}

/**
 * What the server asks of the cells: CellHandler here, or kernel/front.js's
 * stand-in for a CellHandler in another process. Answers may be promises.
 * @typedef {{
 *   kernelInfo(): object | Promise<object>,
 *   execute(req: object, io: { publish: (msgType: string, content: object) => void, stream: (name: string, text: string) => void, display: (content: object, update?: boolean) => void }): Promise<object>,
 *   isComplete(req: object): object | Promise<object>,
 *   inspect(req: object): object | Promise<object>,
 *   complete(req: object): object | Promise<object>,
 *   historyReply(req: object): object | Promise<object>,
 *   close(): void,
 * }} Cells
 */

/** The kernel's sockets: Jupyter's messages in, replies and IOPub out (tslab's ZmqServer, reworked). */
class ProtocolServer {
  /**
   * @param {Cells} cells
   * @param {string} connectionFile
   * @param {{ interrupt: () => void, onIdle?: () => void, idleMs?: number, onClose?: () => void }} options
   *   onIdle: called once no request has come for idleMs (3 s) after the last one;
   *   onClose: called once the sockets are closed (after shutdown_request)
   */
  constructor(cells, connectionFile, { interrupt, onIdle, idleMs = 3000, onClose }) {
    this.cells = cells;
    this.configPath = connectionFile;
    this.interrupt = interrupt;
    this.onIdle = onIdle;
    this.idleMs = idleMs;
    this.onClose = onClose;
    /** @type {NodeJS.Timeout | undefined} */
    this.idleTimer = undefined;
    this.pending = 0;
    /** Resolved once a client has subscribed to IOPub, or after the grace period. */
    this.iopubReady = new Promise((resolve) => {
      this.iopubSubscribed = resolve;
    });
  }

  /**
   * Binds the sockets. IOPub is an XPUB socket: a PUB socket drops what it
   * publishes before a subscription reaches it, so the busy/idle of a client's
   * first request (kernel_info, sent while it was still connecting) were lost;
   * jupyter_client then waited 0.2 s for them and asked again. Requests wait
   * for the first subscriber (IOPUB_GRACE_MS at most, once), so every request's
   * status messages are delivered.
   * @param {string} [zeromqPath] where to load zeromq from (tslab's copy)
   */
  async init(zeromqPath = require.resolve("zeromq")) {
    const info = JSON.parse(fs.readFileSync(this.configPath, "utf-8"));
    this.connInfo = info;
    const zmq = require(zeromqPath);
    this.iopub = new zmq.XPublisher();
    this.shell = new zmq.Router();
    this.control = new zmq.Router();
    this.stdin = new zmq.Router();
    this.hb = new zmq.Reply();
    setTimeout(() => this.iopubSubscribed(), IOPUB_GRACE_MS).unref();
    // Bound one at a time, and read only once bound: zeromq 6.8 refuses to
    // receive on a socket whose bind is under way ("Socket is blocked by a bind
    // or unbind operation", EBUSY) and can crash when binds overlap. What
    // arrives meanwhile waits in ZeroMQ's queues.
    for (const [sock, port] of [
      [this.iopub, info.iopub_port],
      [this.shell, info.shell_port],
      [this.control, info.control_port],
      [this.stdin, info.stdin_port],
      [this.hb, info.hb_port],
    ]) {
      await sock.bind(`${info.transport}://${info.ip}:${port}`);
    }
    const serve = async (sock, handle) => {
      // The loop ends when close() closes the socket.
      for await (const frames of sock) handle(frames);
    };
    serve(this.shell, (frames) => this.handleShellMessage(this.shell, ...frames));
    serve(this.control, (frames) => this.handleShellMessage(this.control, ...frames));
    serve(this.hb, (frames) => this.hb.send(frames));
    // XPUB hands subscriptions up as messages: first byte 1 = subscribe.
    serve(this.iopub, ([event]) => {
      if (event[0] === 1) this.iopubSubscribed();
    });
  }

  publishStatus(status, parent) {
    const reply = parent.createReply();
    reply.header.msg_type = "status";
    reply.content = { execution_state: status };
    reply.signAndSend(this.connInfo.key, this.iopub);
  }

  armIdle() {
    clearTimeout(this.idleTimer);
    if (!this.onIdle || this.pending > 0) return;
    this.idleTimer = setTimeout(() => {
      if (this.pending === 0) this.onIdle?.();
    }, this.idleMs);
    this.idleTimer.unref();
  }

  reply(sock, msg, msgType, content) {
    const reply = msg.createReply();
    reply.header.msg_type = msgType;
    reply.content = content;
    reply.signAndSend(this.connInfo.key, sock);
  }

  async handleShellMessage(sock, ...frames) {
    const msg = WireMessage.fromRaw(this.connInfo.key, frames);
    let terminated = false;
    this.pending++;
    // Requests that arrive together wait together and keep their order.
    await this.iopubReady;
    clearTimeout(this.idleTimer);
    this.publishStatus("busy", msg);
    try {
      switch (msg.header.msg_type) {
        case "kernel_info_request":
          this.reply(sock, msg, "kernel_info_reply", await this.cells.kernelInfo());
          break;
        case "execute_request":
          await this.execute(sock, msg);
          break;
        case "is_complete_request":
          this.reply(sock, msg, "is_complete_reply", await this.cells.isComplete(msg.content));
          break;
        case "inspect_request":
          this.reply(sock, msg, "inspect_reply", await this.cells.inspect(msg.content));
          break;
        case "complete_request":
          this.reply(sock, msg, "complete_reply", await this.cells.complete(msg.content));
          break;
        case "history_request":
          this.reply(sock, msg, "history_reply", await this.cells.historyReply(msg.content));
          break;
        case "comm_info_request":
          this.reply(sock, msg, "comm_info_reply", { status: "ok", comms: {} });
          break;
        case "interrupt_request":
          this.interrupt();
          this.reply(sock, msg, "interrupt_reply", { status: "ok" });
          break;
        case "shutdown_request":
          this.reply(sock, msg, "shutdown_reply", { status: "ok", restart: msg.content.restart === true });
          terminated = true;
          break;
        default:
          // Unknown requests get no reply (the protocol allows it).
          break;
      }
    } finally {
      this.publishStatus("idle", msg);
      this.pending--;
    }
    if (terminated) this.close();
    else this.armIdle();
  }

  async execute(sock, msg) {
    const publish = (msgType, content) => {
      const out = msg.createReply();
      out.header.msg_type = msgType;
      out.content = content;
      out.signAndSend(this.connInfo.key, this.iopub);
    };
    const io = {
      publish,
      stream: (name, text) => publish("stream", { name, text }),
      display: (content, update) => publish(update ? "update_display_data" : "display_data", content),
    };
    this.reply(sock, msg, "execute_reply", await this.cells.execute(msg.content, io));
  }

  /** Releases the cells' resources (the compiler's file watches), then the sockets: the process can end. */
  close() {
    clearTimeout(this.idleTimer);
    this.cells.close();
    for (const sock of [this.iopub, this.shell, this.control, this.stdin, this.hb]) sock.close();
    this.onClose?.();
  }
}

module.exports = { loadProtocol, ProtocolServer, kernelInfo, PROTOCOL_VERSION };
