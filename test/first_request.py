"""A new client process that asks a fresh kernel for kernel_info while its own
sockets are still connecting, as jupyter_client and nbclient do, and prints the
execution states IOPub delivered for that request (JSON, one line per start).

    JUPYTER_PATH=.jupyter /usr/bin/python3 test/first_request.py KERNEL CWD STARTS

A kernel that publishes on a plain PUB socket drops the busy/idle it sends before
the client's subscription reaches it; jupyter_client then waits 0.2 s and asks
again. Run by test/kernel_protocol.py in its own process: in a process whose
ZeroMQ context is already connected elsewhere, the subscription comes sooner and
hides the race.
"""
import json
import sys
import time
from queue import Empty

from jupyter_client.manager import KernelManager
from start_kernel import retry_port_race  # this folder

WAIT = 10  # seconds for the status messages after the reply


def first_request_states(kernel_name, cwd, stderr):
    km = KernelManager(kernel_name=kernel_name)
    km.start_kernel(cwd=cwd, stderr=stderr)
    kc = None
    try:
        kc = km.client()
        kc.start_channels()
        msg_id = kc.kernel_info()
        reply = None
        deadline = time.monotonic() + 120
        while reply is None:
            try:
                reply = kc.get_shell_msg(timeout=0.5)
            except Empty:
                if not km.is_alive():
                    raise RuntimeError("the kernel died before replying to kernel_info") from None
                if time.monotonic() > deadline:
                    raise
        states = []
        deadline = time.monotonic() + WAIT
        while "idle" not in states and time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=0.5)
            except Empty:
                continue
            if msg["msg_type"] == "status" and msg["parent_header"].get("msg_id") == msg_id:
                states.append(msg["content"]["execution_state"])
        return {"reply": reply["msg_type"], "states": states}
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    kernel_name, cwd, starts = sys.argv[1], sys.argv[2], int(sys.argv[3])
    for _ in range(starts):
        result = retry_port_race(lambda stderr: first_request_states(kernel_name, cwd, stderr))
        print(json.dumps(result), flush=True)
