import type { Schedule } from "../schedules/schedule";
import type { Optimizer, OptimizerState } from "./chain";
import { EMPTY } from "./part";

/** One slice of the parameters and the optimizer that updates it. */
export interface ParamGroup {
  /** How many consecutive parameters this group holds (groups are laid out in order). */
  readonly size: number;
  readonly optimizer: Optimizer;
}

/** An optimizer made of groups; each group's own optimizer is in `groups`. */
export interface GroupedOptimizer extends Optimizer<[]> {
  readonly groups: readonly ParamGroup[];
}

/**
 * Parameter groups, as torch's param_groups and optax's multi_transform: consecutive slices
 * of θ, each with an optimizer of its own (say a smaller η for the first layer, or no
 * momentum for biases). `step` hands each optimizer its slice (views, no copies); `lr`,
 * `schedule` and `t` are the first group's; `m`, `sigma` and `direction` are gathered from
 * the groups (a group without m or σ gives NaN there).
 */
export function paramGroups(groups: readonly ParamGroup[]): GroupedOptimizer {
  if (!Array.isArray(groups) || groups.length === 0) throw new TypeError("paramGroups: give at least one group { size, optimizer }");
  groups.forEach((group, k) => {
    if (!group || !Number.isInteger(group.size) || group.size < 1) {
      throw new RangeError(`paramGroups: groups[${k}].size must be an integer ≥ 1, got ${String(group?.size)}`);
    }
    if (!group.optimizer || typeof group.optimizer.step !== "function") throw new TypeError(`paramGroups: groups[${k}].optimizer must be an optimizer such as adam(…)`);
    if (groups.findIndex((g) => g.optimizer === group.optimizer) !== k) throw new TypeError(`paramGroups: groups[${k}] reuses the optimizer of an earlier group; each group needs its own`);
  });
  const total = groups.reduce((s, g) => s + g.size, 0);
  const offsets = groups.map((_, k) => groups.slice(0, k).reduce((s, g) => s + g.size, 0));
  // Views of the last arrays stepped: made again only when step is given other arrays.
  let lastParams: Float64Array | undefined;
  let lastGrads: Float64Array | undefined;
  let views: { params: Float64Array; grads: Float64Array }[] = [];
  const gathered = { m: EMPTY, sigma: EMPTY, direction: EMPTY };
  const gather = (key: "m" | "sigma" | "direction"): Float64Array => {
    if (gathered[key].length !== total) gathered[key] = new Float64Array(total);
    groups.forEach((group, k) => {
      const from = group.optimizer[key];
      if (from && from.length === group.size) gathered[key].set(from, offsets[k]);
      else gathered[key].fill(NaN, offsets[k], offsets[k] + group.size);
    });
    return gathered[key];
  };
  const first = groups[0].optimizer;
  const grouped: GroupedOptimizer = {
    name: `groups(${groups.map((g) => `${g.optimizer.name} ×${g.size}`).join(", ")})`,
    parts: [],
    groups,
    step(params: Float64Array, grads: Float64Array): void {
      if (params !== lastParams || grads !== lastGrads) {
        if (!(params instanceof Float64Array) || !(grads instanceof Float64Array) || params.length !== total || grads.length !== total) {
          throw new RangeError(`paramGroups.step: params and grads must be Float64Arrays of length ${total} (the groups' sizes add up to ${total})`);
        }
        views = groups.map((group, k) => ({
          params: params.subarray(offsets[k], offsets[k] + group.size),
          grads: grads.subarray(offsets[k], offsets[k] + group.size),
        }));
        lastParams = params;
        lastGrads = grads;
      }
      for (let k = 0; k < groups.length; k++) groups[k].optimizer.step(views[k].params, views[k].grads);
    },
    get t() {
      return first.t;
    },
    get lr() {
      return first.lr;
    },
    get schedule(): Schedule {
      return first.schedule;
    },
    get m() {
      return groups.some((g) => g.optimizer.m) ? gather("m") : undefined;
    },
    get sigma() {
      return groups.some((g) => g.optimizer.sigma) ? gather("sigma") : undefined;
    },
    get direction() {
      return gather("direction");
    },
    reset() {
      lastParams = lastGrads = undefined;
      for (const g of groups) g.optimizer.reset();
    },
    stateDict(): OptimizerState {
      const states = groups.map((g) => g.optimizer.stateDict());
      return { optimizer: grouped.name, parts: [], t: first.t, lr: states[0].lr, n: total, direction: [], groups: states };
    },
    loadStateDict(state: OptimizerState): void {
      if (!state || !Array.isArray(state.groups) || state.groups.length !== groups.length) {
        throw new TypeError(`loadStateDict: this ${grouped.name} has ${groups.length} groups, the saved ${state?.optimizer ?? "state"} has ${state?.groups?.length ?? "none"}`);
      }
      groups.forEach((g, k) => g.optimizer.loadStateDict(state.groups![k]));
    },
  };
  return grouped;
}
