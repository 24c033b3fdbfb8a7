"""Executes graded notebooks cell by cell and reports each cell's outcome.
Started by scripts/homework/kernel.js with the Jupyter python; one process
runs the whole list so nbclient is imported once.

Unlike the lecture runner, a failing cell does not stop the notebook: every
graded cell must get a verdict. A cell that runs out of time (an infinite
loop) or kills the kernel leaves a kernel we cannot trust, so a fresh kernel
replays the cells that had succeeded and the notebook goes on after the culprit.

stdin: a JSON job {kernelName, timeout, notebookTimeout, notebooks: [{notebook, cwd, outIpynb}]}.
Events go to file descriptor 3 as JSON lines (the lecture runner's protocol).
"""
import importlib.util
import json
import math
import os
import sys
import time
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
    reports errors on stderr), write_atomically. One small seam, so that a
    change in scripts/lectures/execute.py is fixed here only."""
    here = os.path.dirname(os.path.abspath(__file__))
    path = os.path.join(here, "..", "lectures", "execute.py")
    spec = importlib.util.spec_from_file_location("lectures_execute", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.emit, module.cell_message, module.write_atomically


emit, cell_message, write_atomically = lecture_runner()


class Cells:
    """Runs cells of one notebook in a kernel, within a per-cell and an overall time limit."""

    def __init__(self, nb, job, item, deadline):
        self.nb = nb
        self.job = job
        self.item = item
        self.deadline = deadline
        self.reply = None
        self.count = 0  # execution counts in the saved copy, as a person running it would see them

    def client(self):
        def on_executed(cell, cell_index, execute_reply):
            self.reply = execute_reply

        return NotebookClient(
            self.nb,
            kernel_name=self.job["kernelName"],
            resources={"metadata": {"path": self.item["cwd"]}},
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


def grade_notebook(item, job):
    nb = nbformat.reads(item["notebook"], as_version=4)
    started = time.monotonic()
    cells = Cells(nb, job, item, started + job["notebookTimeout"])
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
                    if status in ("timeout", "dead"):
                        runner_failure = {"kind": "replay", "message": "a fresh kernel could not replay the cells before (%s)" % message}
                        break
                while position < len(code) and not runner_failure:
                    index = code[position]
                    position += 1
                    status, message = cells.run(client, index)
                    results[index] = {"status": status, "message": message}
                    if status == "ok":
                        succeeded.append(index)
                    elif status in ("timeout", "dead"):
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
    saved = None
    if item.get("outIpynb"):
        try:
            write_atomically(item["outIpynb"], nbformat.writes(nb))
            saved = item["outIpynb"]
        except OSError as err:  # the grades matter more than the executed copy
            saved = "not saved: %s" % err
    return {
        "saved": saved,
        "seconds": round(seconds, 3),
        "restarts": max(0, kernels - 1),
        "runnerFailure": runner_failure,
        "replayFailures": replay_failures,
        "cells": [dict(index=i, id=nb.cells[i].get("id"), **results[i]) for i in code],
    }


def main():
    job = json.load(sys.stdin)
    emit(event="ready")
    for i, item in enumerate(job["notebooks"]):
        emit(event="start", index=i)
        try:
            result = grade_notebook(item, job)
        except Exception as err:
            result = {
                "seconds": 0,
                "restarts": 0,
                "runnerFailure": {"kind": "runner", "message": "%s: %s\n%s" % (type(err).__name__, err, traceback.format_exc(limit=3))},
                "replayFailures": [],
                "cells": [],
            }
        emit(event="done", index=i, **result)
    emit(event="end")


if __name__ == "__main__":
    main()
