import { surface } from "./formula";
import type { Surface } from "./surface";
import { newtonMinimum } from "../analysis/newton";

/**
 * The ten (x, y) pairs of Pokémon combat power (before, after evolving) from the
 * lecture's earlier gradient-descent demo; the convex valley is the loss of fitting
 * y = b + w·x to them.
 */
export const POKEMON_CP = {
  x: [338, 333, 328, 207, 226, 25, 179, 60, 208, 606],
  y: [640, 633, 619, 393, 428, 27, 193, 66, 226, 1591],
} as const;

/** Least squares by the normal equations: the exact minimum (b*, w*) of the valley. */
function leastSquares(x: readonly number[], y: readonly number[]): [number, number] {
  const n = x.length;
  let sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
    sxx += x[i] * x[i];
    sxy += x[i] * y[i];
  }
  const w = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return [(sy - w * sx) / n, w];
}

/** Presets are immutable, and mathjs's symbolic work takes up to a second: build each once. */
function once(make: () => Surface): () => Surface {
  let made: Surface | undefined;
  return () => (made ??= make());
}

/**
 * The lecture's convex valley: L(b, w) = Σₙ (yₙ − b − w·xₙ)² on the Pokémon data.
 * Flat along b, steep along w (curvatures 20 and about 1.7·10⁶). Start (−120, −4).
 */
export const convexValley: () => Surface = once(function convexValley(): Surface {
  const { x, y } = POKEMON_CP;
  const expression = x.map((xi, i) => `(${y[i]} - b - ${xi} * w)^2`).join(" + ");
  return surface(expression, {
    name: "convex valley",
    variables: ["b", "w"],
    window: [[-200, -100], [-5, 5]],
    start: [-120, -4],
    minimum: leastSquares(x, y),
  });
});

/**
 * A crescent-shaped valley for RMSProp: the floor curves along y = 0.2·x², and along x
 * the slope is gentle, then steep (the tanh cliff near x = 0), then gentle again, down
 * to the minimum near x = 3.
 */
export const crescent: () => Surface = once(function crescent(): Surface {
  const options = { name: "crescent", variables: ["x", "y"], window: [[-4, 4.5], [-1, 4.5]], start: [-3.5, 2.45] } as const;
  const expression = "0.02 * (x - 3)^2 - 1.5 * tanh(3 * x) + 0.5 * (y - 0.2 * x^2)^2";
  // No closed form: Newton's method from near the minimum, to full precision.
  const minimum = newtonMinimum(surface(expression, options), [3, 1.8], { tolerance: 1e-13 });
  return surface(expression, { ...options, minimum: [minimum[0], minimum[1]] });
});

/** Rosenbrock's banana valley, minimum (1, 1). */
export const rosenbrock: () => Surface = once(function rosenbrock(): Surface {
  return surface("(1 - x)^2 + 100 * (y - x^2)^2", {
    name: "Rosenbrock",
    variables: ["x", "y"],
    window: [[-2, 2], [-1, 3]],
    start: [-1.5, 2],
    minimum: [1, 1],
  });
});

/** A saddle point at the origin: up along x, down along y. */
export const saddle: () => Surface = once(function saddle(): Surface {
  return surface("x^2 - y^2", { name: "saddle", variables: ["x", "y"], window: [[-2, 2], [-2, 2]], start: [1.5, 0.01] });
});
