"""The kernel's processes live and die together, as Jupyter expects of one
kernel. Prints one word pair per case, after checking it:

    JUPYTER_PATH=.jupyter /usr/bin/python3 test/kernel_processes.py KERNEL CWD

In a folder with a start-up snapshot the kernel is two processes: the front
Jupyter started (kernel/front.js) and the back it started (the compiler).
- front-killed:back-ended  the front killed with SIGKILL (as jupyter_client's
  kill does): the back ends too, no orphan compiler is left;
- back-killed:kernel-dead  the back killed (out of memory, say): the front ends,
  so Jupyter sees a dead kernel and can restart it;
- shutdown:none-left       a shutdown_request ends both;
- long-tmpdir:one-process  where a Unix socket's path would be too long ($TMPDIR),
  the kernel wakes the snapshot in one process and works.
"""
import os
import shutil
import signal
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager
from start_kernel import retry_port_race  # this folder

WAIT = 30  # seconds a process may take to end


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(c) for c in f.read().split()]
    except OSError:
        return []


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_until(check, what):
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            sys.exit("not within %d s: %s" % (WAIT, what))
        time.sleep(0.05)


def started(kernel_name, cwd, env=None, processes=2):
    """(km, kc, front pid, back pid) once the kernel has run a cell (back None when one process)."""
    def start(stderr):
        km = KernelManager(kernel_name=kernel_name)
        km.start_kernel(cwd=cwd, stderr=stderr, env=env or dict(os.environ))
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
        except RuntimeError:
            kc.stop_channels()
            raise
        return km, kc
    km, kc = retry_port_race(start)
    reply = kc.execute("1 + 1", reply=True, timeout=120)
    if reply["content"]["status"] != "ok":
        sys.exit("the first cell failed: %s" % reply["content"])
    front = km.provisioner.process.pid
    backs = [c for c in children(front) if alive(c)]
    if len(backs) != processes - 1:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        sys.exit("expected the kernel (%d) to be %d processes; its children: %s" % (front, processes, backs))
    return km, kc, front, backs[0] if backs else None


def main(kernel_name, cwd):
    km, kc, front, back = started(kernel_name, cwd)
    os.kill(front, signal.SIGKILL)
    wait_until(lambda: not alive(back), "the back ends after the front is killed")
    kc.stop_channels()
    km.cleanup_resources()
    print("front-killed:back-ended", flush=True)

    km, kc, front, back = started(kernel_name, cwd)
    os.kill(back, signal.SIGKILL)
    wait_until(lambda: not km.is_alive(), "Jupyter sees the kernel dead after the back is killed")
    kc.stop_channels()
    km.cleanup_resources()
    print("back-killed:kernel-dead", flush=True)

    km, kc, front, back = started(kernel_name, cwd)
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    wait_until(lambda: not alive(front) and not alive(back), "both processes end after shutdown_request")
    print("shutdown:none-left", flush=True)

    long_tmp = os.path.join(tempfile.mkdtemp(), "t" * 100)
    os.makedirs(long_tmp)
    try:
        km, kc, front, back = started(kernel_name, cwd, env=dict(os.environ, TMPDIR=long_tmp), processes=1)
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    finally:
        shutil.rmtree(os.path.dirname(long_tmp))
    print("long-tmpdir:one-process", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
