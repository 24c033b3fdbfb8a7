"use strict";
// The notebook `npm run new` writes: every part the notebook standard asks for
// (../shared/lecture/NOTEBOOKS.md), filled with a small worked example an author
// replaces: gradient descent on a double well, which minimum each start reaches, a
// claim over many seeds, a figure, a checked derivation and an exercise.

/** @param {string} id @param {string} text */
const markdown = (id, text) => ({ cell_type: "markdown", id, metadata: {}, source: text });

/** @param {string} id @param {string} text @param {object} [metadata] */
const code = (id, text, metadata = {}) => ({ cell_type: "code", execution_count: null, id, metadata, outputs: [], source: text });

const nbgrader = (id, solution, points) => ({
  nbgrader: solution
    ? { schema_version: 3, solution: true, grade: false, locked: false, task: false, grade_id: id }
    : { schema_version: 3, solution: false, grade: true, locked: true, task: false, grade_id: id, points },
});

/**
 * @param {{ title: string }} options
 * @returns {object} an nbformat 4.5 notebook
 */
function notebookTemplate({ title }) {
  const cells = [
    markdown("title", `# ${title}

**What you will see.** (Replace this example.) Gradient descent on a double well, started from many random points: which of the two minima each start reaches, why a learning rate below a bound keeps every start on its own side, and the rule behind it, derived and checked.

**Lecture points.** (Name the section and points of the lecture this notebook covers.)`),
    code("setup", `import * as tslab from "tslab";
import {
  surface, run, sgd, claim, fmt, seededRandom, show, loadPlotly, derivation,
} from "adaptive-lr";
import { contourPlot } from "adaptive-lr/plot";
loadPlotly();`),
    markdown("parameters-md", `The numbers a reader may change. Each one declares the range the story holds for: \`npm start -- NN -p lr=0.05\` refuses values outside it, and \`npm test\` runs the notebook at both ends of every range and with other seeds.`),
    code("parameters", `const seed = 1; // seed of the random starts; range: 0 .. 1000000, integer
const starts = 20; // random starts; range: 20 .. 60, integer
const lr = 0.05; // learning rate η of gradient descent; range: 0.02 .. 0.1
const updates = 400; // updates of each run; range: 300 .. 1000, integer`, { tags: ["parameters"] }),
    markdown("intuition", `## 1. Intuition

The loss $L(x, y) = x^4 - 2x^2 + y^2$ has two minima, $(\\pm 1, 0)$, and a saddle point between them at the origin. Gradient descent $\\theta^{t+1} = \\theta^t - \\eta\\, g^t$ rolls downhill, so a start with $x^0 > 0$ should end at $(1, 0)$ and one with $x^0 < 0$ at $(-1, 0)$, unless a step is so long that it jumps over the saddle.`),
    code("surface", `const well = surface("x^4 - 2 * x^2 + y^2",
  { name: "double well", window: [[-2, 2], [-1.6, 1.6]], minimum: [1, 0] });
tslab.display.markdown(\`$$L(x, y) = \${well.tex.f}$$\`);`),
    markdown("scratch-md", `## 2. From scratch, then the module

A few lines of gradient descent, and the module's \`run\`, which records every point:`),
    code("scratch", `const random = seededRandom(seed);
// Starts with 0.1 ≤ |x⁰| ≤ 1.5 and |y⁰| ≤ 1.5, on either side of the saddle.
const startPoints = Array.from({ length: starts }, () =>
  [(random.uniform() < 0.5 ? -1 : 1) * random.between(0.1, 1.5), random.between(-1.5, 1.5)]);
const theta = Float64Array.from(startPoints[0]), g = new Float64Array(2);
for (let t = 0; t < updates; t++) {
  well.gradient(theta, g);
  for (let i = 0; i < 2; i++) theta[i] -= lr * g[i];
}
// tslab: write { lr: lr }, not { lr }, for a value from another cell.
const runs = startPoints.map((s) =>
  run({ surface: well, optimizer: sgd({ lr: lr }), start: s, updates: updates }));
const same = runs[0].point(updates).every((v, i) => v === theta[i]);
claim("the module's run is the same gradient descent", same, { x: theta[0], y: theta[1] });`),
    markdown("claim-md", `## 3. The claim, over every start

For each start we take the minimum on its own side, $(\\operatorname{sign} x^0, 0)$, and check that the run ends there ($\\lVert g\\rVert < 10^{-3}$ and within $10^{-3}$ of it).`),
    code("claim", `const ends = runs.map((r, k) => {
  const [x, y] = r.point(updates), side = Math.sign(startPoints[k][0]);
  return { side, reached: Math.hypot(x - side, y) < 1e-3 && r.gradNorm[updates] < 1e-3 };
});
const own = ends.filter((e) => e.reached).length;
claim(\`every one of the \${starts} starts ends at the minimum on its own side\`, own === starts,
  { "ended on their own side": own, starts: starts, η: lr, updates: updates });`),
    markdown("figure-md", `## 4. The figure

The run drawn is the one that took longest to get its $\\lVert g\\rVert$ below $10^{-3}$ (the rule is computed, not a chosen seed), next to the quickest.`),
    code("figure", `const settle = runs.map((r) => r.gradNorm.findIndex((v, t) => t > 0 && v < 1e-3));
const slowest = settle.indexOf(Math.max(...settle)), quickest = settle.indexOf(Math.min(...settle));
show(contourPlot(well, { levels: 30,
  trajectories: [{ name: \`slowest start (\${settle[slowest]} updates)\`, theta: runs[slowest] },
    { name: \`quickest start (\${settle[quickest]} updates)\`, theta: runs[quickest] }],
  title: \`Gradient descent on the double well, η = \${lr}: each start rolls into its own minimum\`,
}));`),
    markdown("derivation-md", `## 5. Why: a derivation, checked

On the $x$ axis one update maps $x > 0$ to $x - \\eta(4x^3 - 4x)$. It stays on the positive side exactly when $x^2 < 1 + \\frac{1}{4\\eta}$: with $\\eta \\le 0.1$ that is every $|x| < 1.87$, and our starts have $|x^0| \\le 1.5$ (and $|x|$ only shrinks towards 1 from there). Each step below is checked by mathjs: symbolically where it can, and numerically at random points of the stated domains.`),
    code("derivation", `derivation("One update never crosses the saddle", { x: "0 < x <= 3", eta: "0 < eta <= 0.5" })
  .start("x - eta * (4 * x^3 - 4 * x) > 0", "the update stays positive")
  .iff("1 - 4 * eta * (x^2 - 1) > 0", "divide by x > 0")
  .iff("x^2 < 1 + 1 / (4 * eta)", "solve for x²")
  .show();
const band = Math.sqrt(1 + 1 / (4 * lr)); // every start has |x⁰| ≤ 1.5 < band, by the range of η`),
    markdown("saw-md", `## What we saw`),
    code("saw", `tslab.display.markdown([
  \`1. All \${own} of \${starts} starts ended at the minimum on their own side\`
    + \` (η = \${lr}, \${updates} updates).\`,
  \`2. The slowest needed \${settle[slowest]} updates to bring ‖g‖ below 1e-3,\`
    + \` the quickest \${settle[quickest]}.\`,
  \`3. No start could cross the saddle: one update keeps x > 0 for x < \${fmt(band)}.\`,
].join("\\n"));`),
    markdown("exercise-md", `## Exercise

Write \`safeStart(eta)\`: the largest $x > 0$ from which one update of gradient descent with learning rate \`eta\` still ends at a positive $x$ (the bound derived above).`),
    code("exercise", `function safeStart(eta: number): number {
  // BEGIN SOLUTION
  return Math.sqrt(1 + 1 / (4 * eta));
  // END SOLUTION
}`, nbgrader("safe-start", true)),
    code("exercise-check", `const stepFrom = (x: number, eta: number) => x - eta * (4 * x ** 3 - 4 * x);
const [inside, outside] = [0.999, 1.001].map((f) => stepFrom(f * safeStart(0.1), 0.1));
claim("safeStart(0.1) is the bound: just inside it stays positive, just outside it does not",
  inside > 0 && outside < 0, { yours: safeStart(0.1) });
// BEGIN HIDDEN TESTS
for (const eta of [0.01, 0.25, 0.5]) {
  const [inside, outside] = [0.999, 1.001].map((f) => stepFrom(f * safeStart(eta), eta));
  claim(\`safeStart(\${eta}) is the bound\`, inside > 0 && outside < 0);
}
// END HIDDEN TESTS`, nbgrader("safe-start-check", false, 2)),
  ];
  return {
    // Jupyter stores source as a list of lines; so do we, to keep diffs small.
    cells: cells.map((c) => ({ ...c, source: c.source.split(/(?<=\n)/) })),
    metadata: {
      kernelspec: { display_name: "TypeScript (adaptive-lr)", language: "typescript", name: "adaptive-lr" },
      language_info: { name: "typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

module.exports = { notebookTemplate };
