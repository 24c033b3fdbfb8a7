"""A still picture beside each figure of an executed notebook, for every place where no
JavaScript runs: GitHub's and nbviewer's views, an untrusted notebook, nbconvert's HTML,
a PDF. Each figure output (a plotly figure shown by the module) gets
- the picture as its own MIME type, image/svg+xml, image/png or image/jpeg (which a front-end shows
  when it does not run the figure's script, and LaTeX/PDF export uses), and
- the same picture inside the figure's div in text/html, which plotly's drawing replaces
  (nbconvert's HTML and the untrusted notebook show text/html, scripts removed).
The pictures are drawn by figure-images.js in headless Chromium, one browser per
notebook. Failing, a figure keeps its interactive forms and a warning says why.
"""
import json
import os
import re
import subprocess
import time

FIGURE_MIME = "application/vnd.plotly.v1+json"
STILL_CLASS = "adaptive-lr-still"
RENDERER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "figure-images.js")
# The empty div a figure is drawn in (html.ts's figureHtml).
FIGURE_DIV = re.compile(r'(<div id="[^"]+" class="adaptive-lr-plot"[^>]*aria-label="([^"]*)"[^>]*>)(</div>)')
# Seconds per figure before the renderer is given up (3-D figures in software WebGL are the slow ones).
SECONDS_PER_FIGURE = 30


def figure_outputs(nb):
    """(cell number from 1, output) of every figure output, in order."""
    found = []
    for number, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") in ("display_data", "execute_result") and FIGURE_MIME in output.get("data", {}):
                found.append((number, output))
    return found


def data_url(picture):
    if picture["mime"] != "image/svg+xml":
        return "data:%s;base64,%s" % (picture["mime"], picture["data"])
    # SVG as text, escaped only where a URL in a double-quoted attribute needs it (base64 would add a third).
    text = re.sub(r'[%#"&<>\n\r\t]', lambda m: "%%%02X" % ord(m.group(0)), picture["data"])
    return "data:image/svg+xml;charset=utf-8," + text


def with_picture(html, picture):
    """text/html with the picture inside the figure's div; unchanged when there is no such div."""
    def put(m):
        return '%s<img class="%s" alt="%s" width="%d" height="%d" src="%s" style="display:block;max-width:100%%;height:auto">%s' % (
            m.group(1), STILL_CLASS, m.group(2), picture["width"], picture["height"], data_url(picture), m.group(3))
    return FIGURE_DIV.sub(put, html, count=1)


def render(figures, options):
    """The renderer's answer for `figures`: {"images": [...]} or {"error": text}."""
    job = json.dumps({"plotly": options["plotly"], "figures": figures})
    proc = subprocess.Popen([options["node"], RENDERER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        out, err = proc.communicate(job, timeout=60 + SECONDS_PER_FIGURE * len(figures))
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.communicate()
        return {"error": "no pictures after %d s" % (60 + SECONDS_PER_FIGURE * len(figures))}
    except BaseException:
        proc.terminate()  # Ctrl-C: the renderer closes its browser and goes
        proc.wait()
        raise
    try:
        return json.loads(out)
    except ValueError:
        return {"error": "the renderer stopped (exit %s): %s" % (proc.returncode, (err or out).strip()[-500:])}


def add_still_pictures(nb, options, timing=None):
    """Adds a still picture to every figure output of `nb`, in place. Returns warnings, one per
    figure left without a picture (or one for the whole notebook). `timing` (a dict), if
    given, gets the pictures' count and seconds."""
    found = figure_outputs(nb)
    if not found:
        return []
    started = time.monotonic()
    answer = render([output["data"][FIGURE_MIME] for _, output in found], options)
    if timing is not None:
        timing.update(pictures=len(found), seconds=round(time.monotonic() - started, 2))
    if "error" in answer:
        return ["no still pictures of its %d figures (%s); they stay interactive only" % (len(found), answer["error"])]
    warnings = []
    for (cell, output), picture in zip(found, answer["images"]):
        if "error" in picture:
            warnings.append("the figure in cell %d has no still picture (%s); it stays interactive only" % (cell, picture["error"]))
            continue
        data = output["data"]
        for mime in ("image/png", "image/jpeg", "image/svg+xml"):
            data.pop(mime, None)
        data[picture["mime"]] = picture["data"]
        output.setdefault("metadata", {})[picture["mime"]] = {"width": picture["width"], "height": picture["height"]}
        html = data.get("text/html")
        if html is not None:
            text = "".join(html) if isinstance(html, list) else html
            data["text/html"] = with_picture(text, picture)
    return warnings
