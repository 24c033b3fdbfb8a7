"""Executes notebooks with nbclient and writes each one's executed .ipynb and
HTML page. Started by scripts/lectures/run.js with the Jupyter python; one
process runs the whole list so nbconvert is imported once.

stdin: a JSON job (see run.js). Events go to file descriptor 3 as JSON lines,
so nothing the kernel or a library prints on stdout can corrupt them.
Never writes a source notebook: notebooks arrive as JSON text, outputs go
through a temporary file renamed into place.
"""
import html
import json
import os
import re
import signal
import sys
import tempfile
import time
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import strip_hidden_tests  # noqa: E402
from still_figures import add_still_pictures  # noqa: E402
from notebook_text import check_same, notebook_text  # noqa: E402

NO_REQUIREJS = "about:blank#no-require-js"
CLAIM_MIME = "application/vnd.adaptive-lr.claim+json"
INJECTED_TAG = "injected-parameters"
MESSAGE_LIMIT = 4000
# Stack frames of the kernel's own machinery, not of the notebook.
ANSI = re.compile(r"\x1b\[[0-9;]*m")
KERNEL_FRAME = re.compile(r"^\s+at .*(node:vm|node:internal|[/\\]tslab[/\\]dist[/\\])")
# jupyter_client picks free ports and closes them before the kernel binds them; another
# process can take one in between (many kernels and browsers at once). The kernel then
# exits before its first reply, having run nothing, and a start with new ports is safe.
PORT_TAKEN = re.compile(r"EADDRINUSE|Address already in use")
KERNEL_STARTS = 3
KERNEL_STDERR_SHOWN = 1500

_events = None
# Set when run.js passes on the user's Ctrl-C (as SIGUSR1: this process has its own
# process group, and nbclient takes SIGINT over while a notebook runs). The notebook
# being executed is abandoned without writing its outputs, so its last complete page stays.
_interrupted = False


class Interrupted(Exception):
    pass


def on_interrupt(signum, frame):
    global _interrupted
    if _interrupted:
        return  # already stopping
    _interrupted = True
    # While a notebook runs, nbclient's own SIGINT handler shuts its kernel down and the
    # cell fails; between notebooks SIGINT is Python's KeyboardInterrupt. Either way we stop.
    signal.raise_signal(signal.SIGINT)


def emit(**event):
    # Progress goes to fd 3, opened on first use so that importing this module has no side effect.
    global _events
    if _events is None:
        _events = os.fdopen(3, "w", buffering=1, encoding="utf-8")
    _events.write(json.dumps(event) + "\n")


def write_atomically(path, text):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def cell_message(cell):
    """The error a cell showed: the traceback of its error outputs (the kernel's
    type errors are "line:column - message" lines, runtime errors the stack in
    cell lines), else its stderr. Empty when it showed none."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        text = "\n".join(
            ANSI.sub("", "\n".join(o.get("traceback") or [])) or "%s: %s" % (o.get("ename", "Error"), o.get("evalue", ""))
            for o in errors
        )
    else:
        text = "".join(
            o.get("text", "")
            for o in cell.get("outputs", [])
            if o.get("output_type") == "stream" and o.get("name") == "stderr"
        )
    text = "\n".join(line for line in text.splitlines() if not KERNEL_FRAME.match(line))
    text = text.strip()
    return text if len(text) <= MESSAGE_LIMIT else text[:MESSAGE_LIMIT] + " …"


def is_injected(cell):
    return INJECTED_TAG in cell.get("metadata", {}).get("tags", [])


def source_cell_numbers(nb):
    """1-based cell numbers as in the source notebook: the injected parameters
    cell is not counted (it is numbered None)."""
    numbers, n = [], 0
    for cell in nb.cells:
        if is_injected(cell):
            numbers.append(None)
        else:
            n += 1
            numbers.append(n)
    return numbers, n


def collect_claims(nb):
    """Every claim the notebook checked, in order: what the module's claim()
    recorded in its outputs, passed or failed."""
    numbers, _ = source_cell_numbers(nb)
    claims = []
    for cell, number in zip(nb.cells, numbers):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            data = output.get("data", {}).get(CLAIM_MIME) if output.get("output_type") == "display_data" else None
            records = data if isinstance(data, list) else [data]  # a derivation records its steps at once
            grade = cell.get("metadata", {}).get("nbgrader", {})
            for record in (r for r in records if isinstance(r, dict)):
                claim = {"cell": number, "cellId": cell.get("id"), "statement": str(record.get("statement", "")),
                         "holds": record.get("holds") is True, "figures": record.get("figures", {})}
                if grade.get("grade"):
                    # An exercise's check: its statements may be hidden tests, so the
                    # ledger keeps only that it ran and whether it held.
                    claim.update(exercise=grade.get("grade_id"), statement="exercise check", figures={})
                claims.append(claim)
    return claims


def mathjax_source():
    """A local MathJax 2 (Notebook 6 ships one) for offline pages, or None."""
    found = []
    try:
        import notebook

        found.append(os.path.join(notebook.DEFAULT_STATIC_FILES_PATH, "components", "MathJax"))
    except Exception:
        pass
    found.append("/usr/share/javascript/mathjax")
    for path in found:
        real = os.path.realpath(path)
        if os.path.isfile(os.path.join(real, "MathJax.js")):
            return real
    return None


def html_exporter(job, mathjax):
    exporter = HTMLExporter()
    exporter.sanitize_html = False  # plots are HTML outputs with <script>
    exporter.embed_images = True  # one self-contained page per notebook
    exporter.require_js_url = NO_REQUIREJS  # no require.js: UMD bundles would hide behind AMD
    if mathjax:
        exporter.mathjax_url = job["mathjaxUrl"]  # the run copies MathJax next to the pages
    return exporter


def to_html(exporter, nb, failure=None):
    body, _ = exporter.from_notebook_node(nb)
    body = body.replace('<script src="%s"></script>' % NO_REQUIREJS, "")
    return with_failure_banner(body, failure) if failure else body


def what_ran(failure):
    """Which cells ran, in the source notebook's numbering."""
    cell, cells = failure.get("cell"), failure.get("cells")
    if cell is None or not cells:
        return "No cell ran." if failure["kind"] != "error" else ""
    ran = "Cells 1–%d ran." % (cell - 1) if cell > 2 else ("Cell 1 ran." if cell == 2 else "No cell before it ran.")
    rest = cells - cell
    left = "" if rest == 0 else (" Cell %d did not run." % cells if rest == 1 else " Cells %d–%d did not run." % (cell + 1, cells))
    return ran + left


def with_failure_banner(page, failure):
    """Puts what failed, where, and what ran at the top of a failed notebook's page."""
    where = "in cell %d of %d" % (failure["cell"], failure["cells"]) if failure.get("cell") else "before any cell"
    first = (" <code>%s</code>" % html.escape(failure["firstLine"])) if failure.get("firstLine") else ""
    banner = (
        '<div role="alert" class="adaptive-lr-failure" style="font: 15px/1.5 system-ui, sans-serif; '
        'background: #fff1f0; color: #5c1410; border: 2px solid #b42318; border-radius: 6px; '
        'margin: 1rem auto; padding: .8rem 1rem; max-width: 60rem; overflow-wrap: anywhere;">'
        "<strong>This notebook did not run to the end: %s %s</strong>%s. %s"
        '<pre style="white-space: pre-wrap; margin: .5rem 0 0; font-size: .85em;">%s</pre></div>'
    ) % (html.escape(KIND_TEXT.get(failure["kind"], failure["kind"])), where, first, html.escape(what_ran(failure)),
         html.escape(failure.get("message", "")))
    match = re.search(r"<body[^>]*>", page)
    if not match:
        return banner + page
    return page[: match.end()] + "\n" + banner + page[match.end():]


# How the banner names each kind of failure.
KIND_TEXT = {
    "error": "an error",
    "timeout": "a timeout",
    "kernel died": "the kernel died",
    "kernel": "a kernel failure",
    "runner": "a runner failure",
}


def mark_stop(cell, failure):
    """A cell stopped by the runner (timeout, dead kernel) says so in its own output;
    an error already shows its message."""
    if cell is None or failure["kind"] == "error":
        return
    cell.setdefault("outputs", []).append(
        nbformat.v4.new_output("stream", name="stderr", text="[stopped: %s]\n" % failure["message"].splitlines()[0]))


def execute(item, job, exporter, notary):
    nb = nbformat.reads(item["notebook"], as_version=4)
    state = {"cell": None}

    def on_cell_start(cell, cell_index, **_):
        state["cell"] = cell_index

    def run_in_new_kernel():
        """Executes the notebook in a kernel of its own; returns (error or None, what the kernel printed on stderr)."""
        client = NotebookClient(
            nb,
            timeout=job["timeout"],
            kernel_name=job["kernelName"],
            resources={"metadata": {"path": item["cwd"]}},
            shutdown_kernel="immediate",
            on_cell_start=on_cell_start,
        )
        with tempfile.TemporaryFile() as kernel_stderr:
            try:
                client.execute(stderr=kernel_stderr)
                error = None
            except BaseException as err:  # every failure is reported, none stops the run
                error = err
            kernel_stderr.seek(0)
            printed = kernel_stderr.read().decode("utf-8", "replace")
        sys.stderr.write(printed)  # run.js shows it with --verbose
        return error, printed

    failure = None
    started = time.monotonic()
    for start in range(1, KERNEL_STARTS + 1):
        err, kernel_printed = run_in_new_kernel()
        if err is None:
            break
        if _interrupted or isinstance(err, KeyboardInterrupt):
            raise Interrupted() from None
        if state["cell"] is None and start < KERNEL_STARTS and PORT_TAKEN.search(kernel_printed):
            sys.stderr.write("[%s: a port the kernel was given was taken; starting it again with new ports]\n" % item["cwd"])
            continue
        index = state["cell"]
        cell = nb.cells[index] if index is not None else None
        said = kernel_printed.strip()[-KERNEL_STDERR_SHOWN:]
        if isinstance(err, CellTimeoutError):
            kind, message = "timeout", "no result after %g s (--timeout)" % job["timeout"]
        elif isinstance(err, DeadKernelError):
            shown = cell_message(cell) if cell is not None else ""
            kind, message = "kernel died", ("the kernel died\n" + (shown or said)).strip()
        elif cell is not None and isinstance(err, CellExecutionError):
            kind, message = "error", cell_message(cell) or "the kernel reported an error with no message"
        else:
            kind, message = "kernel", "%s: %s" % (type(err).__name__, str(err).strip())
            if said:
                message += "\nthe kernel printed:\n" + said
        numbers, count = source_cell_numbers(nb)
        failure = {
            "kind": kind,
            "cell": None if index is None else numbers[index],
            "cells": count,
            "firstLine": first_line(cell.source) if cell is not None else "",
            "message": message,
        }
        mark_stop(cell, failure)
        break
    if _interrupted:
        raise Interrupted()
    seconds = time.monotonic() - started
    claims = collect_claims(nb)

    # A still picture beside each figure's interactive forms, for where no JavaScript runs;
    # a figure without one keeps its interactive forms and the run says why.
    pictures = {}
    warnings = add_still_pictures(nb, job["stillPictures"], pictures) if job.get("stillPictures") else []
    if _interrupted:
        raise Interrupted()
    strip_hidden_tests(nb)  # published.py: the hidden tests ran; their source is not published
    nb.metadata["kernelspec"] = item["kernelspec"]
    nb.metadata["adaptive_lr"] = {
        "status": "failed" if failure else "ok",
        "seconds": round(seconds, 3),
        "parameters": item.get("parameters", {}),
        "failure": failure,
        "claims": {"passed": sum(c["holds"] for c in claims), "failed": sum(not c["holds"] for c in claims)},
    }
    try:
        text = notebook_text(nb)
        check_same(text, nb)
    except ValueError:
        text = nbformat.writes(nb)  # nbformat's own layout, larger, never wrong
    write_atomically(item["outIpynb"], text)
    if job.get("sign", True):
        notary.sign(nb)  # Notebook 6 then shows the outputs (scripts) it would strip as untrusted
    write_atomically(item["outHtml"], to_html(exporter, nb, failure))
    return seconds, failure, claims, warnings, pictures


def main():
    job = json.load(sys.stdin)
    mathjax = mathjax_source()
    exporter = html_exporter(job, mathjax)
    notary = NotebookNotary()
    emit(event="ready", mathjax=mathjax, dataDir=notary.data_dir)
    signal.signal(signal.SIGUSR1, on_interrupt)
    for i, item in enumerate(job["notebooks"]):
        emit(event="start", index=i)
        try:
            seconds, failure, claims, warnings, pictures = execute(item, job, exporter, notary)
        except (Interrupted, KeyboardInterrupt):
            emit(event="interrupted", index=i)
            return
        except Exception as err:
            claims, warnings, pictures = [], [], {}
            seconds, failure = 0.0, {
                "kind": "runner",
                "cell": None,
                "cells": None,
                "firstLine": "",
                "message": "%s: %s\n%s" % (type(err).__name__, err, traceback.format_exc(limit=3)),
            }
        emit(event="done", index=i, seconds=seconds, failure=failure, claims=claims, warnings=warnings, pictures=pictures)
    emit(event="end")


if __name__ == "__main__":
    main()
