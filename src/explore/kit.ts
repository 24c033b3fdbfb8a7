/**
 * What a figure's recompute function gets as `m`: the module's optimizers, schedules, run
 * loop and a few measures, picked from the public entry by name. The same pick serves the
 * kernel (to draw the figure at the lecture's settings) and the page (the browser bundle,
 * scripts/explore/bundle.js), so a redrawn run is the kernel's run, number for number.
 */
import type * as Core from "../index";
import type * as Plot from "../plot/index";
import type * as Analysis from "../analysis/index";
import type * as Nn from "../nn/index";

/** The names a recompute function may use from `m`. */
export const KIT_NAMES = [
  "run", "sgd", "adagrad", "lectureAdagrad", "rmsprop", "lectureRmsprop", "adam", "radam", "nadam",
  "constant", "inverseSqrtDecay", "stepDecay", "exponentialDecay", "cosineAnnealing", "linearWarmup",
  "transformerSchedule", "warmupCosine", "join", "piecewiseConstant",
  "mlp", "sincData",
  "thinPath", "thin", "detectSpikes", "stabilityNumbers", "distancesTo", "remaining", "updatesToReach", "fmt",
] as const;

export type KitName = (typeof KIT_NAMES)[number];
/** The module's public names: the core and its entry points together. */
export type Entries = typeof Core & typeof Plot & typeof Analysis & typeof Nn;
export type Kit = Pick<Entries, KitName>;

/** The kit from the module's public entry points (a name missing there is a build error, said once). */
export function pickKit(root: Partial<Entries>): Kit {
  const kit: Partial<Record<KitName, unknown>> = {};
  for (const name of KIT_NAMES) {
    if (typeof root[name] !== "function") throw new Error(`explorable figures: the module has no export "${name}"`);
    kit[name] = root[name];
  }
  return Object.freeze(kit) as Kit;
}
