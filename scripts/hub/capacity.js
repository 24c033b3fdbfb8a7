"use strict";
// From one load test's measurements to what a class needs: percentiles, memory per
// student, students per machine and machines per class.

const GiB = 1024 ** 3;

/** Nearest-rank percentile (p in 0..100) of numbers; NaN for none. */
function percentile(values, p) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/**
 * Students one machine holds by memory: what is left after the system and the hub,
 * divided by one student's peak (server + kernel, after running the notebook).
 * @param {{ machineBytes: number, reservedBytes: number, perStudentBytes: number }} p
 */
function studentsPerMachine({ machineBytes, reservedBytes, perStudentBytes }) {
  if (!(perStudentBytes > 0)) return 0;
  return Math.max(0, Math.floor((machineBytes - reservedBytes) / perStudentBytes));
}

/** Machines for a class, all students' servers running at once. */
function machinesFor(students, perMachine) {
  return perMachine > 0 ? Math.ceil(students / perMachine) : Infinity;
}

module.exports = { percentile, studentsPerMachine, machinesFor, GiB };
