import { checkNumber } from "../check/options";
import { seededRandom } from "../check/random";

/** A one-dimensional regression data set: inputs x and targets y. */
export interface Dataset {
  readonly x: Float64Array;
  readonly y: Float64Array;
}

/**
 * The course homework's task (HW2-2): fit y = sin(5πx)/(5πx) on x ∈ (0, 1].
 * `points` inputs, evenly spaced, optionally with seeded Gaussian noise on y.
 */
export function sincData(options: { readonly points?: number; readonly noise?: number; readonly seed?: number } = {}): Dataset {
  const points = checkNumber("points", "number of points", options.points ?? 64, { min: 2, integer: true });
  const noise = checkNumber("noise", "noise value", options.noise ?? 0, { min: 0 });
  const rng = seededRandom(options.seed ?? 0);
  const x = new Float64Array(points);
  const y = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    x[i] = (i + 1) / points;
    const a = 5 * Math.PI * x[i];
    y[i] = Math.sin(a) / a + noise * rng.normal();
  }
  return { x, y };
}
