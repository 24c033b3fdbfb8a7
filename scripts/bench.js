"use strict";
/*
 * npm run bench: speed as ratios against baselines measured in the same run.
 *  1. 100,000 updates of each optimizer on the 2-D valley, with recording, vs a hand-written loop.
 *  2. Adam on 1e6 and 1e7 float64 parameters vs a STREAM-like triad over arrays of that size.
 *  3. Heap growth over 1e6 updates.
 *  4. Kernel overhead and each notebook's execution time (real Jupyter + tslab), if available.
 * Prints a table and writes it to bench-results.md (or the path in --out).
 */
const fs = require("node:fs");
const path = require("node:path");
const A = require("adaptive-lr");
const { baselines } = require("./bench/baselines");

const args = process.argv.slice(2);
const outFile = args.includes("--out") ? args[args.indexOf("--out") + 1] : path.join(__dirname, "..", "bench-results.md");
const quick = args.includes("--quick");
const skipNotebooks = args.includes("--no-notebooks");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn, repeats) {
  const ts = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = process.hrtime.bigint();
    fn();
    ts.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return median(ts);
}

const rows = [];
const lines = [];
const say = (s) => { console.log(s); lines.push(s); };

say(`# adaptive-lr benchmark (${new Date().toISOString()}, node ${process.version}, ${require("node:os").cpus().length} cores)`);
say("");
say("## 1. 100,000 updates on the 2-D valley, with trajectory recording");
say("");
say("| optimizer | module (ms) | hand-written loop (ms) | ratio | goal ≤ 1.5× |");
say("|---|---:|---:|---:|:---:|");
const valley = A.convexValley();
const U = 100_000;
const cases = [
  ["sgd", () => A.sgd({ lr: 1e-7 }), 1e-7],
  ["sgd momentum", () => A.sgd({ lr: 1e-7, momentum: 0.9 }), 1e-7],
  ["adagrad", () => A.adagrad({ lr: 1 }), 1],
  ["rmsprop", () => A.rmsprop({ lr: 0.01 }), 0.01],
  ["adam", () => A.adam({ lr: 0.01 }), 0.01],
  ["radam", () => A.radam({ lr: 0.01 }), 0.01],
  ["nadam", () => A.nadam({ lr: 0.01 }), 0.01],
  ["lecture adagrad", () => A.lectureAdagrad({ lr: 1 }), 1],
];
const repeats = quick ? 3 : 9;
for (const [name, make, lr] of cases) {
  const start = valley.start;
  // Same numbers first: a benchmark of different arithmetic would mean nothing.
  // (Over the first 200 updates: the gradient's rounding differs slightly between mathjs's
  // simplified formula and the hand-written one, and Adagrad's spikes amplify it later.)
  const mine = A.run({ surface: valley, optimizer: make(), updates: 200 });
  const ref = baselines[name](200, lr, start);
  for (let k = 0; k < mine.theta.length; k++) {
    if (Math.abs(mine.theta[k] - ref.theta[k]) > 1e-9 * Math.max(1, Math.abs(ref.theta[k]))) {
      throw new Error(`${name}: baseline and module disagree at ${k}: ${mine.theta[k]} vs ${ref.theta[k]}`);
    }
  }
  for (let w = 0; w < 3; w++) { A.run({ surface: valley, optimizer: make(), updates: U }); baselines[name](U, lr, start); }
  const tm = time(() => A.run({ surface: valley, optimizer: make(), updates: U }), repeats);
  const tb = time(() => baselines[name](U, lr, start), repeats);
  const ratio = tm / tb;
  rows.push({ name, tm, tb, ratio });
  say(`| ${name} | ${tm.toFixed(2)} | ${tb.toFixed(2)} | ${ratio.toFixed(2)}× | ${ratio <= 1.5 ? "✓" : "✗"} |`);
}

say("");
say("## 2. Adam on many parameters vs a STREAM triad a[i] = b[i] + s·c[i] over arrays of the same size");
say("");
say("| parameters | Adam step (ms) | triad (ms) | ratio to triad | goal ≤ 1.5× | hand-fused Adam loop (ms) | ratio to fused |");
say("|---:|---:|---:|---:|:---:|---:|---:|");
for (const n of quick ? [1e6] : [1e6, 1e7]) {
  const params = new Float64Array(n);
  const grads = new Float64Array(n);
  for (let i = 0; i < n; i++) grads[i] = Math.sin(i);
  const opt = A.adam({ lr: 1e-3 });
  opt.step(params, grads); // allocate state outside the timing
  const a = new Float64Array(n), b = new Float64Array(n).fill(1), c = new Float64Array(n).fill(2);
  const triad = () => { const s = 3; for (let i = 0; i < n; i++) a[i] = b[i] + s * c[i]; };
  // The best plain JS can do for Adam: one fused loop, same arithmetic (V8 does not vectorise
  // sqrt and division, so Adam is compute-bound where the triad is memory-bound).
  const fp = new Float64Array(n), fm = new Float64Array(n), fv = new Float64Array(n);
  let ft = 0;
  const fused = () => {
    ft++;
    const c1 = 1 - 0.9 ** ft, c2 = Math.sqrt(1 - 0.999 ** ft);
    for (let i = 0; i < n; i++) {
      const g = grads[i];
      const m = (fm[i] += 0.1 * (g - fm[i]));
      const v = (fv[i] = 0.999 * fv[i] + 0.001 * g * g);
      fp[i] -= (1e-3 * (m / c1)) / (Math.sqrt(v) / c2 + 1e-8);
    }
  };
  for (let w = 0; w < 3; w++) { opt.step(params, grads); triad(); fused(); }
  const reps = n >= 1e7 ? 5 : 15;
  const ta = time(() => opt.step(params, grads), reps);
  const tt = time(triad, reps);
  const tf = time(fused, reps);
  say(`| ${n.toExponential(0)} | ${ta.toFixed(1)} | ${tt.toFixed(1)} | ${(ta / tt).toFixed(2)}× | ${ta / tt <= 1.5 ? "✓" : "✗"} | ${tf.toFixed(1)} | ${(ta / tf).toFixed(2)}× |`);
}
say("");
say("## 3. Heap growth over 1e6 updates (2-D, Adam)");
say("");
{
  const opt = A.adam({ lr: 1e-3 });
  const p = new Float64Array(2), g = new Float64Array([1, -2]);
  opt.step(p, g);
  const gc = global.gc;
  if (gc) gc();
  const before = process.memoryUsage().heapUsed;
  for (let k = 0; k < 1e6; k++) opt.step(p, g);
  if (gc) gc();
  const after = process.memoryUsage().heapUsed;
  say(`heap before ${(before / 1024).toFixed(0)} KiB, after ${(after / 1024).toFixed(0)} KiB: growth ${((after - before) / 1024).toFixed(1)} KiB${gc ? "" : " (run with --expose-gc for an exact figure)"} — goal: none`);
}

async function notebooks() {
  let kernelBench;
  try { kernelBench = require("./bench-kernel.js"); } catch { return; }
  if (typeof kernelBench.benchKernel !== "function") return;
  say("");
  say("## 4. Kernel overhead and notebook execution times (real Jupyter + tslab)");
  say("");
  const { overhead, lectures, lecturesError } = await kernelBench.benchKernel({ runs: quick ? 3 : 5 });
  say("Overhead = a 1-cell notebook executed minus nbconvert without execution (median of the runs).");
  say("");
  say("| kernel | overhead (s) | min (s) | start → first reply (s) | ratio to stock tslab | goal ≤ 1.0 s |");
  say("|---|---:|---:|---:|---:|:---:|");
  const stock = overhead[0].median;
  for (const o of overhead) {
    say(`| ${o.label} | ${o.median.toFixed(2)} | ${o.min.toFixed(2)} | ${o.startMedian.toFixed(2)} | ${(o.median / stock).toFixed(2)} | ${o.median <= 1 ? "✓" : "✗"} |`);
  }
  say("");
  if (lectures.length > 0) {
    say("| notebook (npm start, kernel start included) | seconds | status | goal ≤ 20 s |");
    say("|---|---:|---|:---:|");
    for (const l of lectures) say(`| ${l.name} | ${l.seconds.toFixed(1)} | ${l.status} | ${l.seconds <= 20 ? "✓" : "✗"} |`);
  }
  if (lecturesError) say(`Notebooks not measured: ${lecturesError.split("\n").pop()}`);
}

(skipNotebooks ? Promise.resolve() : notebooks()).then(() => {
  fs.writeFileSync(outFile, lines.join("\n") + "\n");
  console.log(`\nwritten to ${path.relative(process.cwd(), outFile)}`);
});
