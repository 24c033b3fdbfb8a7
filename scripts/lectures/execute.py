"""Executes notebooks with nbclient and writes each one's executed .ipynb and
HTML page. Started by scripts/lectures/run.js with the Jupyter python; one
process runs the whole list so nbconvert is imported once.

stdin: a JSON job (see run.js). Events go to file descriptor 3 as JSON lines,
so nothing the kernel or a library prints on stdout can corrupt them.
Never writes a source notebook: notebooks arrive as JSON text, outputs go
through a temporary file renamed into place.
"""
import json
import os
import re
import sys
import time
import traceback

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
from nbconvert import HTMLExporter
from nbformat.sign import NotebookNotary

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from published import strip_hidden_tests  # noqa: E402

NO_REQUIREJS = "about:blank#no-require-js"
CLAIM_MIME = "application/vnd.adaptive-lr.claim+json"
INJECTED_TAG = "injected-parameters"
MESSAGE_LIMIT = 4000
# Stack frames of the kernel's own machinery, not of the notebook.
KERNEL_FRAME = re.compile(r"^\s+at .*(node:vm|node:internal|[/\\]tslab[/\\]dist[/\\])")

_events = None


def emit(**event):
    # Progress goes to fd 3, opened on first use so that importing this module has no side effect.
    global _events
    if _events is None:
        _events = os.fdopen(3, "w", buffering=1, encoding="utf-8")
    _events.write(json.dumps(event) + "\n")


def write_atomically(path, text):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def cell_message(cell):
    """The error a cell showed: its error outputs, else its stderr (tslab
    reports type and runtime errors only on stderr, with status "error").
    Empty when it showed none."""
    errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
    if errors:
        text = "\n".join("%s: %s" % (o.get("ename", "Error"), o.get("evalue", "")) for o in errors)
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


def to_html(exporter, nb):
    body, _ = exporter.from_notebook_node(nb)
    return body.replace('<script src="%s"></script>' % NO_REQUIREJS, "")


def execute(item, job, exporter, notary):
    nb = nbformat.reads(item["notebook"], as_version=4)
    state = {"cell": None}

    def on_cell_start(cell, cell_index, **_):
        state["cell"] = cell_index

    client = NotebookClient(
        nb,
        timeout=job["timeout"],
        kernel_name=job["kernelName"],
        resources={"metadata": {"path": item["cwd"]}},
        shutdown_kernel="immediate",
        on_cell_start=on_cell_start,
    )
    failure = None
    started = time.monotonic()
    try:
        client.execute()
    except Exception as err:  # every failure is reported, none stops the run
        index = state["cell"]
        cell = nb.cells[index] if index is not None else None
        if isinstance(err, CellTimeoutError):
            kind, message = "timeout", "no result after %g s (--timeout)" % job["timeout"]
        elif isinstance(err, DeadKernelError):
            shown = cell_message(cell) if cell is not None else ""
            kind, message = "kernel died", ("the kernel died\n" + shown).strip()
        elif cell is not None and isinstance(err, CellExecutionError):
            kind, message = "error", cell_message(cell) or "the kernel reported an error with no message"
        else:
            kind, message = "kernel", "%s: %s" % (type(err).__name__, str(err).strip())
        numbers, count = source_cell_numbers(nb)
        failure = {
            "kind": kind,
            "cell": None if index is None else numbers[index],
            "cells": count,
            "firstLine": first_line(cell.source) if cell is not None else "",
            "message": message,
        }
    seconds = time.monotonic() - started
    claims = collect_claims(nb)

    strip_hidden_tests(nb)  # published.py: the hidden tests ran; their source is not published
    nb.metadata["kernelspec"] = item["kernelspec"]
    nb.metadata["adaptive_lr"] = {
        "status": "failed" if failure else "ok",
        "seconds": round(seconds, 3),
        "parameters": item.get("parameters", {}),
        "failure": failure,
        "claims": {"passed": sum(c["holds"] for c in claims), "failed": sum(not c["holds"] for c in claims)},
    }
    write_atomically(item["outIpynb"], nbformat.writes(nb))
    if job.get("sign", True):
        notary.sign(nb)  # Notebook 6 then shows the outputs (scripts) it would strip as untrusted
    write_atomically(item["outHtml"], to_html(exporter, nb))
    return seconds, failure, claims


def main():
    job = json.load(sys.stdin)
    mathjax = mathjax_source()
    exporter = html_exporter(job, mathjax)
    notary = NotebookNotary()
    emit(event="ready", mathjax=mathjax, dataDir=notary.data_dir)
    for i, item in enumerate(job["notebooks"]):
        emit(event="start", index=i)
        try:
            seconds, failure, claims = execute(item, job, exporter, notary)
        except Exception as err:
            claims = []
            seconds, failure = 0.0, {
                "kind": "runner",
                "cell": None,
                "cells": None,
                "firstLine": "",
                "message": "%s: %s\n%s" % (type(err).__name__, err, traceback.format_exc(limit=3)),
            }
        emit(event="done", index=i, seconds=seconds, failure=failure, claims=claims)
    emit(event="end")


if __name__ == "__main__":
    main()
