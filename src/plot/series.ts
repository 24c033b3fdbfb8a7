/**
 * Quantities against the update number t: loss and gradient norm together (§1:
 * "training stuck ≠ small gradient"), the learning rate ηᵗ of schedules, and σ per
 * parameter. Long series are thinned, spikes kept.
 */
import { checkKnownOptions } from "../check/options";
import type { Figure, ScatterTrace } from "./figure";
import { fitBudget } from "./budget";
import { checkInteger } from "./inputs";
import { frameLayout } from "./layout";
import { axis, colour, valueAxis } from "./style";
import { thin } from "./thin";
import { lineTrace as line } from "./trace";

export interface LossRun {
  /** L(θᵏ) for k = 0 … updates (a `Trajectory` fits). */
  readonly loss: ArrayLike<number>;
  /** ‖∇L(θᵏ)‖, same length. */
  readonly gradNorm: ArrayLike<number>;
  /** Legend name when several runs are drawn. */
  readonly name?: string;
  /** A run that recorded every k-th update (`run({ every: k })`): its stride, and the update of each record, drawn as x. */
  readonly every?: number;
  readonly updateIndex?: ArrayLike<number>;
}

export interface SeriesOptions {
  title?: string;
  maxBytes?: number;
  height?: number;
}

export interface LossAndGradNormOptions extends SeriesOptions {
  /** Log scale for both y axes, or per axis. */
  logY?: boolean | { loss?: boolean; gradNorm?: boolean };
  /** Title of the loss axis (default "loss L(θ)"), e.g. "L − L*" when the runs' loss is measured above the minimum. */
  lossLabel?: string;
}

/**
 * Loss (top) and gradient norm (bottom) of one or several runs against the update
 * number, on one shared x axis: zooming one zooms both.
 */
export function lossAndGradNormPlot(runs: LossRun | readonly LossRun[], options: LossAndGradNormOptions = {}): Figure {
  const owner = "lossAndGradNormPlot";
  checkKnownOptions(owner, options, ["logY", "title", "maxBytes", "height", "lossLabel"]);
  const list: readonly LossRun[] = Array.isArray(runs) ? runs : [runs as LossRun];
  if (list.length === 0) throw new RangeError(`${owner}: runs must hold at least one run`);
  list.forEach((run, r) => {
    if (!run || run.loss === undefined || run.gradNorm === undefined) {
      throw new TypeError(`${owner}: run ${r} needs loss and gradNorm arrays`);
    }
    if (run.loss.length !== run.gradNorm.length || run.loss.length === 0) {
      throw new RangeError(
        `${owner}: run ${r} has ${run.loss.length} losses and ${run.gradNorm.length} gradient norms; they must be equal and non-zero`,
      );
    }
  });
  const logY = options.logY ?? false;
  const logLoss = typeof logY === "boolean" ? logY : (logY.loss ?? false);
  const logGrad = typeof logY === "boolean" ? logY : (logY.gradNorm ?? false);
  const single = list.length === 1;
  const lossLabel = options.lossLabel ?? "loss L(θ)";
  if (typeof lossLabel !== "string" || lossLabel === "") throw new TypeError(`${owner}: options.lossLabel must be a non-empty string`);
  return fitBudget(
    owner,
    (maxPoints) => {
      const data: ScatterTrace[] = [];
      list.forEach((run, r) => {
        const name = run.name ?? `run ${r + 1}`;
        // x is the update count: the record's index, unless the run kept every k-th update only.
        const x = run.every !== undefined && run.every > 1 ? run.updateIndex : undefined;
        const loss = thin(run.loss, maxPoints, x);
        const grad = thin(run.gradNorm, maxPoints, x);
        const group = { legendgroup: `run${r}` };
        data.push(line(single ? lossLabel : name, loss.x, loss.y, colour(single ? 1 : r), { ...group, hovertemplate: "update %{x:,.0f}<br>L = %{y:.4g}" }));
        data.push(
          line(single ? "gradient norm ‖g‖" : name, grad.x, grad.y, colour(single ? 0 : r), {
            ...group,
            yaxis: "y2",
            showlegend: single,
            hovertemplate: "update %{x:,.0f}<br>‖g‖ = %{y:.4g}",
          }),
        );
      });
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title ?? "Loss and gradient norm against updates", data, showlegend: true, height: options.height ?? 560 }),
          // One x axis for both panels, drawn under the lower one.
          xaxis: axis("update t", { anchor: "y2" }),
          yaxis: valueAxis(lossLabel, logLoss, { domain: [0.54, 1] }),
          yaxis2: valueAxis("gradient norm ‖g‖", logGrad, { domain: [0, 0.46] }),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}

/** A schedule ηᵗ (a function of t) or its values at the given steps. */
export type ScheduleInput =
  | { readonly name: string; readonly schedule: (t: number) => number }
  | { readonly name: string; readonly values: ArrayLike<number> };

export interface ScheduleOptions extends SeriesOptions {
  logY?: boolean;
}

/**
 * ηᵗ against the update number for one or several schedules. `steps` is a count
 * (t = 0 … steps−1) or the t values themselves.
 */
export function schedulePlot(
  schedules: readonly ScheduleInput[],
  steps: number | ArrayLike<number>,
  options: ScheduleOptions = {},
): Figure {
  const owner = "schedulePlot";
  checkKnownOptions(owner, options, ["logY", "title", "maxBytes", "height"]);
  if (schedules.length === 0) throw new RangeError(`${owner}: schedules must hold at least one schedule`);
  const ts: ArrayLike<number> =
    typeof steps === "number"
      ? Float64Array.from({ length: checkInteger(owner, "steps", steps, 1, 100_000_000) }, (_, t) => t)
      : steps;
  if (ts.length === 0) throw new RangeError(`${owner}: steps must hold at least one update number`);
  const series = schedules.map((s, i) => {
    if ("schedule" in s && typeof s.schedule === "function") return Float64Array.from({ length: ts.length }, (_, k) => s.schedule(ts[k]));
    if ("values" in s && s.values !== undefined) {
      if (s.values.length !== ts.length) {
        throw new RangeError(`${owner}: schedule "${s.name}" has ${s.values.length} values for ${ts.length} steps; they must be equal`);
      }
      return s.values;
    }
    throw new TypeError(`${owner}: schedule ${i} needs a schedule function or values`);
  });
  return fitBudget(
    owner,
    (maxPoints) => {
      const data = series.map((values, i) => {
        const s = thin(values, maxPoints, ts);
        return line(schedules[i].name, s.x, s.y, colour(i), { hovertemplate: "t = %{x:,.0f}<br>η = %{y:.4g}" });
      });
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title ?? "Learning-rate schedule ηᵗ", data, height: options.height ?? 420 }),
          xaxis: axis("update t"),
          yaxis: valueAxis("learning rate ηᵗ", options.logY),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}

export interface SigmaOptions extends SeriesOptions {
  /** Log scale for σ (default true: σ of different parameters differ by orders of magnitude). */
  logY?: boolean;
}

/**
 * σᵢᵗ of each parameter i against the update t. `sigma` is row-major,
 * updates × dimension (a `Trajectory`'s `sigma`); `names` label the parameters.
 */
export function sigmaPlot(
  sigma: ArrayLike<number>,
  dimension: number,
  names?: readonly string[],
  options: SigmaOptions = {},
): Figure {
  const owner = "sigmaPlot";
  checkKnownOptions(owner, options, ["logY", "title", "maxBytes", "height"]);
  checkInteger(owner, "dimension", dimension, 1, 64);
  if (sigma === undefined || sigma.length === 0 || sigma.length % dimension !== 0) {
    throw new RangeError(
      `${owner}: sigma has ${sigma?.length} numbers, not a positive multiple of dimension ${dimension} (record σ in the run to plot it)`,
    );
  }
  if (names !== undefined && names.length !== dimension) {
    throw new RangeError(`${owner}: names has ${names.length} entries for dimension ${dimension}; they must be equal`);
  }
  const updates = sigma.length / dimension;
  const columns = Array.from({ length: dimension }, (_, i) => Float64Array.from({ length: updates }, (_, t) => sigma[t * dimension + i]));
  return fitBudget(
    owner,
    (maxPoints) => {
      const data = columns.map((c, i) => {
        const s = thin(c, maxPoints);
        return line(`σ of ${names?.[i] ?? `θ${i}`}`, s.x, s.y, colour(i), { hovertemplate: "t = %{x:,.0f}<br>σ = %{y:.4g}" });
      });
      return {
        data,
        layout: {
          ...frameLayout({ title: options.title ?? "σᵢᵗ per parameter against updates", data, height: options.height ?? 420 }),
          xaxis: axis("update t"),
          yaxis: valueAxis("σᵢᵗ", options.logY ?? true),
          hovermode: "closest",
        },
      };
    },
    options.maxBytes,
  );
}
