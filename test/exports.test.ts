// What the package offers: the root `adaptive-lr` is the small core a notebook needs, its
// list pinned here so that an internal that leaks into it fails; the other entry points
// (adaptive-lr/plot, /analysis, /nn) load under Node and resolve for the TypeScript that
// compiles notebook cells (tslab's 5.0, node10 resolution, which ignores "exports").
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");

const CORE = [
  "version",
  // optimizers
  "sgd", "adagrad", "rmsprop", "adam", "adamw", "radam", "nadam", "adamax", "adadelta", "lion", "adabelief", "lamb",
  "lectureAdagrad", "lectureRmsprop", "chain", "paramGroups",
  // parts
  "heavyBall", "emaMomentum", "nesterovEma", "lionMomentum",
  "rootMeanSquare", "rootSumSquare", "rmsScale", "adamScale", "rectifiedScale", "infinityNormScale", "adadeltaScale", "beliefScale", "trustRatio",
  // schedules
  "constant", "stepDecay", "exponentialDecay", "inverseSqrtDecay", "cosineAnnealing", "linearWarmup", "transformerSchedule", "warmupCosine",
  "join", "piecewiseConstant", "resnetCifar110", "linearLr", "polynomialDecay", "cosineWarmRestarts", "oneCycle", "reduceOnPlateau",
  // surfaces
  "surface", "convexValley", "crescent", "rosenbrock", "saddle", "POKEMON_CP",
  // running, checking, showing
  "run", "claim", "fmt", "seededRandom", "derivation", "show", "loadPlotly",
];

/** Each entry point with names it must have (not all of them: adding a figure is no break). */
const ENTRIES: Record<string, readonly string[]> = {
  "adaptive-lr/plot": ["contourPlot", "linesPlot", "lossAndGradNormPlot", "racePlot", "bandPlot", "byDecades", "tableHtml", "tableText", "figureHtml", "scriptJson"],
  "adaptive-lr/analysis": [
    "analyzePoint", "findCriticalPoint", "symmetricEigen", "stableLearningRate", "newtonMinimum", "relativeGap", "updatesToReach",
    "replay", "remaining", "distancesTo", "gradientsAlong", "quantile", "band", "detectSpikes", "lrRangeTest", "minOfPowerLaws",
  ],
  "adaptive-lr/nn": ["mlp", "sincData", "withHessian", "mlpGaussNewton", "kinkMargin", "clipGradNorm", "clipGradValue", "gradNorm"],
};

/** Names that are the module's own plumbing: none may be exported from the root. */
const INTERNALS = ["EMPTY", "checkNumber", "checkKnownOptions", "requireOptions", "toSchedule", "scriptJson", "rulePart", "lerp", "checkBetas", "fixedRate", "recordClaim", "claimRecord", "MAX_RECORDING_BYTES"];

test("the root exports exactly the core, and no internal", () => {
  const root = require("adaptive-lr") as Record<string, unknown>;
  assert.deepEqual(Object.keys(root).sort(), [...CORE].sort());
  for (const name of INTERNALS) assert.ok(!(name in root), `${name} is an internal`);
  for (const name of CORE.filter((n) => n !== "version" && n !== "POKEMON_CP")) assert.equal(typeof root[name], "function", name);
});

test("adaptive-lr/plot, /analysis and /nn load with their names, and nothing is exported by two of them but show and loadPlotly", () => {
  const seen = new Map<string, string>(Object.keys(require("adaptive-lr")).map((n) => [n, "adaptive-lr"]));
  for (const [entry, names] of Object.entries(ENTRIES)) {
    const m = require(entry) as Record<string, unknown>;
    for (const name of names) assert.notEqual(m[name], undefined, `${entry} exports ${name}`);
    for (const name of Object.keys(m)) {
      const other = seen.get(name);
      assert.ok(other === undefined || name === "show" || name === "loadPlotly", `${name} is exported by ${other} and ${entry}`);
      seen.set(name, entry);
    }
  }
  assert.throws(() => require("adaptive-lr/dist/optim/part"), /ERR_PACKAGE_PATH_NOT_EXPORTED|not defined by "exports"/);
});

test("tslab's TypeScript (node10 resolution) finds each entry point's declarations", () => {
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [repoRoot] })) as typeof import("typescript");
  const from = path.join(repoRoot, "notebooks", "cell.ts");
  const options = { moduleResolution: ts.ModuleResolutionKind.NodeJs };
  for (const entry of ["adaptive-lr", ...Object.keys(ENTRIES)]) {
    const resolved = ts.resolveModuleName(entry, from, options, ts.sys).resolvedModule?.resolvedFileName;
    const expected = path.join(repoRoot, "src", "dist", ...entry.split("/").slice(1), "index.d.ts");
    assert.equal(resolved && fs.realpathSync(resolved), expected, entry);
  }
});
