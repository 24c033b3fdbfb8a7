#!/bin/sh
# How Jupyter starts the kernel (kernel/kernelspec.js):
#   sh kernel/start.sh NODE CONNECTION_FILE [NODE_OPTION ...]
# From the start-up snapshot of this folder when there is one (kernel/snapshot.js),
# else the ordinary way; kernel/snapshot-entry.js falls back to the ordinary way
# too when the snapshot no longer matches its files. sh decides, not node: a
# node to decide would cost much of the time the snapshot saves. `exec` keeps
# the process Jupyter started, so its interrupt and shutdown signals reach node
# itself (with a snapshot, the front: kernel/front.js passes them on).
node=$1
connection=$2
shift 2
# No subshells on the way to the front: each costs the start about 2 ms, and the
# sooner the front binds, the sooner Jupyter's client connects (it retries every
# 100-200 ms). The kernelspec names this script by its absolute path.
case $0 in
  /*/kernel/start.sh) here=${0%/start.sh} ;;
  *) here=$(cd "${0%/*}" && pwd -P) ;;
esac
# kernel/snapshot.js's SNAPSHOT_FLAGS: V8 wakes a snapshot only with the flags it was made with.
set -- --no-rehash-snapshot "$@"
# Snapshots are kept by the folder's real path (`cd -P .` resolves links, as pwd -P).
cd -P . 2>/dev/null && folder=$PWD || folder=$(pwd -P)
# V8 refuses a snapshot made with other heap flags: one snapshot per set of options,
# named by the options concatenated.
tag=
for option in "$@"; do tag=$tag$option; done
blob="${here%/kernel}/node_modules/.cache/adaptive-lr-kernel/snapshots$folder/kernel$tag.blob"
# A node installed after the snapshot was made cannot read it.
if [ "${ADAPTIVE_LR_KERNEL_SNAPSHOT:-1}" != 0 ] && [ -f "$blob" ] && [ "$blob" -nt "$node" ]; then
  # The snapshot wakes in a back process, started first and in its own session,
  # while a small front answers Jupyter (kernel/front.js); they meet on a socket
  # in a folder only this user can enter. ADAPTIVE_LR_KERNEL_FRONT=0 wakes the
  # snapshot in this process instead.
  # (A Unix socket's path has at most 107 bytes, and a longer one may be cut short
  # outside the private folder: a long $TMPDIR means one process.)
  if [ "${ADAPTIVE_LR_KERNEL_FRONT:-1}" != 0 ] && command -v setsid >/dev/null 2>&1 && meeting=$(mktemp -d 2>/dev/null) &&
    { [ ${#meeting} -le 100 ] || { rmdir "$meeting"; false; }; }; then
    # malloc's big blocks on huge pages: the back reads the 40 MB snapshot into two
    # buffers, and page faults are much of a cold start on small VMs. Not over a
    # user's own tunables; the back takes it off for its cells' processes.
    tunables=${GLIBC_TUNABLES:-glibc.malloc.hugetlb=1}
    added=0
    [ -z "${GLIBC_TUNABLES:-}" ] && added=1
    GLIBC_TUNABLES=$tunables ADAPTIVE_LR_KERNEL_TUNABLES=$added ADAPTIVE_LR_KERNEL_BACK="$meeting/back" ADAPTIVE_LR_KERNEL_FRONT_PID=$$ \
      setsid "$node" "$@" --snapshot-blob "$blob" "$connection" </dev/null &
    exec "$node" "$here/front.js" "$connection" "$!" "$meeting"
  fi
  exec "$node" "$@" --snapshot-blob "$blob" "$connection"
fi
exec "$node" "$@" "$here/launch.js" "$connection"
