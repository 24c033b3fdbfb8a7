/**
 * Spikes in a run: the lecture's Adagrad "explosion", where one step suddenly becomes
 * far longer than the steps around it, sprays out of the valley and comes back.
 *
 * The rule, stated once so notebooks can quote it: the step θᵗ → θᵗ⁺¹ is spiking when
 * its length ‖θᵗ⁺¹ − θᵗ‖ is more than `factor` (100) times the baseline, the `quantile`
 * (10th percentile) of the lengths of the `window` (1000) steps before it (of all the
 * steps before it early in a run; a step with fewer than `minHistory` (100) before it is
 * not judged), and longer than `minStep`. Spiking steps at most `gap` (100) steps apart
 * are one spike.
 * The baseline is a low quantile, not a mean or even the median, because late in a run
 * Adagrad may spend close to half its steps in or on the way into a spike: the
 * 10th percentile still measures the quiet steps. It is trailing, so a step is judged
 * only by the past, as it happens.
 */
import { checkKnownOptions, checkNumber } from "../check/options";
import type { Path } from "../run/trajectory";

export interface SpikeOptions {
  /** How many previous steps the baseline looks at. Default 1000. */
  readonly window?: number;
  /** Steps with fewer steps than this before them are not judged (too little history). Default 100. */
  readonly minHistory?: number;
  /** A step longer than factor × the baseline is spiking. Default 100. */
  readonly factor?: number;
  /** Which quantile of the window is the baseline (0.5 is the median). Default 0.1. */
  readonly quantile?: number;
  /** Spiking steps at most this many steps apart belong to the same spike. Default 100. */
  readonly gap?: number;
  /**
   * Steps no longer than this never spike, so round-off jitter of a run that has stopped
   * moving (baseline ≈ 0) is not mistaken for a spike. Default 0.
   */
  readonly minStep?: number;
}

/** One spike: a stretch of spiking steps. Step t goes from θᵗ to θᵗ⁺¹. */
export interface Spike {
  /** First spiking step t. */
  readonly start: number;
  /** Last spiking step t (inclusive). */
  readonly end: number;
  /** The longest step t of the spike: θᵖᵉᵃᵏ⁺¹ is where it lands. */
  readonly peak: number;
  /** ‖θᵖᵉᵃᵏ⁺¹ − θᵖᵉᵃᵏ‖. */
  readonly length: number;
  /** The baseline (running quantile of step lengths) when the peak step was taken. */
  readonly baseline: number;
  /** length / baseline. */
  readonly ratio: number;
}

/** Step lengths ‖θᵗ⁺¹ − θᵗ‖ for t = 0 … points−2. */
export function stepLengths(path: Path): Float64Array {
  const { theta, dimension: n } = path;
  checkNumber("dimension", "dimension", n, { min: 1, integer: true });
  if (theta.length % n !== 0) {
    throw new RangeError(`stepLengths: theta's length ${theta.length} is not a multiple of dimension ${n}`);
  }
  const steps = Math.max(0, theta.length / n - 1);
  const out = new Float64Array(steps);
  for (let t = 0; t < steps; t++) {
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const d = theta[(t + 1) * n + i] - theta[t * n + i];
      sq += d * d;
    }
    if (!Number.isFinite(sq)) {
      throw new RangeError(`stepLengths: step ${t} (θ${t} → θ${t + 1}) is not finite; a diverged run has no spikes to count`);
    }
    out[t] = Math.sqrt(sq);
  }
  return out;
}

/** First index ≥ lo in sorted[lo, hi) whose value is ≥ v. */
function lowerBound(sorted: Float64Array, hi: number, v: number): number {
  let lo = 0;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * For each t, the q-quantile (linear interpolation; q = 0.5 is the median) of the values
 * just before t: the last `window` of them, or all of them while fewer came before;
 * NaN while fewer than `minCount` came before. One sorted window slides along, so
 * 100,000 values with a window of 1000 take milliseconds.
 */
export function trailingQuantile(values: ArrayLike<number>, window: number, q = 0.5, minCount: number = window): Float64Array {
  checkNumber("window", "window", window, { min: 1, integer: true });
  checkNumber("q", "quantile", q, { min: 0, max: 1 });
  checkNumber("minCount", "minCount", minCount, { min: 1, max: window, integer: true });
  const n = values.length;
  const out = new Float64Array(n).fill(NaN);
  const sorted = new Float64Array(window);
  let size = 0;
  for (let t = 0; t < n; t++) {
    if (size >= minCount) {
      const position = q * (size - 1);
      const below = Math.floor(position);
      const above = Math.min(below + 1, size - 1);
      out[t] = sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
    if (size === window) {
      const at = lowerBound(sorted, size, values[t - window]);
      sorted.copyWithin(at, at + 1, size);
      size--;
    }
    const v = values[t];
    if (!Number.isFinite(v)) throw new RangeError(`trailingQuantile: values[${t}] is ${v} (every value must be finite)`);
    const at = lowerBound(sorted, size, v);
    sorted.copyWithin(at + 1, at, size);
    sorted[at] = v;
    size++;
  }
  return out;
}

interface Resolved {
  readonly window: number;
  readonly minHistory: number;
  readonly factor: number;
  readonly quantile: number;
  readonly gap: number;
  readonly minStep: number;
}

function resolve(owner: string, options: SpikeOptions): Resolved {
  checkKnownOptions(owner, options, ["window", "minHistory", "factor", "quantile", "gap", "minStep"]);
  const window = checkNumber("window", "window", options.window ?? 1000, { min: 1, integer: true });
  return {
    window,
    minHistory: checkNumber("minHistory", "minHistory", options.minHistory ?? Math.min(100, window), { min: 1, max: window, integer: true }),
    factor: checkNumber("factor", "factor", options.factor ?? 100, { min: 1 }),
    quantile: checkNumber("quantile", "quantile", options.quantile ?? 0.1, { min: 0, max: 1 }),
    gap: checkNumber("gap", "gap", options.gap ?? 100, { min: 1, integer: true }),
    minStep: checkNumber("minStep", "minStep", options.minStep ?? 0, { min: 0 }),
  };
}

/** Step lengths, their baselines and ratios: what the rule looks at, for plots. */
export interface StepRatios {
  /** ‖θᵗ⁺¹ − θᵗ‖ for every step t. */
  readonly steps: Float64Array;
  /** The baseline of step t (NaN for the first `minHistory` steps, which are never judged). */
  readonly baseline: Float64Array;
  /** steps / baseline: a step spikes when this exceeds `factor` (and it is longer than `minStep`). */
  readonly ratio: Float64Array;
  /** The `factor` used. */
  readonly factor: number;
}

/** Every step's length compared with its baseline, by the rule at the top of this file. */
export function stepRatios(path: Path, options: SpikeOptions = {}): StepRatios {
  const o = resolve("stepRatios", options);
  return ratios(path, o);
}

function ratios(path: Path, o: Resolved): StepRatios {
  const steps = stepLengths(path);
  const baseline = trailingQuantile(steps, o.window, o.quantile, o.minHistory);
  const ratio = new Float64Array(steps.length);
  for (let t = 0; t < steps.length; t++) ratio[t] = steps[t] / baseline[t];
  return { steps, baseline, ratio, factor: o.factor };
}

/** The spikes of a run, by the rule at the top of this file, in order. */
export function detectSpikes(path: Path, options: SpikeOptions = {}): Spike[] {
  const o = resolve("detectSpikes", options);
  const { steps, baseline } = ratios(path, o);
  const spikes: Spike[] = [];
  let open: { start: number; end: number; peak: number } | undefined;
  const close = (): void => {
    if (!open) return;
    const length = steps[open.peak];
    spikes.push({ ...open, length, baseline: baseline[open.peak], ratio: length / baseline[open.peak] });
    open = undefined;
  };
  for (let t = o.minHistory; t < steps.length; t++) {
    // Written so that a zero baseline still needs a step longer than minStep.
    if (!(steps[t] > o.minStep && steps[t] > o.factor * baseline[t])) continue;
    if (open && t - open.end > o.gap) close();
    if (!open) open = { start: t, end: t, peak: t };
    open.end = t;
    if (steps[t] > steps[open.peak]) open.peak = t;
  }
  close();
  return spikes;
}
