/**
 * The contour map of a 2-parameter surface with labelled trajectories on it:
 * where each run started (black dot; the surface's own start too), where it went,
 * where it ended, and the minimum (×). The lecture's central picture.
 */
import { checkKnownOptions } from "../check/options";
import type { Axis, ContourTrace, Figure, MarkerSymbol, ScatterTrace, Trace } from "./figure";
import { fitBudget } from "./budget";
import { contourValues, evaluateGrid, type LevelOptions } from "./grid";
import {
  checkInteger, checkTwoParameters, checkWindow, flatPath, lossOf, type ScalarField, type TrajectoryInput, type Window,
} from "./inputs";
import { frameLayout } from "./layout";
import { axis, colour, contourColorscale, MINIMUM_COLOUR, START_COLOUR } from "./style";
import { plotlyText } from "./text";
import { datum, thinPath } from "./thin";

export interface SurfaceViewOptions extends LevelOptions {
  /** Runs drawn on the surface, each with its legend name. */
  trajectories?: readonly TrajectoryInput[];
  /** [[xmin, xmax], [ymin, ymax]]; default the surface's window, else the runs' extent. */
  window?: Window;
  /** Grid points per axis (default 60). */
  resolution?: number;
  title?: string;
  /** Largest JSON size in bytes (default 200,000); long runs are thinned to fit. */
  maxBytes?: number;
  height?: number;
}

/** Points marked on a map (where each spike lands), one legend entry per set. */
export interface PointMarks {
  readonly name: string;
  /** Flat [θ₀, θ₁, θ₀, θ₁, …], like a trajectory's θ. */
  readonly theta: ArrayLike<number>;
  /** Hover text per point. */
  readonly text?: readonly string[];
  /** Default "#CC79A7". */
  readonly color?: string;
  /** Default "cross". */
  readonly symbol?: MarkerSymbol;
}

export interface ContourOptions extends SurfaceViewOptions {
  readonly marks?: readonly PointMarks[];
}

export const SURFACE_VIEW_OPTIONS = [
  "trajectories", "window", "resolution", "title", "maxBytes", "height", "levels", "logLevels", "decades",
] as const;

/** Axis labels of a surface: its variable names, else θ₀ and θ₁. */
export function variableNames(field: ScalarField): [string, string] {
  const v = field.variables;
  return [v?.[0] ?? "θ₀", v?.[1] ?? "θ₁"];
}

/** The window to draw: given, else the surface's, else the runs, start and minimum with a 10% margin. */
export function resolveWindow(
  owner: string,
  field: ScalarField,
  trajectories: readonly TrajectoryInput[],
  window: Window | undefined,
): readonly [readonly [number, number], readonly [number, number]] {
  const chosen = window ?? field.window;
  if (chosen !== undefined) return checkWindow(chosen, owner);
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  const see = (x: number, y: number): void => {
    [x, y].forEach((v, a) => {
      if (Number.isFinite(v)) {
        lo[a] = Math.min(lo[a], v);
        hi[a] = Math.max(hi[a], v);
      }
    });
  };
  for (const t of trajectories) {
    const { theta, dimension } = flatPath(t);
    for (let k = 0; k < theta.length; k += dimension) see(theta[k], theta[k + 1]);
  }
  if (field.minimum) see(field.minimum[0], field.minimum[1]);
  if (field.start) see(field.start[0], field.start[1]);
  if (!(lo[0] <= hi[0] && lo[1] <= hi[1])) {
    throw new RangeError(`${owner}: no window: give options.window, or a surface with a window, or trajectories`);
  }
  const pad = (a: number): [number, number] => {
    const m = (hi[a] - lo[a]) * 0.1 || Math.abs(lo[a]) * 0.1 || 1;
    return [lo[a] - m, hi[a] + m];
  };
  return [pad(0), pad(1)];
}

/** Path, start dot and end marker of each run, in 2-D. */
export function trajectoryTraces(trajectories: readonly TrajectoryInput[], maxPoints: number, opacity = 1): ScatterTrace[] {
  const traces: ScatterTrace[] = [];
  trajectories.forEach((t, r) => {
    const { theta, dimension } = flatPath(t);
    const path = thinPath(theta, dimension, maxPoints);
    const color = t.color ?? colour(r);
    const last = path.x.length - 1;
    const size = t.markerSize;
    if (size !== undefined && !(Number.isFinite(size) && size > 0 && size <= 30)) {
      throw new RangeError(`trajectory "${t.name}": Invalid markerSize: ${size} (markerSize must be a number with 0 < markerSize ≤ 30)`);
    }
    traces.push({
      type: "scatter",
      mode: size === undefined ? "lines" : "lines+markers",
      ...(size === undefined ? {} : { marker: { color, size } }),
      name: plotlyText(t.name),
      legendgroup: `run${r}`,
      x: path.x,
      y: path.y,
      customdata: path.index,
      hovertemplate: "update %{customdata:,.0f}<br>θ = (%{x:.4g}, %{y:.4g})",
      line: { color, width: 2 },
      opacity,
    });
    traces.push({
      type: "scatter",
      mode: "markers",
      name: plotlyText(`${t.name}: end`),
      legendgroup: `run${r}`,
      showlegend: false,
      x: [path.x[last]],
      y: [path.y[last]],
      customdata: [path.index[last]],
      hovertemplate: "end, update %{customdata:,.0f}<br>θ = (%{x:.4g}, %{y:.4g})",
      marker: { color, size: 9, symbol: "diamond", line: { color: "#ffffff", width: 1 } },
      opacity,
    });
  });
  return traces;
}

/**
 * The distinct start points (θ₀, θ₁) to mark: each run's first point, then the
 * surface's own `start` unless a run begins there (a contour map without runs still
 * shows where the lecture's experiments begin).
 */
export function startPoints(trajectories: readonly TrajectoryInput[], field: ScalarField): [number, number][] {
  const candidates: [number, number][] = trajectories.map((t) => {
    const { theta } = flatPath(t);
    return [theta[0], theta[1]];
  });
  const s = field.start;
  if (s !== undefined && s.length >= 2) candidates.push([s[0], s[1]]);
  const seen = new Set<string>();
  const points: [number, number][] = [];
  for (const [a, b] of candidates) {
    const sx = datum(a);
    const sy = datum(b);
    if (sx === null || sy === null || seen.has(`${sx},${sy}`)) continue;
    seen.add(`${sx},${sy}`);
    points.push([sx, sy]);
  }
  return points;
}

/** One "start" dot per distinct start (see startPoints), one legend entry. */
export function startTrace(trajectories: readonly TrajectoryInput[], field: ScalarField): ScatterTrace | undefined {
  const points = startPoints(trajectories, field);
  if (points.length === 0) return undefined;
  const x = points.map((p) => p[0]);
  const y = points.map((p) => p[1]);
  return {
    type: "scatter",
    mode: "markers",
    name: "start",
    x,
    y,
    hovertemplate: "start<br>θ = (%{x:.4g}, %{y:.4g})<extra></extra>",
    marker: { color: START_COLOUR, size: 11, symbol: "circle", line: { color: "#ffffff", width: 1.5 } },
  };
}

export function minimumTrace(field: ScalarField): ScatterTrace | undefined {
  const m = field.minimum;
  if (!m || m.length < 2 || !Number.isFinite(m[0]) || !Number.isFinite(m[1])) return undefined;
  return {
    type: "scatter",
    mode: "markers",
    name: "minimum",
    x: [datum(m[0])],
    y: [datum(m[1])],
    hovertemplate: "minimum<br>θ = (%{x:.4g}, %{y:.4g})<extra></extra>",
    marker: { color: MINIMUM_COLOUR, size: 14, symbol: "x", line: { color: "#ffffff", width: 1 } },
  };
}

export function contourTrace(owner: string, field: ScalarField, options: SurfaceViewOptions, trajectories: readonly TrajectoryInput[]): ContourTrace {
  const resolution = checkInteger(owner, "resolution", options.resolution ?? 60, 5, 300);
  const window = resolveWindow(owner, field, trajectories, options.window);
  const grid = evaluateGrid(lossOf(field), window, resolution);
  const values = contourValues(owner, grid, options, "L(θ)");
  return {
    type: "contour",
    name: "L(θ)",
    showlegend: false,
    x: grid.x,
    y: grid.y,
    z: values.z,
    ...(values.customdata ? { customdata: values.customdata } : {}),
    contours: { ...values.contours, coloring: "fill" },
    colorscale: contourColorscale(),
    colorbar: { ...values.colorbar, len: 0.9 },
    line: { color: "rgba(8, 48, 107, 0.35)", width: 0.8 },
    hovertemplate: values.hovertemplate,
  };
}

export function marksTrace(owner: string, m: PointMarks): ScatterTrace {
  if (typeof m?.name !== "string") throw new TypeError(`${owner}: each of marks needs a name (a string for its legend entry)`);
  if (m.theta.length % 2 !== 0) throw new RangeError(`${owner}: marks "${m.name}" has ${m.theta.length} numbers; θ must be flat (θ₀, θ₁) pairs`);
  const n = m.theta.length / 2;
  if (m.text !== undefined && m.text.length !== n) throw new RangeError(`${owner}: marks "${m.name}" has ${m.text.length} texts for ${n} points; they must be equal`);
  return {
    type: "scatter",
    mode: "markers",
    name: plotlyText(m.name),
    x: Array.from({ length: n }, (_, k) => datum(m.theta[2 * k])),
    y: Array.from({ length: n }, (_, k) => datum(m.theta[2 * k + 1])),
    ...(m.text ? { text: m.text.map(plotlyText), hovertemplate: "%{text}<br>θ = (%{x:.4g}, %{y:.4g})<extra></extra>" } : {}),
    marker: { color: m.color ?? "#CC79A7", size: 8, symbol: m.symbol ?? "cross" },
  };
}

/** Axes spanning the contour grid, labelled with the surface's variables. */
export function surfaceAxes(contour: ContourTrace, field: ScalarField): { xaxis: Axis; yaxis: Axis } {
  const [xName, yName] = variableNames(field);
  return {
    xaxis: axis(xName, { range: [contour.x[0], contour.x[contour.x.length - 1]] }),
    yaxis: axis(yName, { range: [contour.y[0], contour.y[contour.y.length - 1]] }),
  };
}

/**
 * Contour map of `surface` with `trajectories` drawn on it (each thinned to fit the
 * figure's size budget), every start marked with a dot (the surface's `start` too,
 * when no run begins there), the minimum with ×.
 */
export function contourPlot(surface: ScalarField, options: ContourOptions = {}): Figure {
  const owner = "contourPlot";
  checkKnownOptions(owner, options, [...SURFACE_VIEW_OPTIONS, "marks"]);
  const marks = (options.marks ?? []).map((m) => marksTrace(owner, m));
  checkTwoParameters(owner, surface);
  const trajectories = options.trajectories ?? [];
  const contour = contourTrace(owner, surface, options, trajectories);
  return fitBudget(
    owner,
    (maxPoints) => {
      const data: Trace[] = [contour, ...trajectoryTraces(trajectories, maxPoints)];
      const start = startTrace(trajectories, surface);
      const minimum = minimumTrace(surface);
      data.push(...marks);
      if (start) data.push(start);
      if (minimum) data.push(minimum);
      return {
        data,
        layout: {
          ...frameLayout({
            title: options.title ?? `${surface.name}: contour map of L(θ)`,
            data,
            showlegend: data.length > 1,
            colorbar: true,
            height: options.height ?? 520,
          }),
          ...surfaceAxes(contour, surface),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
