#!/usr/bin/python3
"""Simulated students of a class on JupyterHub (run by scripts/hub/load.js, with Debian's
Python, whose tornado JupyterHub itself uses).

Each student, as a browser would through the hub's proxy: logs in with the form, gets an
API token, starts their server, opens the lecture notebook, starts its kernel (a session,
as the notebook page does), executes every code cell over the kernel's websocket, checks
the outputs (plotly figures; no error but the unanswered exercise's "not implemented yet")
and saves it. Then from their own kernel, tries to read the other students' homes and
looks for the instructor's solutions and hidden tests in everything their server can
read. Then edits the notebook, deletes another, restarts their server and checks that the
edit survived and the deleted notebook came back.

Faults: the kernel of one student is killed (SIGKILL) mid-run; that student waits for it
to come back, checks that the saved notebook survived, and runs the notebook again from
the top. The hub is restarted by load.js while students work: load.js writes "hub-down"
and "hub-up" on stdin; each student then reconnects to their kernel and checks, with a
value it set before, that it is the same kernel.

Every request is bounded (timeouts, retry counts, a deadline); events are JSON lines on
stdout, the last one {"event": "result", ...}.
"""
import asyncio
import json
import os
import signal
import sys
import time
import urllib.parse
import uuid

from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import WebSocketClosedError, websocket_connect

PLOTLY_MIME = "application/vnd.plotly.v1+json"
NOT_ANSWERED = "not implemented yet"


def emit(event, **fields):
    print(json.dumps({"event": event, "t": round(time.time(), 3), **fields}), flush=True)


class Failure(Exception):
    """What went wrong for one student, in words."""


class KernelDied(Exception):
    pass


class Hub:
    """Shared state: the configuration and whether the hub is up (told by load.js)."""

    def __init__(self, config):
        self.config = config
        self.url = config["hub"].rstrip("/")
        self.deadline = config["deadline"]
        self.up = asyncio.Event()
        self.up.set()
        self.restarts = 0
        self.http = AsyncHTTPClient(max_clients=64)

    def left(self):
        left = self.deadline - time.time()
        if left <= 0:
            raise Failure("deadline reached")
        return left


class Student:
    def __init__(self, hub, name, index):
        self.hub = hub
        self.name = name
        self.index = index
        self.cookies = {}
        self.token = None
        self.requests = 0
        self.retries = 0
        self.ws = None
        self.kernel_id = None
        self.session_id = uuid.uuid4().hex
        self.probe = uuid.uuid4().hex
        self.restarts_seen = 0
        self.result = {"student": name, "ok": False, "failures": [], "events": {}}
        self.t0 = time.time()

    # ---------- HTTP ----------
    def mark(self, what):
        self.result["events"][what] = round(time.time() - self.t0, 3)
        emit(what, student=self.name, seconds=self.result["events"][what])

    async def fetch(self, path, method="GET", body=None, headers=None, hub=False, ok=(200,), retry_while_hub_down=True, timeout=120):
        """One request through the proxy; retried (bounded) while the hub is restarting."""
        url = self.hub.url + path
        for attempt in range(40):
            self.requests += 1
            if self.requests > self.hub.config["max_requests"]:
                raise Failure(f"more than {self.hub.config['max_requests']} requests")
            if hub and retry_while_hub_down:
                await asyncio.wait_for(self.hub.up.wait(), timeout=self.hub.left())
            h = dict(headers or {})
            if self.token:
                h["Authorization"] = f"token {self.token}"
            if self.cookies:
                h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
            request = HTTPRequest(url, method=method, body=body, headers=h, follow_redirects=False,
                                  request_timeout=min(timeout, self.hub.left()), connect_timeout=30)
            try:
                response = await self.hub.http.fetch(request, raise_error=False)
            except (ConnectionError, OSError) as err:
                response = None
                error = str(err)
            else:
                error = None
            if response is not None:
                for value in response.headers.get_list("Set-Cookie"):
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
                if response.code in ok:
                    return response
                error = f"HTTP {response.code} {response.body[:300]!r}"
            transient = response is None or response.code in (502, 503, 504, 599) or (hub and response.code == 424)
            if not transient or not retry_while_hub_down:
                raise Failure(f"{method} {path}: {error}")
            self.retries += 1
            await asyncio.sleep(min(0.5 * (attempt + 1), 3))
        raise Failure(f"{method} {path}: still failing after 40 attempts ({error})")

    async def json(self, path, **kw):
        return json.loads((await self.fetch(path, **kw)).body or b"null")

    # ---------- hub ----------
    async def log_in(self):
        await self.fetch("/hub/login", hub=True)
        form = {"username": self.name, "password": self.hub.config["password"]}
        if "_xsrf" in self.cookies:
            form["_xsrf"] = self.cookies["_xsrf"]
        await self.fetch("/hub/login", method="POST", body=urllib.parse.urlencode(form), hub=True, ok=(302,),
                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        token = await self.json(f"/hub/api/users/{self.name}/tokens", method="POST", hub=True, ok=(200, 201),
                                body=json.dumps({"note": "class load test", "expires_in": 3600}),
                                headers={"Referer": self.hub.url + "/hub/home", "Content-Type": "application/json"})
        self.token = token["token"]
        self.mark("logged_in")

    async def start_server(self):
        await self.fetch(f"/hub/api/users/{self.name}/server", method="POST", body=b"{}", hub=True, ok=(201, 202, 400))
        for _ in range(int(self.hub.config["spawn_timeout"] / 0.5)):
            user = await self.json(f"/hub/api/users/{self.name}", hub=True)
            if user.get("server") and not user.get("pending"):
                return
            await asyncio.sleep(0.5)
        raise Failure("server not ready in time")

    async def stop_server(self):
        await self.fetch(f"/hub/api/users/{self.name}/server", method="DELETE", hub=True, ok=(202, 204))
        for _ in range(120):
            user = await self.json(f"/hub/api/users/{self.name}", hub=True)
            if not user.get("server") and not user.get("pending"):
                return
            await asyncio.sleep(0.5)
        raise Failure("server did not stop")

    # ---------- the student's server ----------
    def api(self, path):
        return f"/user/{self.name}/api/{path}"

    async def read_notebook(self, path):
        return (await self.json(self.api(f"contents/{path}")))["content"]

    async def save_notebook(self, path, notebook):
        body = json.dumps({"type": "notebook", "format": "json", "content": notebook})
        await self.fetch(self.api(f"contents/{path}"), method="PUT", body=body, ok=(200, 201),
                         headers={"Content-Type": "application/json"})

    async def open_kernel(self, path):
        session = await self.json(self.api("sessions"), method="POST", ok=(200, 201), headers={"Content-Type": "application/json"},
                                  body=json.dumps({"path": path, "name": os.path.basename(path), "type": "notebook",
                                                   "kernel": {"name": "adaptive-lr"}}))
        self.kernel_id = session["kernel"]["id"]
        await self.connect()

    async def connect(self):
        if self.ws is not None:
            self.ws.close()
            self.ws = None  # until the new one is open: a failed connect leaves none
        url = self.hub.url.replace("http", "ws", 1) + self.api(f"kernels/{self.kernel_id}/channels?session_id={self.session_id}")
        request = HTTPRequest(url, headers={"Authorization": f"token {self.token}"}, request_timeout=90, connect_timeout=30)
        self.requests += 1
        self.ws = await websocket_connect(request, max_message_size=512 * 1024 * 1024)

    async def wait_kernel(self, tries=60):
        """kernel_info until it answers (a new or restarted kernel), reconnecting as a browser would."""
        last = "no answer"
        for _ in range(tries):
            try:
                reply = await self.request("kernel_info_request", {}, timeout=10)
                if reply["reply"]["content"].get("status") == "ok":
                    return
                last = "kernel_info status %s" % reply["reply"]["content"].get("status")
            except (KernelDied, asyncio.TimeoutError, OSError, Failure) as err:
                last = "%s: %s" % (type(err).__name__, err)
            await asyncio.sleep(1)
            try:
                await self.connect()
            except Exception as err:  # noqa: BLE001 (the server may be restarting the kernel)
                last = "reconnecting: %s: %s" % (type(err).__name__, err)
        raise Failure("kernel did not answer kernel_info (%d tries; last: %s)" % (tries, last))

    async def request(self, msg_type, content, timeout=None):
        """Sends one shell request; returns its reply and iopub outputs once the kernel is idle again."""
        msg_id = uuid.uuid4().hex
        if self.ws is None:
            raise KernelDied("no websocket (the last connect failed)")
        try:
            await self.ws.write_message(json.dumps({
                "header": {"msg_id": msg_id, "username": self.name, "session": self.session_id, "msg_type": msg_type,
                           "version": "5.3", "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                "parent_header": {}, "metadata": {}, "content": content, "channel": "shell", "buffers": []}))
        except WebSocketClosedError:
            raise KernelDied("websocket closed") from None
        reply, outputs, idle = None, [], False
        end = time.time() + min(timeout or self.hub.config["cell_timeout"], self.hub.left())
        while reply is None or not idle:
            left = end - time.time()
            if left <= 0:
                raise asyncio.TimeoutError()
            raw = await asyncio.wait_for(self.ws.read_message(), timeout=left)
            if raw is None:
                raise KernelDied("websocket closed")
            if isinstance(raw, bytes):
                continue
            msg = json.loads(raw)
            kind = msg.get("msg_type") or msg["header"]["msg_type"]
            if kind == "status" and msg["content"].get("execution_state") in ("restarting", "dead"):
                raise KernelDied(msg["content"]["execution_state"])
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg.get("channel") == "shell":
                reply = msg
            elif kind == "status":
                idle = msg["content"].get("execution_state") == "idle"
            elif kind in ("stream", "display_data", "execute_result", "error"):
                out = dict(msg["content"])
                out["output_type"] = kind
                out.pop("transient", None)
                outputs.append(out)
        return {"reply": reply, "outputs": outputs}

    async def execute(self, code):
        return await self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                      "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})

    async def check_probe(self):
        """Whether the kernel is the one this student set the probe in (its state survived)."""
        run = await self.execute("(globalThis as any).loadTestProbe")
        text = "".join(o.get("data", {}).get("text/plain", "") for o in run["outputs"] if o["output_type"] == "execute_result")
        return self.probe in text

    # ---------- the lecture ----------
    async def run_notebook(self, notebook, kill_after=None):
        """Executes every code cell in order; returns (figures, unexpected errors, exercise errors)."""
        figures, errors, exercise = 0, [], 0
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] != "code":
                continue
            if self.hub.restarts > self.restarts_seen and self.hub.up.is_set():
                await self.reconnect_after_hub_restart()
            run = await self.execute("".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"])
            cell["outputs"] = [o for o in run["outputs"]]
            for o in cell["outputs"]:
                if o["output_type"] in ("display_data", "execute_result"):
                    o.setdefault("metadata", {})
                    if o["output_type"] == "execute_result":
                        o["execution_count"] = run["reply"]["content"].get("execution_count")
                    figure = o.get("data", {}).get(PLOTLY_MIME)
                    if figure is not None:
                        if not isinstance(figure, dict) or not figure.get("data"):
                            errors.append(f"cell {index}: plotly bundle without traces")
                        else:
                            figures += 1
                            if "first_figure" not in self.result["events"]:
                                self.mark("first_figure")
                if o["output_type"] == "error":
                    exercise_cell = bool(cell.get("metadata", {}).get("nbgrader"))
                    if exercise_cell and NOT_ANSWERED in o.get("evalue", ""):
                        exercise += 1
                    else:
                        errors.append(f"cell {index}: {o.get('ename')}: {o.get('evalue', '')[:200]}")
            cell["execution_count"] = run["reply"]["content"].get("execution_count")
            if kill_after is not None and index >= kill_after:
                return figures, errors, exercise, index
        return figures, errors, exercise, None

    async def reconnect_after_hub_restart(self):
        self.restarts_seen = self.hub.restarts
        user = await self.json(f"/hub/api/users/{self.name}", hub=True)
        if not user.get("server"):
            raise Failure("after the hub restart the hub lists no server")
        await self.connect()
        same = await self.check_probe()
        self.result["hub_restart"] = {"server_kept": True, "same_kernel": same}
        self.mark("reconnected_after_hub_restart")
        if not same:
            raise Failure("after the hub restart the kernel lost its state")

    def kernel_pid(self):
        """The kernel process of this student's kernel (by its connection file's name)."""
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    cmd = f.read().split(b"\0")
            except OSError:
                continue
            if any(b"launch.js" in a for a in cmd) and any(self.kernel_id.encode() in a for a in cmd):
                return int(pid)
        return None

    async def kill_kernel_and_recover(self, path, notebook, saved_cells):
        pid = self.kernel_pid()
        if pid is None:
            raise Failure("kernel process not found")
        os.kill(pid, signal.SIGKILL)
        killed = time.time()
        self.mark("kernel_killed")
        await self.wait_kernel()
        recovered = round(time.time() - killed, 3)
        fresh = not await self.check_probe()
        on_disk = await self.read_notebook(path)
        survived = [c.get("outputs") for c in on_disk["cells"]] == saved_cells
        self.result["kernel_kill"] = {"recovered_seconds": recovered, "new_kernel": fresh, "notebook_survived": survived}
        self.mark("kernel_recovered")
        if not survived:
            raise Failure("the notebook saved before the kernel was killed changed")
        await self.execute(f"(globalThis as any).loadTestProbe = {json.dumps(self.probe)}")

    # ---------- isolation ----------
    async def isolation(self, others):
        config = self.hub.config
        code = ISOLATION_CELL % json.dumps({
            "others": others, "roots": config["readable_roots"] + [os.path.expanduser(f"~{self.name}")],
            "secrets": config["secrets"], "instructor": config["instructor_notebooks"], "notebook": config["notebook"]})
        run = await self.execute(code)
        text = "".join(o.get("text", "") for o in run["outputs"] if o["output_type"] == "stream")
        errors = [o.get("evalue") for o in run["outputs"] if o["output_type"] == "error"]
        if errors:
            raise Failure(f"isolation cell failed: {errors[0]}")
        found = json.loads(text.strip().splitlines()[-1])
        self.result["isolation"] = found
        if found["otherHomesReadable"]:
            raise Failure(f"read another student's files: {found['otherHomesReadable']}")
        if found["leaks"]:
            raise Failure(f"solutions or hidden tests readable: {found['leaks'][:3]}")

    # ---------- the whole visit ----------
    async def visit(self, others):
        config = self.hub.config
        path = config["notebook"]
        await self.log_in()
        await self.start_server()
        self.mark("server_ready")
        notebook = await self.read_notebook(path)
        await self.open_kernel(path)
        await self.wait_kernel()
        await self.execute(f"(globalThis as any).loadTestProbe = {json.dumps(self.probe)}")
        self.mark("kernel_ready")
        kill_after = config["kill_after_cell"] if self.name == config.get("kill_kernel_of") else None
        figures, errors, exercise, stopped = await self.run_notebook(notebook, kill_after)
        if stopped is not None:
            await self.save_notebook(path, notebook)
            saved = [c.get("outputs") for c in (await self.read_notebook(path))["cells"]]
            await self.kill_kernel_and_recover(path, notebook, saved)
            notebook = await self.read_notebook(path)
            figures, errors, exercise, _ = await self.run_notebook(notebook)
        self.mark("notebook_done")
        if self.hub.restarts > self.restarts_seen:
            await asyncio.wait_for(self.hub.up.wait(), timeout=self.hub.left())
            await self.reconnect_after_hub_restart()
        self.result.update(figures=figures, errors=errors, exercise_errors=exercise)
        if errors:
            raise Failure(f"{len(errors)} error output(s): {errors[0]}")
        if figures == 0:
            raise Failure("no plotly figure in the outputs")
        await self.save_notebook(path, notebook)
        await self.isolation(others)
        await self.respawn_keeps_edits(path, notebook)
        self.result["ok"] = True

    async def respawn_keeps_edits(self, path, notebook):
        note = f"my notes ({self.name}, {uuid.uuid4().hex[:8]})"
        notebook["cells"].insert(0, {"cell_type": "markdown", "metadata": {}, "source": note, "id": uuid.uuid4().hex[:8]})
        await self.save_notebook(path, notebook)
        other = self.hub.config["reseeded_notebook"]
        await self.fetch(self.api(f"contents/{other}"), method="DELETE", ok=(204,))
        if self.ws is not None:
            self.ws.close()
            self.ws = None
        await self.stop_server()
        await self.start_server()
        self.mark("respawned")
        kept = await self.read_notebook(path)
        first = kept["cells"][0]
        source = "".join(first["source"]) if isinstance(first["source"], list) else first["source"]
        edit_kept = source == note and any(c.get("outputs") for c in kept["cells"])
        reseeded = len((await self.read_notebook(other))["cells"]) > 0
        self.result["respawn"] = {"edit_kept": edit_kept, "deleted_notebook_back": reseeded}
        if not edit_kept:
            raise Failure("the edited notebook was not kept across a server restart")
        if not reseeded:
            raise Failure("a deleted lecture notebook was not copied again at the next start")

    async def run(self, others):
        try:
            await self.visit(others)
        except Failure as err:
            self.result["failures"].append(str(err))
        except Exception as err:  # noqa: BLE001 (any other exception is this student's failure, reported)
            self.result["failures"].append(f"{type(err).__name__}: {err}")
        finally:
            if self.ws is not None:
                self.ws.close()
        self.result.update(requests=self.requests, retries=self.retries, seconds=round(time.time() - self.t0, 3))
        emit("student_done", student=self.name, ok=self.result["ok"], failures=self.result["failures"])
        return self.result


# The isolation probe, run in the student's own kernel (TypeScript, as a student could).
ISOLATION_CELL = """
import * as isolationFs from "fs";
import * as isolationPath from "path";
{
  const given = %s;
  const otherHomesReadable: string[] = [];
  for (const home of given.others as string[]) {
    for (const target of [home, isolationPath.join(home, given.notebook)]) {
      try {
        if (isolationFs.statSync(target).isDirectory()) isolationFs.readdirSync(target);
        else isolationFs.readFileSync(target);
        otherHomesReadable.push(target);
      } catch (err) {}
    }
  }
  const leaks: string[] = [];
  let scanned = 0;
  const walk = (dir: string): void => {
    let entries: isolationFs.Dirent[];
    try { entries = isolationFs.readdirSync(dir, { withFileTypes: true }); } catch (err) { return; }
    for (const e of entries) {
      const full = isolationPath.join(dir, e.name);
      if (e.isDirectory()) { if (e.name !== "node_modules") walk(full); continue; }
      if (!e.isFile()) continue;
      let text: string;
      try { if (isolationFs.statSync(full).size > 50e6) continue; text = isolationFs.readFileSync(full, "utf8"); } catch (err) { continue; }
      scanned++;
      for (const secret of given.secrets as string[]) if (text.includes(secret)) { leaks.push(full + ": " + secret.slice(0, 60)); break; }
    }
  };
  for (const root of given.roots as string[]) walk(root);
  const instructorReadable = (given.instructor as string[]).filter((f) => { try { isolationFs.readFileSync(f); return true; } catch (err) { return false; } });
  console.log(JSON.stringify({ otherHomesReadable, leaks, scanned, instructorReadable }));
}
"""


async def main(config_path):
    with open(config_path) as f:
        config = json.load(f)
    hub = Hub(config)
    loop = asyncio.get_running_loop()

    def on_line():
        line = sys.stdin.readline().strip()
        if line == "hub-down":
            hub.up.clear()
            hub.restarts += 1
        elif line == "hub-up":
            hub.up.set()
        elif line == "":
            loop.remove_reader(sys.stdin)

    loop.add_reader(sys.stdin, on_line)
    homes = {name: os.path.expanduser(f"~{name}") for name in config["students"]}
    students = [Student(hub, name, i) for i, name in enumerate(config["students"])]
    tasks = []
    for s in students:
        others = [h for n, h in homes.items() if n != s.name]
        tasks.append(asyncio.create_task(s.run(others)))
        await asyncio.sleep(config.get("arrival_interval", 0))
    results = await asyncio.gather(*tasks)
    emit("result", students=results)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
