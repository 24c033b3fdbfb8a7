import type { HessianModel } from "../analysis/model";
import type { Mlp } from "./mlp";
import { accumulate, checkSizes, features, type ActivationPattern } from "./terms";

/**
 * A ReLU network's loss is a different smooth polynomial of θ in each region where the
 * activation pattern (which unit is on for which input) stays the same; ∇L jumps where a
 * unit's kink −bⱼ/wⱼ crosses a data point. Freezing the pattern gives that region's
 * polynomial, defined everywhere, so Newton-type methods can find its critical point
 * without being stopped by a kink.
 */

/** aⱼ(xₙ) = [wⱼxₙ + bⱼ > 0] for every input n and unit j, entry n·H + j. */
export function activationPattern(net: Mlp, theta: ArrayLike<number>): ActivationPattern {
  checkSizes(net, theta, "activationPattern");
  const H = net.hidden;
  const { x } = net.data;
  const pattern = new Uint8Array(x.length * H);
  for (let n = 0; n < x.length; n++) {
    for (let j = 0; j < H; j++) pattern[n * H + j] = theta[j] * x[n] + theta[H + j] > 0 ? 1 : 0;
  }
  return pattern;
}

/** How many (input, unit) entries differ between two patterns. */
export function patternChanges(a: ActivationPattern, b: ActivationPattern): number {
  if (a.length !== b.length) throw new RangeError(`patternChanges: patterns have ${a.length} and ${b.length} entries`);
  let changes = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) changes++;
  return changes;
}

/**
 * min over units j and inputs n of |wⱼxₙ + bⱼ|: how far θ is from the nearest kink, in
 * pre-activation units. Where it is 0 the loss is not twice differentiable.
 */
export function kinkMargin(net: Mlp, theta: ArrayLike<number>): number {
  checkSizes(net, theta, "kinkMargin");
  const H = net.hidden;
  let margin = Infinity;
  for (const x of net.data.x) {
    for (let j = 0; j < H; j++) margin = Math.min(margin, Math.abs(theta[j] * x + theta[H + j]));
  }
  return margin;
}

/**
 * The network with its activation pattern frozen: the same loss, gradient and exact Hessian
 * as the real ReLU network wherever θ has this pattern, and smooth everywhere.
 */
export function frozenMlp(net: Mlp, pattern: ActivationPattern): HessianModel & { hessian(theta: ArrayLike<number>, out: Float64Array): Float64Array } {
  const H = net.hidden;
  const N = net.data.x.length;
  const D = net.dimension;
  if (pattern.length !== N * H) throw new RangeError(`frozenMlp: pattern has ${pattern.length} entries but must have inputs × units = ${N * H}`);
  const df = new Float64Array(D);
  const active = new Uint8Array(H);
  return {
    dimension: D,
    loss(theta) {
      checkSizes(net, theta, "frozenMlp.loss");
      let sum = 0;
      for (let n = 0; n < N; n++) {
        const r = features(net, theta, n, df, active, pattern);
        sum += r * r;
      }
      return sum / N;
    },
    gradient(theta, out) {
      checkSizes(net, theta, "frozenMlp.gradient", out, D);
      out.fill(0);
      for (let n = 0; n < N; n++) {
        const r = (2 * features(net, theta, n, df, active, pattern)) / N;
        for (let i = 0; i < D; i++) out[i] += r * df[i];
      }
      return out;
    },
    hessian(theta, out) {
      checkSizes(net, theta, "frozenMlp.hessian", out, D * D);
      return accumulate(net, theta, out, true, false, pattern);
    },
  };
}
