/**
 * A surface sampled on a grid, and its contour levels. Plotly only draws evenly spaced
 * levels, so log-spaced or hand-picked levels are drawn by plotting each value's
 * position between the levels (level k ↦ k) and labelling the colour bar with the
 * levels themselves; hover still shows L(θ).
 */
import type { ColorBar, Datum } from "./figure";
import { datum } from "./thin";
import { distinctLabels } from "./style";

export interface Grid {
  x: number[];
  y: number[];
  /** Row-major: z[j * x.length + i] = L(x[i], y[j]). */
  z: Float64Array;
  /** Smallest and largest finite value (NaN if none). */
  zMin: number;
  zMax: number;
}

export function evaluateGrid(
  loss: (theta: ArrayLike<number>) => number,
  window: readonly [readonly [number, number], readonly [number, number]],
  resolution: number,
): Grid {
  const axis = ([lo, hi]: readonly [number, number]): number[] =>
    Array.from({ length: resolution }, (_, i) => datum(lo + ((hi - lo) * i) / (resolution - 1), 10) as number);
  const x = axis(window[0]);
  const y = axis(window[1]);
  const z = new Float64Array(resolution * resolution);
  const theta = new Float64Array(2);
  let zMin = Infinity;
  let zMax = -Infinity;
  for (let j = 0; j < resolution; j++) {
    for (let i = 0; i < resolution; i++) {
      theta[0] = x[i];
      theta[1] = y[j];
      const v = loss(theta);
      z[j * resolution + i] = v;
      if (Number.isFinite(v)) {
        if (v < zMin) zMin = v;
        if (v > zMax) zMax = v;
      }
    }
  }
  return { x, y, z, zMin: zMin <= zMax ? zMin : NaN, zMax: zMin <= zMax ? zMax : NaN };
}

export interface LevelOptions {
  /** Number of contour levels (default 20), or the levels themselves, increasing. */
  levels?: number | readonly number[];
  /** Space the levels geometrically above the lowest value, dense near the minimum. */
  logLevels?: boolean;
  /** With logLevels: how many powers of ten the levels span (default 4). */
  decades?: number;
}

export interface ContourValues {
  z: Datum[][];
  /** L(θ) for hover when z holds level positions. */
  customdata?: Datum[][];
  contours: { start: number; end: number; size: number };
  colorbar: ColorBar;
  hovertemplate: string;
}

function rows(grid: Grid, value: (v: number) => Datum): Datum[][] {
  const n = grid.x.length;
  return grid.y.map((_, j) => Array.from({ length: n }, (_, i) => value(grid.z[j * n + i])));
}

function explicitLevels(owner: string, grid: Grid, options: LevelOptions): number[] | undefined {
  const { levels = 20, logLevels = false, decades = 4 } = options;
  if (typeof levels !== "number") {
    const ok = levels.length >= 2 && levels.every((l, k) => Number.isFinite(l) && (k === 0 || l > levels[k - 1]));
    if (!ok) throw new RangeError(`${owner}: Invalid levels: [${levels.join(", ")}] (levels must be ≥ 2 finite numbers, increasing)`);
    return [...levels];
  }
  if (!Number.isInteger(levels) || levels < 2 || levels > 200) {
    throw new RangeError(`${owner}: Invalid levels: ${levels} (levels must be an integer with 2 ≤ levels ≤ 200, or an array of levels)`);
  }
  if (!logLevels) return undefined;
  if (!Number.isFinite(decades) || decades <= 0 || decades > 30) {
    throw new RangeError(`${owner}: Invalid decades: ${decades} (decades must be a number with 0 < decades ≤ 30)`);
  }
  const span = grid.zMax - grid.zMin;
  if (!(span > 0)) return undefined; // a flat or empty grid has nothing to space
  return Array.from({ length: levels }, (_, k) => grid.zMin + span * 10 ** (-decades + (decades * k) / (levels - 1)));
}

const HOVER_RAW = "θ = (%{x:.4g}, %{y:.4g})<br>L = %{z:.4g}<extra></extra>";
const HOVER_MAPPED = "θ = (%{x:.4g}, %{y:.4g})<br>L = %{customdata:.4g}<extra></extra>";

export function contourValues(owner: string, grid: Grid, options: LevelOptions, colorbarTitle: string): ContourValues {
  const levels = explicitLevels(owner, grid, options);
  if (levels === undefined) {
    const count = typeof options.levels === "number" ? options.levels : 20;
    const span = grid.zMax - grid.zMin;
    const size = span > 0 ? span / (count + 1) : Math.abs(grid.zMin) || 1;
    const start = Number.isFinite(grid.zMin) ? grid.zMin + size : 0;
    return {
      z: rows(grid, (v) => datum(v, 6)),
      contours: { start: datum(start, 8) ?? 0, end: datum(start + size * (count - 1), 8) ?? 1, size: datum(size, 8) ?? 1 },
      colorbar: { title: { text: colorbarTitle } },
      hovertemplate: HOVER_RAW,
    };
  }
  const n = levels.length;
  const position = (v: number): Datum => {
    if (!Number.isFinite(v)) return null;
    let k = 0;
    let hi = n - 1;
    while (hi - k > 1) {
      const mid = (k + hi) >> 1;
      if (levels[mid] <= v) k = mid;
      else hi = mid;
    }
    const p = k + (v - levels[k]) / (levels[k + 1] - levels[k]);
    return datum(Math.min(n, Math.max(-1, p)), 5);
  };
  const ticks = Math.min(n, 8);
  const tickvals = Array.from({ length: ticks }, (_, i) => Math.round((i * (n - 1)) / (ticks - 1)));
  return {
    z: rows(grid, position),
    customdata: rows(grid, (v) => datum(v, 4)),
    contours: { start: 0, end: n - 1, size: 1 },
    colorbar: { title: { text: colorbarTitle }, tickvals, ticktext: distinctLabels(tickvals.map((k) => levels[k])) },
    hovertemplate: HOVER_MAPPED,
  };
}
