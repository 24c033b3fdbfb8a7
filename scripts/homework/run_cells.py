"""Executes one graded notebook cell by cell and reports each cell's outcome.
Started by scripts/homework/kernel.js with the Jupyter python inside the
submission's sandbox (scripts/homework/sandbox.js): it starts the student's
kernel there and is torn down with it.

Unlike the lecture runner, a failing cell does not stop the notebook: every
graded cell must get a verdict. A cell that runs out of time (an infinite
loop) or kills the kernel leaves a kernel we cannot trust, so a fresh kernel
replays the cells that had succeeded and the notebook goes on after the culprit.

stdin: a JSON job {kernelArgv, kernelStderr, timeout, notebookTimeout, outputLimit,
notebook, workFiles}. Events go to file descriptor 3 as JSON lines (the lecture
runner's protocol); "done" carries the executed notebook, since nothing in the
sandbox can write outside it.
"""
import importlib.util
import ctypes
import json
import math
import os
import sys
import time
import re
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError, DeadKernelError

# The kernel answers "aborted" to every request that arrives within 200 ms of
# an error (as tslab 1.0.22 does, execQueue.reset(200)): cells queued by "Run
# all" after a failing one must not run.
AFTER_ERROR_PAUSE = 0.3
ABORT_RETRIES = 3


def lecture_runner():
    """The lecture runner's functions: events on fd 3, cell_message (tslab
    reports errors on stderr). One small seam, so that a change in
    scripts/lectures/execute.py is fixed here only."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "lectures", "execute.py")
    spec = importlib.util.spec_from_file_location("lectures_execute", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.emit, module.cell_message


emit, cell_message = lecture_runner()


KERNEL_NAME = "adaptive-lr-grading"
OUT_OF_MEMORY = re.compile(r"heap out of memory|allocation failed|Cannot allocate memory", re.I)


def hide_from_kernel():
    """Not dumpable: the kernel (same uid, no capabilities) cannot read this
    process's memory (/proc/PID/mem, environ), where the hidden tests are."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE, 0
    except Exception:
        pass


def write_kernelspec(argv):
    folder = os.path.join(os.environ["JUPYTER_PATH"], "kernels", KERNEL_NAME)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump({"argv": argv, "display_name": "TypeScript (grading)", "language": "typescript", "interrupt_mode": "signal"}, f)


def kernel_stderr_tail(job):
    try:
        with open(job["kernelStderr"], "rb") as f:
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 4000))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


class LimitedClient(NotebookClient):
    """Keeps at most outputLimit bytes of outputs per notebook: a student who
    prints 200 MB does not make a 200 MB executed copy."""

    def __init__(self, *args, limit, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def output(self, outs, msg, display_id, cell_index):
        size = len(json.dumps(msg.get("content", {})))
        self.limit["used"] += size
        if self.limit["used"] > self.limit["max"]:
            if not self.limit["truncated"]:
                self.limit["truncated"] = True
                outs.append(nbformat.v4.new_output("stream", name="stderr", text="[grader: output beyond %d bytes dropped]\n" % self.limit["max"]))
            return None
        return super().output(outs, msg, display_id, cell_index)


class Cells:
    """Runs cells of one notebook in a kernel, within a per-cell and an overall time limit."""

    def __init__(self, nb, job, deadline):
        self.nb = nb
        self.job = job
        self.deadline = deadline
        self.reply = None
        self.output_limit = {"used": 0, "max": job["outputLimit"], "truncated": False}
        self.count = 0  # execution counts in the saved copy, as a person running it would see them

    def client(self):
        def on_executed(cell, cell_index, execute_reply):
            self.reply = execute_reply

        return LimitedClient(
            self.nb,
            limit=self.output_limit,
            kernel_name=KERNEL_NAME,
            resources={"metadata": {"path": os.getcwd()}},
            allow_errors=True,
            interrupt_on_timeout=False,  # a busy tslab never reads SIGINT: the kernel is replaced instead
            timeout_func=self.cell_timeout,
            shutdown_kernel="immediate",
            on_cell_executed=on_executed,
        )

    def cell_timeout(self, cell):
        return max(1, math.ceil(min(self.job["timeout"], self.deadline - time.monotonic())))

    def limit_message(self):
        left = self.deadline - time.monotonic()
        if left <= 1:
            return "stopped: the notebook's time limit (%g s, --notebook-timeout) was reached" % self.job["notebookTimeout"]
        return "no result after %g s (the time limit per cell, --timeout); the kernel was stopped and restarted" % self.job["timeout"]

    def run(self, client, index):
        """(status, message) of one cell: ok, error, timeout or dead."""
        cell = self.nb.cells[index]
        for _ in range(ABORT_RETRIES + 1):
            self.reply = None
            self.count += 1
            try:
                client.execute_cell(cell, index, execution_count=self.count)
            except CellTimeoutError:
                return "timeout", self.limit_message()
            except DeadKernelError as err:
                text = cell_message(cell)
                if OUT_OF_MEMORY.search(kernel_stderr_tail(self.job) + text):
                    return "out of memory", "the kernel ran out of memory (limit %d MB, --memory)" % self.job["memoryMb"]
                return "dead", "the kernel died (%s)%s" % (str(err).strip() or "no reason given", "" if text.startswith("the kernel reported") else ": " + text)
            status = (self.reply or {}).get("content", {}).get("status", "ok")
            if status in ("abort", "aborted"):
                time.sleep(AFTER_ERROR_PAUSE)
                continue
            if status == "error":
                time.sleep(AFTER_ERROR_PAUSE)
                return "error", cell_message(cell)
            return "ok", None
        return "error", "the kernel refused to run this cell (status abort, %d times)" % (ABORT_RETRIES + 1)


def grade_notebook(job):
    nb = nbformat.reads(job["notebook"], as_version=4)
    started = time.monotonic()
    cells = Cells(nb, job, started + job["notebookTimeout"])
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.strip()]
    results = {}
    succeeded = []  # what a new kernel must replay to get the same state
    position = 0
    runner_failure = None
    replay_failures = []
    kernels = 0
    while position < len(code) and cells.deadline - time.monotonic() > 1 and not runner_failure:
        kernels += 1
        client = cells.client()
        try:
            with client.setup_kernel():
                for index in succeeded:
                    status, message = cells.run(client, index)
                    if status != "ok":  # the first verdict stands; later cells may suffer, and say why
                        replay_failures.append({"index": index, "id": nb.cells[index].get("id"), "status": status, "message": message})
                    if status in ("timeout", "dead", "out of memory"):
                        runner_failure = {"kind": "replay", "message": "a fresh kernel could not replay the cells before (%s)" % message}
                        break
                while position < len(code) and not runner_failure:
                    index = code[position]
                    position += 1
                    status, message = cells.run(client, index)
                    results[index] = {"status": status, "message": message}
                    if status == "ok":
                        succeeded.append(index)
                    elif status in ("timeout", "dead", "out of memory"):
                        break
        except Exception as err:  # the kernel did not start, or nbclient itself failed
            runner_failure = {"kind": "kernel", "message": "the kernel failed: %s: %s" % (type(err).__name__, str(err).strip())}
            break
    for index in code:
        if index not in results:
            if runner_failure:
                results[index] = {"status": "not run", "message": "not run: " + runner_failure["message"]}
            else:
                results[index] = {"status": "not run", "message": cells.limit_message()}
    seconds = time.monotonic() - started
    return {
        "executed": nbformat.writes(nb),
        "outputTruncated": cells.output_limit["truncated"],
        "seconds": round(seconds, 3),
        "restarts": max(0, kernels - 1),
        "runnerFailure": runner_failure,
        "replayFailures": replay_failures,
        "cells": [dict(index=i, id=nb.cells[i].get("id"), **results[i]) for i in code],
    }


def main():
    hide_from_kernel()
    job = json.load(sys.stdin)
    write_kernelspec(job["kernelArgv"])
    for name, text in job.get("workFiles", {}).items():
        with open(os.path.join(os.getcwd(), os.path.basename(name)), "w", encoding="utf-8") as f:
            f.write(text)
    emit(event="ready")
    emit(event="start", index=0)
    try:
        result = grade_notebook(job)
    except Exception as err:
        result = {
            "seconds": 0,
            "restarts": 0,
            "runnerFailure": {"kind": "runner", "message": "%s: %s\n%s" % (type(err).__name__, err, traceback.format_exc(limit=3))},
            "replayFailures": [],
            "cells": [],
        }
    emit(event="done", index=0, **result)
    emit(event="end")


if __name__ == "__main__":
    main()
