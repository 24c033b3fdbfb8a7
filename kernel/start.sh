#!/bin/sh
# How Jupyter starts the kernel (kernel/kernelspec.js):
#   sh kernel/start.sh NODE CONNECTION_FILE [NODE_OPTION ...]
# From the start-up snapshot of this folder when there is one (kernel/snapshot.js),
# else the ordinary way; kernel/snapshot-entry.js falls back to the ordinary way
# too when the snapshot no longer matches its files. sh decides, not node: a
# second node would cost much of the time the snapshot saves. `exec` keeps one
# process, so Jupyter's interrupt and shutdown signals reach node itself.
node=$1
connection=$2
shift 2
here=$(cd "${0%/*}" && pwd -P)
# V8 refuses a snapshot made with other heap flags: one snapshot per set of options.
blob="${here%/kernel}/node_modules/.cache/adaptive-lr-kernel/snapshots$(pwd -P)/kernel$(printf '%s' "$@").blob"
# A node installed after the snapshot was made cannot read it.
if [ "${ADAPTIVE_LR_KERNEL_SNAPSHOT:-1}" != 0 ] && [ -f "$blob" ] && [ "$blob" -nt "$node" ]; then
  exec "$node" "$@" --snapshot-blob "$blob" "$connection"
fi
exec "$node" "$@" "$here/launch.js" "$connection"
