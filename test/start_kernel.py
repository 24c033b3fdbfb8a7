"""jupyter_client's start_new_kernel, for the tests that start the kernel through
real Jupyter, started again when it lost a port race.

jupyter_client picks free ports, closes them, and writes them into the connection
file; the kernel binds them a moment later. Another process can take one in
between (the suite starts many kernels, servers and browsers at once), and the
kernel then exits before its first reply, having run nothing: starting it again
with new ports is what a person would do. Any other failure is raised with what
the kernel printed. scripts/lectures/execute.py does the same for npm start.
"""
import os
import re
import sys
import threading

from jupyter_client.manager import start_new_kernel

PORT_TAKEN = re.compile(r"EADDRINUSE|Address already in use")
STARTS = 3
KEPT = 4000


def _forward(read_fd, kept):
    """Copies the kernel's stderr to ours, keeping the last KEPT characters."""
    with os.fdopen(read_fd, "rb") as pipe:
        for line in pipe:
            text = line.decode("utf-8", "replace")
            sys.stderr.write(text)
            kept.append(text)
            while sum(map(len, kept)) > KEPT and len(kept) > 1:
                kept.pop(0)


def retry_port_race(start):
    """start(stderr) again, with new ports, when the kernel lost a port race.

    start starts a kernel with the given stderr and raises RuntimeError if the
    kernel dies before its first reply.
    """
    for attempt in range(1, STARTS + 1):
        read_fd, write_fd = os.pipe()
        kept = []
        forwarder = threading.Thread(target=_forward, args=(read_fd, kept), daemon=True)
        forwarder.start()
        try:
            with os.fdopen(write_fd, "wb") as stderr:  # the kernel has its own copy
                return start(stderr)
        except RuntimeError as err:
            forwarder.join(timeout=5)  # the kernel exited: its stderr is complete
            printed = "".join(kept)
            if attempt < STARTS and PORT_TAKEN.search(printed):
                sys.stderr.write("[a port the kernel was given was taken; starting it again with new ports]\n")
                continue
            raise RuntimeError("%s\nthe kernel printed:\n%s" % (err, printed.strip())) from None


def start_kernel(**kwargs):
    """(km, kc) as start_new_kernel returns them."""
    return retry_port_race(lambda stderr: start_new_kernel(stderr=stderr, **kwargs))
