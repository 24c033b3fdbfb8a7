"""Hidden tests never reach a published page. The instructor's notebook runs
whole (its hidden tests too, so the site still proves the solutions pass them);
then, before the executed .ipynb and the HTML are written, every
`// BEGIN HIDDEN TESTS` ... `// END HIDDEN TESTS` region is cut from the cells,
and so are the outputs that would show it: the claims it made (their statement
is not in what is left of the cell) and any other output quoting them.
The same markers as scripts/homework/markers.js reads."""
import json
import re

BEGIN = re.compile(r"^\s*//\s*BEGIN\s+HIDDEN\s+TESTS\s*$")
END = re.compile(r"^\s*//\s*END\s+HIDDEN\s+TESTS\s*$")
CLAIM_MIME = "application/vnd.adaptive-lr.claim+json"


def claim_statements(output):
    data = output.get("data", {}).get(CLAIM_MIME)
    records = data if isinstance(data, list) else [data]
    return [str(r.get("statement", "")) for r in records if isinstance(r, dict)]


def strip_hidden_tests(nb):
    for cell in nb.cells:
        if cell.cell_type != "code" or "HIDDEN" not in cell.source:
            continue
        kept, cut = [], []
        hidden = False
        for line in cell.source.split("\n"):
            if BEGIN.match(line):
                hidden = True
            elif END.match(line):
                hidden = False
            else:
                (cut if hidden else kept).append(line)
        if not cut:
            continue
        visible = "\n".join(kept).rstrip("\n")
        cell.source = visible
        hidden_statements = set()
        outputs = []
        for output in cell.get("outputs", []):
            statements = claim_statements(output)
            secret = [s for s in statements if s not in visible]
            if secret:
                hidden_statements.update(secret)
                continue
            outputs.append(output)
        # an error or a print that quotes a hidden claim or hidden code goes too
        quoted = [s for s in hidden_statements if s] + [line.strip() for line in cut if len(line.strip()) > 12]
        cell.outputs = [o for o in outputs if not any(q in json.dumps(o, ensure_ascii=False) for q in quoted)]
