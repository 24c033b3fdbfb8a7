#!/usr/bin/python3
"""What each student's server runs (JupyterHub's Spawner.cmd; the image's command).

First copies the lecture notebooks the student does not have yet from the release
folder ($ADAPTIVE_LR_RELEASE) into ~/lectures ($ADAPTIVE_LR_LECTURES, relative to the
home), then becomes `jupyterhub-singleuser` with the arguments it was given.

A file the student already has is never touched, whatever they did to it: a notebook
is copied only when its name is missing, and it appears whole (written beside it, then
hard-linked into place, which fails instead of replacing a file that appeared in the
meantime). A notebook the student deleted comes back at the next start; a notebook
added to the release later appears at the next start. This runs as the student, so it
can neither read nor write anything the student could not.
"""
import os
import shutil
import sys
import tempfile


def seed(release, lectures):
    """Copies each file of `release` missing from `lectures`; returns the names copied."""
    copied = []
    os.makedirs(lectures, mode=0o700, exist_ok=True)
    for name in sorted(os.listdir(release)):
        source = os.path.join(release, name)
        target = os.path.join(lectures, name)
        if name.startswith(".") or not os.path.isfile(source) or os.path.lexists(target):
            continue
        fd, tmp = tempfile.mkstemp(dir=lectures, prefix=".seed-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                shutil.copyfileobj(src, out)
            try:
                os.link(tmp, target)
                copied.append(name)
            except FileExistsError:
                pass  # the student made one just now: theirs stays
        finally:
            os.unlink(tmp)
    return copied


def main(argv):
    release = os.environ.get("ADAPTIVE_LR_RELEASE", "/opt/adaptive-lr/release")
    lectures = os.path.join(os.path.expanduser("~"), os.environ.get("ADAPTIVE_LR_LECTURES", "lectures"))
    try:
        copied = seed(release, lectures)
        print(f"adaptive-lr: {len(copied)} lecture notebook(s) copied into {lectures}", file=sys.stderr, flush=True)
    except OSError as err:
        # The server still starts: the student keeps what they have and can ask for help.
        print(f"adaptive-lr: lecture notebooks not copied from {release}: {err}", file=sys.stderr, flush=True)
    server = shutil.which("jupyterhub-singleuser") or "/usr/bin/jupyterhub-singleuser"
    os.execv(server, [server, *argv])


if __name__ == "__main__":
    main(sys.argv[1:])
