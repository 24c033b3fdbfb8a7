/**
 * Several optimizers racing on one surface: their whole paths drawn faint, and a
 * marker per run moving along its path, frame by frame (plotly frames, a slider
 * and a play button). Only the markers change between frames, so the figure stays
 * small however long the runs are.
 *
 * A frame redraws only the moving markers (plotly's quick path, `redraw: false`). That
 * path replots each subplot with its animated traces only, dropping a contour map on the
 * same subplot (plotly.js #4491), so the map has the base axes to itself and every path
 * and marker lies on a second pair of axes drawn over them (x2/y2, overlaying and
 * following x/y): a frame touches that layer alone.
 */
import { checkKnownOptions } from "../check/options";
import type { Figure, Frame, ScatterTrace, Trace } from "./figure";
import { fitBudget } from "./budget";
import {
  contourTrace, minimumTrace, startTrace, surfaceAxes, SURFACE_VIEW_OPTIONS, trajectoryTraces, type SurfaceViewOptions,
} from "./contour";
import { checkInteger, checkTwoParameters, flatPath, type ScalarField, type TrajectoryInput } from "./inputs";
import { frameLayout } from "./layout";
import { colour } from "./style";
import { plotlyText } from "./text";
import { datum } from "./thin";

export interface RaceOptions extends Omit<SurfaceViewOptions, "trajectories"> {
  /** Number of animation frames (default 60), evenly spaced in updates. */
  frames?: number;
  /** Milliseconds per frame when playing (default 80). */
  frameDuration?: number;
}

/** The runs' names joined by "vs" while that stays one short line; the legend lists them anyway. */
const MAX_NAMED_RUNS_TITLE = 60;

/**
 * Opacity of the whole paths, fainter than the moving markers. Each path must still stand
 * 3:1 on the map (contrast.ts), and drawn fainter than this a colour has to go nearly
 * black to do so: at 0.45 every path and its legend entry came out the same dark grey.
 */
const PATH_OPACITY = 0.8;

/** Width in px of the play and pause buttons, so the slider starts clear of them at any figure width. */
const BUTTONS_WIDTH = 170;

export function racePlot(surface: ScalarField, runs: readonly TrajectoryInput[], options: RaceOptions = {}): Figure {
  const owner = "racePlot";
  checkKnownOptions(owner, options, [...SURFACE_VIEW_OPTIONS.filter((o) => o !== "trajectories"), "frames", "frameDuration"]);
  if (runs.length === 0) throw new RangeError(`${owner}: runs must hold at least one run`);
  checkTwoParameters(owner, surface);
  const frameCount = checkInteger(owner, "frames", options.frames ?? 60, 2, 1000);
  const duration = checkInteger(owner, "frameDuration", options.frameDuration ?? 80, 1, 10_000);
  const paths = runs.map(flatPath);
  const updates = Math.max(...paths.map((p) => p.theta.length / p.dimension - 1));
  const steps = Array.from({ length: frameCount }, (_, f) => Math.round((f * updates) / (frameCount - 1)));
  const unique = steps.filter((t, f) => f === 0 || t !== steps[f - 1]);
  const contour = contourTrace(owner, surface, options, runs);
  const versus = runs.map((r) => r.name).join(" vs ");
  const defaultTitle = `${surface.name}: ${versus.length <= MAX_NAMED_RUNS_TITLE ? versus : `race of ${runs.length} runs`}`;

  /** θᵗ of run r, or its last point once the run has stopped (finished or diverged). */
  const at = (r: number, t: number): [number | null, number | null] => {
    const { theta, dimension } = paths[r];
    const k = Math.min(t, theta.length / dimension - 1);
    return [datum(theta[k * dimension]), datum(theta[k * dimension + 1])];
  };
  const markers = (t: number): Partial<ScatterTrace>[] =>
    runs.map((_, r) => {
      const [x, y] = at(r, t);
      return { x: [x], y: [y] };
    });

  return fitBudget(
    owner,
    (maxPoints) => {
      const data: Trace[] = [contour, ...trajectoryTraces(runs, maxPoints, PATH_OPACITY)];
      const start = startTrace(runs, surface);
      const minimum = minimumTrace(surface);
      if (start) data.push(start);
      if (minimum) data.push(minimum);
      const first = data.length;
      runs.forEach((run, r) => {
        const [x, y] = at(r, 0);
        data.push({
          type: "scatter",
          mode: "markers",
          name: plotlyText(`${run.name} now`),
          legendgroup: `run${r}`,
          showlegend: false,
          x: [x],
          y: [y],
          hovertemplate: "θ = (%{x:.4g}, %{y:.4g})",
          marker: { color: run.color ?? colour(r), size: 13, symbol: "circle", line: { color: "#ffffff", width: 2 } },
        });
      });
      const traces = runs.map((_, r) => first + r);
      for (const trace of data) if (trace.type === "scatter") Object.assign(trace, { xaxis: "x2", yaxis: "y2" });
      const frames: Frame[] = unique.map((t) => ({ name: `t=${t}`, data: markers(t), traces }));
      // The quick path: the markers' layer only (see the module comment).
      const still = { mode: "immediate" as const, frame: { duration: 0, redraw: false }, transition: { duration: 0 } };
      return {
        data,
        frames,
        layout: {
          ...frameLayout({ title: options.title ?? defaultTitle, data, showlegend: true, colorbar: true, height: options.height ?? 600, margin: { b: 140 } }),
          ...surfaceAxes(contour, surface),
          xaxis2: { overlaying: "x", matches: "x", visible: false, showgrid: false, zeroline: false },
          yaxis2: { overlaying: "y", matches: "y", visible: false, showgrid: false, zeroline: false },
          hovermode: "closest",
          updatemenus: [
            {
              type: "buttons",
              direction: "left",
              showactive: false,
              x: 0,
              y: -0.12,
              xanchor: "left",
              yanchor: "top",
              pad: { t: 40, r: 10 },
              buttons: [
                {
                  label: "▶ Play",
                  method: "animate",
                  args: [null, { mode: "immediate", fromcurrent: true, frame: { duration, redraw: false }, transition: { duration: 0 } }],
                },
                { label: "❚❚ Pause", method: "animate", args: [[null], still] },
              ],
            },
          ],
          sliders: [
            {
              active: 0,
              x: 0,
              y: -0.12,
              len: 1,
              pad: { t: 30, l: BUTTONS_WIDTH },
              currentvalue: { prefix: "update t = ", visible: true },
              steps: unique.map((t) => ({ label: String(t), method: "animate", args: [[`t=${t}`], still] })),
            },
          ],
        },
      };
    },
    options.maxBytes,
  );
}
