/**
 * The error surface in 3-D, with runs lifted onto it (z = L(θ) along the path):
 * the shape behind the contour map, e.g. the valley's steep walls and flat floor.
 */
import { checkKnownOptions } from "../check/options";
import type { Figure, Scatter3dTrace, SurfaceTrace, Trace } from "./figure";
import { fitBudget } from "./budget";
import { evaluateGrid } from "./grid";
import { resolveWindow, startPoints, variableNames } from "./contour";
import { checkInteger, checkTwoParameters, flatPath, lossOf, type ScalarField, type TrajectoryInput, type Window } from "./inputs";
import { frameLayout } from "./layout";
import { axis, colour, contourColorscale, MINIMUM_COLOUR, START_COLOUR } from "./style";
import { plotlyText } from "./text";
import { datum, thinPath } from "./thin";

export interface Surface3dOptions {
  trajectories?: readonly TrajectoryInput[];
  window?: Window;
  /** Grid points per axis (default 50). */
  resolution?: number;
  /** Plot log₁₀(L − min L + ε) instead of L, for surfaces whose walls dwarf the floor. */
  logZ?: boolean;
  title?: string;
  maxBytes?: number;
  height?: number;
}

export function surfacePlot3d(surface: ScalarField, options: Surface3dOptions = {}): Figure {
  const owner = "surfacePlot3d";
  checkKnownOptions(owner, options, ["trajectories", "window", "resolution", "logZ", "title", "maxBytes", "height"]);
  checkTwoParameters(owner, surface);
  const trajectories = options.trajectories ?? [];
  const resolution = checkInteger(owner, "resolution", options.resolution ?? 50, 5, 200);
  const window = resolveWindow(owner, surface, trajectories, options.window);
  const loss = lossOf(surface);
  const grid = evaluateGrid(loss, window, resolution);
  const m = surface.minimum;
  const hasMinimum = m !== undefined && Number.isFinite(m[0]) && Number.isFinite(m[1]);
  // The known minimum may lie between grid points, below the grid's lowest value.
  const floor = hasMinimum ? Math.min(grid.zMin, loss([m[0], m[1]])) : grid.zMin;
  const eps = Math.max((grid.zMax - grid.zMin) * 1e-6, Number.MIN_VALUE);
  const height = (v: number): number | null =>
    options.logZ ? datum(Math.log10(v - floor + eps), 6) : datum(v, 6);
  const n = grid.x.length;
  const surfaceTrace: SurfaceTrace = {
    type: "surface",
    name: "L(θ)",
    showlegend: false,
    x: grid.x,
    y: grid.y,
    z: grid.y.map((_, j) => Array.from({ length: n }, (_, i) => height(grid.z[j * n + i]))),
    colorscale: contourColorscale(),
    colorbar: { title: { text: options.logZ ? "log₁₀(L − min L)" : "L(θ)" }, len: 0.8 },
    opacity: 0.95,
  };
  const [xName, yName] = variableNames(surface);
  const point = new Float64Array(2);
  const lifted = (x: number | null, y: number | null): number | null => {
    if (x === null || y === null) return null;
    point[0] = x;
    point[1] = y;
    return height(loss(point));
  };
  return fitBudget(
    owner,
    (maxPoints) => {
      const data: Trace[] = [surfaceTrace];
      trajectories.forEach((t, r) => {
        const { theta, dimension } = flatPath(t);
        const path = thinPath(theta, dimension, maxPoints);
        data.push({
          type: "scatter3d",
          mode: "lines",
          name: plotlyText(t.name),
          x: path.x,
          y: path.y,
          z: path.x.map((x, k) => lifted(x, path.y[k])),
          line: { color: t.color ?? colour(r), width: 5 },
        });
      });
      const points = startPoints(trajectories, surface);
      if (points.length > 0) {
        const starts: Scatter3dTrace = {
          type: "scatter3d",
          mode: "markers",
          name: "start",
          x: points.map((p) => p[0]),
          y: points.map((p) => p[1]),
          z: points.map((p) => lifted(p[0], p[1])),
          marker: { color: START_COLOUR, size: 5, symbol: "circle" },
        };
        data.push(starts);
      }
      if (hasMinimum) {
        // Drawn as two crossing strokes: WebGL marker symbols are font glyphs that
        // some systems lack (an empty box instead of ×).
        const dx = (window[0][1] - window[0][0]) * 0.025;
        const dy = (window[1][1] - window[1][0]) * 0.025;
        const z = lifted(m[0], m[1]);
        data.push({
          type: "scatter3d",
          mode: "lines",
          name: "minimum",
          x: [datum(m[0] - dx), datum(m[0] + dx), null, datum(m[0] - dx), datum(m[0] + dx)],
          y: [datum(m[1] - dy), datum(m[1] + dy), null, datum(m[1] + dy), datum(m[1] - dy)],
          z: [z, z, null, z, z],
          line: { color: MINIMUM_COLOUR, width: 8 },
        });
      }
      return {
        data,
        layout: {
          ...frameLayout({
            title: options.title ?? `${surface.name}: the surface L(θ)`,
            data,
            showlegend: data.length > 1,
            colorbar: true,
            height: options.height ?? 560,
            margin: { l: 10, r: 10, b: 10 },
          }),
          scene: {
            xaxis: axis(xName),
            yaxis: axis(yName),
            zaxis: axis(options.logZ ? "log₁₀(L − min L)" : "L(θ)"),
            aspectmode: "cube",
          },
        },
      };
    },
    options.maxBytes,
  );
}
