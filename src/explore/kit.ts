/**
 * What a figure's recompute function gets as `m`: the module's optimizers, schedules, run
 * loop and a few measures, picked from the public entry by name. The same pick serves the
 * kernel (to draw the figure at the lecture's settings) and the page (the browser bundle,
 * scripts/explore/bundle.js), so a redrawn run is the kernel's run, number for number.
 */
import type * as Root from "../index";

/** The names a recompute function may use from `m`. */
export const KIT_NAMES = [
  "run", "sgd", "adagrad", "lectureAdagrad", "rmsprop", "lectureRmsprop", "adam", "radam", "nadam",
  "constant", "inverseSqrtDecay", "stepDecay", "exponentialDecay", "cosineAnnealing", "linearWarmup",
  "transformerSchedule", "warmupCosine", "join", "piecewiseConstant",
  "mlp", "sincData",
  "thinPath", "thin", "detectSpikes", "stabilityNumbers", "distancesTo", "remaining", "updatesToReach", "fmt",
] as const;

export type KitName = (typeof KIT_NAMES)[number];
export type Kit = Pick<typeof Root, KitName>;

/** The kit from the module's root exports (a name missing there is a build error, said once). */
export function pickKit(root: typeof Root): Kit {
  const kit: Partial<Record<KitName, unknown>> = {};
  for (const name of KIT_NAMES) {
    if (typeof root[name] !== "function") throw new Error(`explorable figures: the module has no export "${name}"`);
    kit[name] = root[name];
  }
  return Object.freeze(kit) as Kit;
}
