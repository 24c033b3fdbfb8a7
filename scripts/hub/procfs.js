"use strict";
// What the load test reads from /proc: each Unix user's processes, their memory (RSS and
// PSS, which splits shared pages among the processes sharing them) and CPU time.
const fs = require("fs");

const CLOCK_TICKS = 100; // USER_HZ on Linux

/** @typedef {{ pid: number, uid: number, rssKiB: number, pssKiB: number, cpuSeconds: number, cmd: string }} Proc */

/** @param {number} pid @returns {Proc | null} */
function readProc(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1] ?? -1);
    const rssKiB = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    let pssKiB = rssKiB;
    try {
      pssKiB = Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? rssKiB);
    } catch {
      // smaps_rollup needs Linux 4.14; RSS stands in for PSS then
    }
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
    const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, uid, rssKiB, pssKiB, cpuSeconds, cmd };
  } catch {
    return null; // gone meanwhile
  }
}

/** @returns {Proc[]} every process readable now */
function allProcs() {
  const procs = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const p = readProc(Number(name));
    if (p) procs.push(p);
  }
  return procs;
}

/** @param {Set<number>} uids @returns {Proc[]} */
function procsOfUids(uids) {
  return allProcs().filter((p) => uids.has(p.uid));
}

/** Kills (SIGKILL) every process of these users, by pid; returns how many. */
function killUids(uids) {
  let killed = 0;
  for (let round = 0; round < 5; round++) {
    const left = procsOfUids(uids);
    if (left.length === 0) break;
    for (const p of left) {
      try {
        process.kill(p.pid, "SIGKILL");
        killed++;
      } catch {
        // already gone
      }
    }
    const until = Date.now() + 200;
    while (Date.now() < until); // let the kernel reap them before looking again
  }
  return killed;
}

module.exports = { readProc, allProcs, procsOfUids, killUids };
