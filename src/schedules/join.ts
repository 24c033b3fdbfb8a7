import { checkNumber, requireOptions } from "../check/options";
import type { Schedule } from "./schedule";

/**
 * Joins schedules at boundaries (optax's join_schedules): before boundaries[0] the first
 * schedule runs; from boundaries[k−1] on, schedule k runs with its own clock restarted at 0.
 */
export function join(schedules: readonly Schedule[], boundaries: readonly number[]): Schedule {
  if (!Array.isArray(schedules)) throw new TypeError("join: schedules must be an array of functions of t");
  if (!Array.isArray(boundaries)) throw new TypeError("join: boundaries must be an array of update counts");
  if (schedules.length === 0) throw new RangeError("join: schedules is empty (give at least one schedule)");
  if (boundaries.length !== schedules.length - 1) {
    throw new RangeError(`join: ${schedules.length} schedules need ${schedules.length - 1} boundaries, got ${boundaries.length}`);
  }
  schedules.forEach((s, k) => {
    if (typeof s !== "function") throw new TypeError(`join: schedules[${k}] must be a function of t`);
  });
  let previous = 0;
  boundaries.forEach((b, k) => {
    checkNumber(`boundaries[${k}]`, `boundary`, b, { min: previous + 1, integer: true });
    previous = b;
  });
  return (t) => {
    let k = 0;
    while (k < boundaries.length && t >= boundaries[k]) k++;
    return schedules[k](k === 0 ? t : t - boundaries[k - 1]);
  };
}

/**
 * Piecewise constant: values[0] before boundaries[0], values[k] from boundaries[k−1] on.
 */
export function piecewiseConstant(options: { readonly boundaries: readonly number[]; readonly values: readonly number[] }): Schedule {
  const { boundaries, values } = requireOptions("piecewiseConstant", options, ["boundaries", "values"], ["boundaries", "values"]);
  if (!Array.isArray(values)) throw new TypeError(`piecewiseConstant: values must be an array of learning rates, got ${String(values)}`);
  if (!Array.isArray(boundaries)) throw new TypeError(`piecewiseConstant: boundaries must be an array of update counts, got ${String(boundaries)}`);
  values.forEach((v, k) => checkNumber(`values[${k}]`, "learning rate", v, { min: 0 }));
  return join(
    values.map((v) => () => v),
    boundaries,
  );
}

/**
 * The ResNet paper's recipe for its 110-layer CIFAR-10 network (He et al., 2015, §4.2):
 * η = 0.01 to warm up for about 400 iterations, back to 0.1, then ÷10 at 32k and 48k.
 */
export function resnetCifar110(): Schedule {
  return piecewiseConstant({ boundaries: [400, 32000, 48000], values: [0.01, 0.1, 0.01, 0.001] });
}
