import { ruleUpdate, type CoordinateRule } from "./rule";

/**
 * The parts of the lecture's summary rule
 *
 *     θᵗ⁺¹ = θᵗ − (ηᵗ / σᵗ) · mᵗ
 *
 * An optimizer is a learning rate ηᵗ (a schedule) and a chain of parts, each of which
 * rewrites the update direction u in place: u starts as the gradient gᵗ, a momentum part
 * turns it into mᵗ, a scale part divides it by σᵗ. Like optax's gradient transformations,
 * a part owns its per-parameter state and allocates it once, on the first update.
 */
export interface Part {
  /** What the part is, in the lecture's words: "momentum", "σ: root mean square", … */
  readonly name: string;
  /** "momentum" parts produce m; "scale" parts divide by σ. */
  readonly role: "momentum" | "scale";
  /** Allocates per-parameter state for n parameters; called before the first update. */
  init(n: number): void;
  /**
   * Rewrites u in place for update t (0-based).
   * @param u the update direction so far (starts as g)
   * @param g the gradient gᵗ (after coupled weight decay); scale parts take σ from it
   * @param t how many updates came before this one
   * @param theta the parameters θᵗ, read only (for parts such as a trust ratio that scale
   *   by ‖θ‖; a part that reads θ has no coordinate rule)
   */
  update(u: Float64Array, g: Float64Array, t: number, theta?: Float64Array): void;
  /** Forgets all state, as a fresh part. */
  reset(): void;
  /**
   * The same arithmetic as `update`, for one coordinate: the chain fuses its parts' rules
   * into one loop. Every part of this module has one; a part written by hand may leave it
   * out, and the chain then calls each part's `update` in turn.
   */
  readonly rule?: CoordinateRule;
}

/** A part that produces the momentum mᵗ (the direction: past gradients with their signs). */
export interface MomentumPart extends Part {
  readonly role: "momentum";
  /** mᵢ per parameter after the last update (the raw buffer, before any bias correction). */
  readonly m: Float64Array;
}

/** A part that divides by σᵗ (the magnitude: root of a mean of squared gradients). */
export interface ScalePart extends Part {
  readonly role: "scale";
  /** σᵢ per parameter used by the last update. */
  readonly sigma: Float64Array;
}

export const EMPTY = new Float64Array(0);

/**
 * A part whose arithmetic is its coordinate rule: `update` runs the rule over whole arrays.
 * `init(n)` allocates the rule's arrays for n parameters and resets its scalars; `reset()`
 * is `init(0)`.
 */
export function rulePart<Role extends Part["role"]>(
  name: string,
  role: Role,
  rule: CoordinateRule,
  init: (n: number) => void,
): Part & { readonly role: Role; readonly rule: CoordinateRule } {
  const update = ruleUpdate(rule);
  return {
    name,
    role,
    rule,
    init,
    reset: () => init(0),
    update: (u, g, t) => update(u, g, rule, t),
  };
}
