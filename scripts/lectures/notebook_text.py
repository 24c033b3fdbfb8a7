"""The text of a published notebook: nbformat's own layout (one key per line, indent 1,
sorted keys), except that each figure's plotly JSON is written on one line.

nbformat puts every number of a figure on a line of its own, indented: a contour map's
grid of 3,600 values becomes 3,600 lines, and the figures' JSON takes twice its bytes.
Whitespace means nothing to a notebook reader, so the notebook read back is the same.
"""
import copy
import json

import nbformat
from nbformat.v4.nbjson import BytesEncoder
from nbformat.v4.rwbase import split_lines, strip_transient

FIGURE_MIME = "application/vnd.plotly.v1+json"


def notebook_text(nb):
    nb = strip_transient(split_lines(copy.deepcopy(nb)))
    figures = []
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if FIGURE_MIME in data:
                figures.append(json.dumps(data[FIGURE_MIME], cls=BytesEncoder, separators=(",", ":"), sort_keys=True, ensure_ascii=False))
                data[FIGURE_MIME] = len(figures) - 1  # a placeholder no other value can be: see below
    text = json.dumps(nb, cls=BytesEncoder, indent=1, sort_keys=True, separators=(",", ": "), ensure_ascii=False)
    # Each placeholder is the only value of its key, in the order the figures were found.
    parts = text.split('"%s": ' % FIGURE_MIME)
    out = [parts[0]]
    for index, part in enumerate(parts[1:]):
        number = str(index)
        if not part.startswith(number) or part[len(number):len(number) + 1] not in (",", "\n"):
            raise ValueError("figure %d is not where it was put" % index)
        out.append('"%s": %s%s' % (FIGURE_MIME, figures[index], part[len(number):]))
    return "".join(out)


def check_same(text, nb):
    """The text reads back as the notebook (a guard, since the text is assembled by hand)."""
    if nbformat.reads(text, as_version=4) != nb:
        raise ValueError("the published notebook does not read back as the executed one")
