/**
 * Explorable figures: a figure of the lecture plus controls (sliders, checkboxes) for the
 * numbers the lecture talks about. The figure itself is an ordinary plotly figure, drawn at
 * the lecture's settings, so every front-end (and a page without JavaScript) shows it as
 * usual; where the page runs scripts, moving a control recomputes the run in the page with
 * the module's own code (src/dist/explore.min.js) and redraws only the traces it changes.
 */
import * as core from "../index";
import * as plot from "../plot/index";
import * as analysis from "../analysis/index";
import * as nn from "../nn/index";
import type { Figure, Trace } from "../plot/figure";
import { plotlyText } from "../plot/text";
import { pickKit, type Kit } from "./kit";
import {
  compileRecompute, decodeConstants, explorationHelpers, checkResult, settingsLine,
  type ControlSpec, type ControlValue, type EncodedSurface, type ExploreKit, type ExploreResult, type ExploreSpec,
} from "./recompute";

/** Options of explorable(): the controls, the constants the run needs, and how to recompute it. */
export interface ExplorableOptions<V extends Record<string, ControlValue>, C> {
  /** One control per value the reader may turn, keyed by the name `compute` reads. */
  readonly controls: { readonly [K in keyof V]: ControlSpec<V[K]> };
  /**
   * Everything else `compute` needs (numbers, strings, arrays, surfaces): it runs in the
   * page, where it sees nothing but its three arguments.
   */
  readonly constants: C;
  /**
   * The run at the controls' values `v`, as trace updates (`m.pathTraces`, `m.seriesTrace`).
   * `m` holds the module's optimizers, schedules, `run` and measures (KIT_NAMES).
   */
  readonly compute: (v: V, c: C, m: ExploreKit) => ExploreResult;
}

/** A figure with controls: show() draws it with them. */
export interface ExplorableFigure extends Figure {
  readonly explore: ExploreSpec;
}

const NAME = /^[A-Za-z_$][\w$]*$/;

function checkControl(name: string, c: ControlSpec): void {
  const where = `explorable: control "${name}"`;
  if (!NAME.test(name)) throw new RangeError(`explorable: Invalid control name ${JSON.stringify(name)} (a name must be an identifier, such as eta)`);
  if (typeof c?.label !== "string" || c.label.trim() === "") throw new TypeError(`${where} needs a label (what it sets, e.g. "learning rate η")`);
  if (typeof c.value === "boolean") return;
  const { min, max, value } = c;
  if (typeof value !== "number" || !Number.isFinite(value)) throw new TypeError(`${where}: value must be a finite number or a boolean, got ${String(value)}`);
  if (typeof min !== "number" || typeof max !== "number" || !(min < max)) {
    throw new RangeError(`${where}: a slider needs min < max, got min = ${String(min)}, max = ${String(max)}`);
  }
  if (value < min || value > max) throw new RangeError(`${where}: value ${value} is outside its range ${min} .. ${max}`);
  if (c.log && !(min > 0)) throw new RangeError(`${where}: a log slider needs min > 0, got ${min}`);
  for (const m of c.marks ?? []) {
    if (typeof m?.label !== "string" || typeof m.value !== "number" || !(m.value >= min && m.value <= max)) {
      throw new RangeError(`${where}: each mark needs a label and a value within ${min} .. ${max}`);
    }
  }
  if (c.steps !== undefined && !(Number.isInteger(c.steps) && c.steps >= 2 && c.steps <= 10_000)) {
    throw new RangeError(`${where}: steps must be an integer in 2 .. 10000, got ${c.steps}`);
  }
}

function isSurface(v: object): v is core.Differentiable {
  const s = v as Partial<core.Differentiable>;
  return typeof s.loss === "function" && typeof s.gradient === "function" && typeof s.dimension === "number";
}

/** A surface's compiled functions as source; checked to give the same numbers when rebuilt. */
function encodeSurface(s: core.Differentiable, key: string): EncodedSurface {
  const f = s as core.Differentiable & Partial<core.Surface>;
  const src = (fn: unknown) => (typeof fn === "function" ? Function.prototype.toString.call(fn) : undefined);
  const encoded: EncodedSurface = {
    $surface: {
      name: f.name, dimension: f.dimension, variables: f.variables, start: f.start, minimum: f.minimum, window: f.window,
      loss: src(f.loss)!, gradient: src(f.gradient)!, lossAndGradient: src(f.lossAndGradient),
    },
  };
  const at = f.start ?? new Array<number>(f.dimension).fill(0.5);
  const rebuilt = decodeConstants(encoded) as core.Differentiable;
  let same: boolean;
  try {
    const g = new Float64Array(f.dimension), h = new Float64Array(f.dimension);
    same = Object.is(rebuilt.loss(at), f.loss(at)) &&
      f.gradient(at, g).every((v, i) => Object.is(v, rebuilt.gradient(at, h)[i]));
  } catch {
    same = false;
  }
  if (!same) {
    throw new TypeError(
      `explorable: constants.${key} is a loss that cannot be sent to the page: only a surface made from a formula ` +
        "(surface(…), convexValley(), crescent(), …) has its loss and gradient as plain JavaScript",
    );
  }
  return encoded;
}

/** Constants as JSON, surfaces as their JavaScript; anything a page cannot get is refused by name. */
function encodeConstants(value: unknown, key: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`explorable: constants.${key} is ${value}; constants must be finite numbers`);
    return value;
  }
  if (ArrayBuffer.isView(value)) return encodeConstants(Array.from(value as unknown as ArrayLike<number>), key);
  if (Array.isArray(value)) return value.map((v, i) => encodeConstants(v, `${key}[${i}]`));
  if (typeof value === "object" && value !== undefined) {
    if (isSurface(value)) return encodeSurface(value, key);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = encodeConstants(v, `${key}.${k}`);
    return out;
  }
  throw new TypeError(`explorable: constants.${key} is a ${typeof value}; constants must be numbers, strings, booleans, arrays, plain objects or surfaces`);
}

let nodeKit: ExploreKit | undefined;
/** The kit as the kernel has it: the same names the page's bundle has. */
function kernelKit(): ExploreKit {
  if (!nodeKit) {
    // At call time: the plot entry point re-exports this file.
    const kit: Kit = pickKit({ ...core, ...plot, ...analysis, ...nn });
    nodeKit = { ...kit, ...explorationHelpers(kit) };
  }
  return nodeKit;
}

/** The updates applied to a copy of the figure's data. */
export function withUpdates(data: readonly Trace[], result: ExploreResult): Trace[] {
  const out = data.slice();
  for (const t of result.traces) {
    const trace = out[t.index];
    if (trace.type !== "scatter") throw new TypeError(`explorable: trace ${t.index} is a ${trace.type}; only scatter traces (paths, lines) are redrawn`);
    out[t.index] = {
      ...trace, x: [...t.x], y: [...t.y],
      ...(t.customdata ? { customdata: [...t.customdata] } : {}),
      ...(t.name !== undefined ? { name: plotlyText(t.name) } : {}),
    };
  }
  return out;
}

/** The values a figure starts from: each control's `value`. */
export function initialValues(controls: Readonly<Record<string, ControlSpec>>): Record<string, ControlValue> {
  return Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
}

/**
 * `figure` with controls: the traces `compute` returns are drawn at the controls' first
 * values (the lecture's settings) and redrawn in the page when the reader moves a control.
 * `compute` is sent to the page as source, so it may use only its arguments (`v`, the
 * controls' values; `c`, the constants; `m`, the module): it is checked here by running it
 * exactly as the page will.
 */
export function explorable<V extends Record<string, ControlValue>, C>(figure: Figure, options: ExplorableOptions<V, C>): ExplorableFigure {
  if (!figure || !Array.isArray(figure.data) || !figure.layout) throw new TypeError("explorable: figure must be a plotly figure from a builder such as contourPlot(…)");
  const { controls, compute } = options ?? ({} as ExplorableOptions<V, C>);
  if (!controls || typeof controls !== "object" || Object.keys(controls).length === 0) {
    throw new TypeError('explorable: give controls, e.g. { eta: { label: "learning rate η", min: 1e-8, max: 1e-5, log: true, value: 1e-7 } }');
  }
  for (const [name, c] of Object.entries(controls)) checkControl(name, c as ControlSpec);
  if (typeof compute !== "function") throw new TypeError("explorable: compute must be a function (v, c, m) => ({ traces, note })");
  const source = Function.prototype.toString.call(compute);
  if (/\[native code\]/.test(source)) throw new TypeError("explorable: compute must be written in the notebook (its source is sent to the page)");
  const spec: ExploreSpec = { controls: controls as Record<string, ControlSpec>, constants: encodeConstants(options.constants ?? {}, "constants"), compute: source };
  let result: ExploreResult;
  try {
    result = compileRecompute(source)(initialValues(spec.controls), decodeConstants(spec.constants), kernelKit());
  } catch (e) {
    const hint = e instanceof ReferenceError
      ? " (compute runs in the page with only its arguments: pass what it needs in constants, and use the module through m, e.g. m.run, m.sgd)"
      : "";
    throw new Error(`explorable: compute failed at the controls' first values: ${(e as Error).message}${hint}`);
  }
  checkResult(result, figure.data.length);
  const title = figure.layout.title.text;
  const settings = plotlyText(settingsLine(spec.controls, kernelKit().fmt));
  return {
    ...figure,
    data: withUpdates(figure.data, result),
    layout: { ...figure.layout, title: { ...figure.layout.title, text: `${title}<br><sup>${settings}</sup>` } },
    explore: { ...spec, note: result.note, title },
  };
}
