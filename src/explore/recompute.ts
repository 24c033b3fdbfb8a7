/**
 * The part of an explorable figure that runs in both places: in the kernel, to draw the
 * figure at the lecture's settings, and in the page (bundled by scripts/explore/bundle.js),
 * to redraw it when the reader moves a control. Both decode the same constants, compile the
 * same recompute source and call it with the same kit, so the page's numbers are the kernel's.
 * Nothing here may use Node or mathjs: it is bundled for the browser.
 */
import type { Datum } from "../plot/figure";
import type { Kit } from "./kit";

/** A control's value: a number (a slider) or a boolean (a checkbox). */
export type ControlValue = number | boolean;

export interface ControlSpec<T extends ControlValue = ControlValue> {
  /** What the control sets, in the lecture's notation: "learning rate η". */
  readonly label: string;
  /** The value drawn first: the setting the lecture (or the notebook's parameters) used. */
  readonly value: T;
  /** A slider's ends (numbers only). */
  readonly min?: number;
  readonly max?: number;
  /** Slide in powers of ten (for η, which spans decades). Default false. */
  readonly log?: boolean;
  /** Positions along the slider (default 100). */
  readonly steps?: number;
  /** Slider integers only (a number of updates). Default false. */
  readonly integer?: boolean;
  /** Where the lecture's value comes from, shown beside the control: "the lecture's η". */
  readonly lecture?: string;
  /** Values marked on a slider and named beside it, such as 2/λmax. */
  readonly marks?: readonly { readonly value: number; readonly label: string }[];
}

/** One trace redrawn: its index in the figure's data and its new points. */
export interface TraceUpdate {
  readonly index: number;
  readonly x: readonly Datum[];
  readonly y: readonly Datum[];
  readonly customdata?: readonly Datum[];
  /** A new legend name (plain text), when the run's label changes with the controls. */
  readonly name?: string;
}

/** What a recompute function returns: the traces it redraws and a sentence for the reader. */
export interface ExploreResult {
  readonly traces: readonly TraceUpdate[];
  /** What the run did, with its number ("3 spikes", "final loss 2.1e+04"). */
  readonly note?: string;
}

/** Helpers beside the module's names: the trace updates the figure builders' traces take. */
export interface ExploreHelpers {
  /**
   * A run's path on a contour map and its end marker, as contourPlot draws them (the
   * path's trace at `index`, the end marker right after it), thinned to `maxPoints`.
   */
  pathTraces(index: number, path: { readonly theta: ArrayLike<number>; readonly dimension: number }, maxPoints?: number): TraceUpdate[];
  /** A series against its index (or `x`), as linesPlot draws it, thinned to `maxPoints`. */
  seriesTrace(index: number, y: ArrayLike<number>, x?: ArrayLike<number>, maxPoints?: number): TraceUpdate;
}

export type ExploreKit = Kit & ExploreHelpers;

/** Slider positions when a control does not say (0 … 100). */
export const DEFAULT_STEPS = 100;

/** The value at slider position `i` (the page computes the same: scripts/explore/page.js). */
export function valueAt(c: ControlSpec, i: number): number {
  const steps = c.steps ?? DEFAULT_STEPS;
  const min = c.min as number, max = c.max as number;
  const v = c.log
    ? Math.pow(10, Math.log10(min) + (i / steps) * (Math.log10(max) - Math.log10(min)))
    : min + (i / steps) * (max - min);
  return c.integer ? Math.round(v) : v;
}

/** The slider position nearest to `value`. */
export function positionOf(c: ControlSpec, value: number): number {
  const steps = c.steps ?? DEFAULT_STEPS;
  const min = c.min as number, max = c.max as number;
  const f = c.log ? (Math.log10(value) - Math.log10(min)) / (Math.log10(max) - Math.log10(min)) : (value - min) / (max - min);
  return Math.min(steps, Math.max(0, Math.round(f * steps)));
}

/** A control's value in words: a number as fmt writes it, a checkbox on or off. */
export function shownValue(v: ControlValue, fmt: (x: number) => string): string {
  return typeof v === "boolean" ? (v ? "on" : "off") : fmt(v);
}

/**
 * The figure's subtitle: the lecture's settings it is drawn at, so that a static copy (an
 * untrusted notebook, a picture) says them; in the page the controls say them instead.
 */
export function settingsLine(controls: Readonly<Record<string, ControlSpec>>, fmt: (x: number) => string): string {
  const each = Object.entries(controls).map(([, c]) => `${c.label} = ${shownValue(c.value, fmt)}`);
  return `drawn at the lecture's settings: ${each.join(", ")}`;
}

/** Default points per redrawn trace: what a screen shows, and a redraw well under 100 ms. */
export const EXPLORE_MAX_POINTS = 1000;

/** A surface as the page gets it: its numbers, and its compiled loss and gradient as JS source. */
export interface EncodedSurface {
  readonly $surface: {
    readonly name?: string;
    readonly dimension: number;
    readonly variables?: readonly string[];
    readonly start?: readonly number[];
    readonly minimum?: readonly number[];
    readonly window?: readonly (readonly [number, number])[];
    /** `function (p, out) {…}` sources, compiled by the module from the surface's formula. */
    readonly loss: string;
    readonly gradient: string;
    readonly lossAndGradient?: string;
  };
}

/** What the page needs to recompute a figure (JSON). */
export interface ExploreSpec {
  readonly controls: Readonly<Record<string, ControlSpec>>;
  readonly constants: unknown;
  /** The recompute function's source, `(v, c, m) => …`. */
  readonly compute: string;
  /** The note at the lecture's settings. */
  readonly note?: string;
  /** The figure's title without the settings line (plotly text). */
  readonly title?: string;
}

// The module compiles formulas with these two helpers in scope (src/surfaces/compile.ts).
const sq = (x: number): number => x * x;
const cube = (x: number): number => x * x * x;

function compiledFunction<F>(source: string, what: string): F {
  try {
    return new Function("sq", "cube", `"use strict"; return (${source});`)(sq, cube) as F;
  } catch (e) {
    throw new Error(`explorable: the surface's ${what} could not be rebuilt from its source: ${(e as Error).message}`);
  }
}

/** The surface rebuilt from its sources: loss, gradient and lossAndGradient as the module compiled them. */
function decodeSurface(s: EncodedSurface["$surface"]): Record<string, unknown> {
  const loss = compiledFunction<(p: ArrayLike<number>) => number>(s.loss, "loss");
  const gradient = compiledFunction<(p: ArrayLike<number>, out?: Float64Array) => Float64Array>(s.gradient, "gradient");
  const both = s.lossAndGradient === undefined ? undefined : compiledFunction<(p: ArrayLike<number>, out: Float64Array) => number>(s.lossAndGradient, "lossAndGradient");
  return {
    name: s.name, dimension: s.dimension, variables: s.variables, start: s.start, minimum: s.minimum, window: s.window,
    loss, gradient, ...(both ? { lossAndGradient: both } : {}),
  };
}

/** Constants with every encoded surface rebuilt. */
export function decodeConstants(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(decodeConstants);
  if (value !== null && typeof value === "object") {
    const o = value as Record<string, unknown>;
    if ("$surface" in o) return decodeSurface((o as unknown as EncodedSurface).$surface);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) out[k] = decodeConstants(o[k]);
    return out;
  }
  return value;
}

export type Recompute = (v: Record<string, ControlValue>, c: unknown, m: ExploreKit) => ExploreResult;

/** The recompute function from its source, with nothing in scope but its arguments. */
export function compileRecompute(source: string): Recompute {
  return new Function(`"use strict"; return (${source});`)() as Recompute;
}

export function explorationHelpers(kit: Kit): ExploreHelpers {
  return {
    pathTraces(index, path, maxPoints = EXPLORE_MAX_POINTS) {
      const p = kit.thinPath(path.theta, path.dimension, maxPoints);
      const last = p.x.length - 1;
      return [
        { index, x: p.x, y: p.y, customdata: p.index },
        { index: index + 1, x: [p.x[last]], y: [p.y[last]], customdata: [p.index[last]] },
      ];
    },
    seriesTrace(index, y, x, maxPoints = EXPLORE_MAX_POINTS) {
      const s = kit.thin(y, maxPoints, x);
      return { index, x: s.x, y: s.y };
    },
  };
}

/** A result checked for the page: trace indices within the figure, x and y of one length. */
export function checkResult(result: ExploreResult, traces: number): ExploreResult {
  if (!result || !Array.isArray(result.traces)) {
    throw new TypeError("explorable: compute must return { traces: [...], note? }, e.g. { traces: m.pathTraces(1, run) }");
  }
  for (const t of result.traces) {
    if (!Number.isInteger(t.index) || t.index < 0 || t.index >= traces) {
      throw new RangeError(`explorable: a redrawn trace has index ${t.index}; the figure has traces 0 … ${traces - 1}`);
    }
    if (t.x.length !== t.y.length) throw new RangeError(`explorable: trace ${t.index} has ${t.x.length} x and ${t.y.length} y`);
    if (t.name !== undefined && typeof t.name !== "string") throw new TypeError(`explorable: trace ${t.index}'s name must be a string`);
  }
  if (result.note !== undefined && typeof result.note !== "string") throw new TypeError("explorable: note must be a string");
  return result;
}

/** Runs a figure's recompute at `values`, with nothing but the spec and the kit. */
export function recompute(spec: ExploreSpec, values: Record<string, ControlValue>, kit: Kit, traces: number, constants = decodeConstants(spec.constants)): ExploreResult {
  const m: ExploreKit = { ...kit, ...explorationHelpers(kit) };
  return checkResult(compileRecompute(spec.compute)(values, constants, m), traces);
}
