/**
 * Progress of a long computation, redrawn in place in one cell output (tslab's
 * newDisplay): a line "label: t = 40,000 / 100,000 (40%) · L = 1.2e4 · 3.1 s" and a
 * live loss curve. Plain HTML and SVG, no script: it shows in every front-end, even
 * in an untrusted notebook. Outside a kernel it does nothing, so code that reports
 * progress also runs in scripts and tests.
 */
import { checkKnownOptions } from "../check/options";
import { currentKernel, type TslabDisplay } from "./kernel";
import { formatNumber } from "./style";
import { escapeHtml } from "./text";
import { thin } from "./thin";

export interface ProgressOptions {
  /** Updates expected in all. */
  total: number;
  label?: string;
  /** Least time between redraws, in ms (default 250): sending is cheap, redrawing is not. */
  everyMs?: number;
  /** Draw the loss passed to update() as a live curve (default true). */
  curve?: boolean;
  /** Log scale for the curve (default true when every loss is > 0). */
  logY?: boolean;
}

export interface Progress {
  /** Records update t and its loss; redraws when `everyMs` has passed. True if it redrew. */
  update(t: number, loss?: number): boolean;
  /** Redraws with the final state. */
  done(): void;
  /** False outside a kernel, where nothing is drawn. */
  readonly live: boolean;
}

const WIDTH = 480;
const HEIGHT = 110;

/** The live curve as an SVG polyline of at most 400 points. */
export function lossCurveSvg(ts: ArrayLike<number>, losses: ArrayLike<number>, total: number, logY: boolean): string {
  if (losses.length < 2) return "";
  const value = (v: number): number => (logY ? Math.log10(v) : v);
  const shown = thin(losses, 400);
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of shown.y) {
    if (v === null || (logY && v <= 0)) continue;
    lo = Math.min(lo, value(v));
    hi = Math.max(hi, value(v));
  }
  if (!(lo <= hi)) return "";
  const span = hi - lo || 1;
  const left = 70;
  const points: string[] = [];
  shown.x.forEach((k, i) => {
    const v = shown.y[i];
    if (v === null || (logY && v <= 0)) return;
    const x = left + ((WIDTH - left - 10) * ts[k]) / Math.max(total, 1);
    const y = 8 + (HEIGHT - 24) * (1 - (value(v) - lo) / span);
    points.push(`${x.toFixed(1)},${y.toFixed(1)}`);
  });
  const top = logY ? 10 ** hi : hi;
  const bottom = logY ? 10 ** lo : lo;
  return (
    `<svg width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="loss so far" ` +
    `style="font:11px sans-serif;display:block">` +
    `<rect x="${left}" y="8" width="${WIDTH - left - 10}" height="${HEIGHT - 24}" fill="none" stroke="#ccc"/>` +
    `<text x="${left - 4}" y="16" text-anchor="end">${escapeHtml(formatNumber(top))}</text>` +
    `<text x="${left - 4}" y="${HEIGHT - 16}" text-anchor="end">${escapeHtml(formatNumber(bottom))}</text>` +
    `<text x="${left}" y="${HEIGHT - 2}">L${logY ? " (log scale)" : ""} against t, 0 … ${escapeHtml(formatNumber(total))}</text>` +
    `<polyline fill="none" stroke="#0072B2" stroke-width="1.5" points="${points.join(" ")}"/></svg>`
  );
}

/**
 * A progress display for a loop of `total` updates. Call `update(t, loss)` every update
 * (cheap: it redraws at most every `everyMs`), then `done()`.
 */
export function progress(options: ProgressOptions): Progress {
  const owner = "progress";
  checkKnownOptions(owner, options, ["total", "label", "everyMs", "curve", "logY"]);
  const { total, label = "progress", everyMs = 250, curve = true } = options;
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`${owner}: Invalid total: ${total} (total must be an integer ≥ 1)`);
  if (!Number.isFinite(everyMs) || everyMs < 0) throw new RangeError(`${owner}: Invalid everyMs: ${everyMs} (everyMs must be a number ≥ 0)`);
  const kernel = currentKernel();
  const display: TslabDisplay | undefined = kernel?.newDisplay();
  const started = Date.now();
  let last = -Infinity;
  let t = 0;
  let loss = NaN;
  // Annotated: TypeScript ≥ 5.7 would infer Float64Array<ArrayBuffer> and refuse the grown copies.
  let ts: Float64Array = new Float64Array(1024);
  let losses: Float64Array = new Float64Array(1024);
  let recorded = 0;
  let allPositive = true;

  const draw = (finished: boolean): void => {
    if (!display) return;
    const seconds = (Date.now() - started) / 1000;
    const share = Math.min(100, (100 * t) / total);
    const parts = [
      `${escapeHtml(label)}: t = ${t.toLocaleString("en-US")} / ${total.toLocaleString("en-US")} (${share.toFixed(share < 10 ? 1 : 0)}%)`,
      Number.isFinite(loss) ? `L = ${escapeHtml(formatNumber(loss))}` : "",
      `${seconds.toFixed(1)} s${finished ? ", done" : ""}`,
    ].filter((p) => p !== "");
    const svg = curve ? lossCurveSvg(ts.subarray(0, recorded), losses.subarray(0, recorded), total, options.logY ?? allPositive) : "";
    display.html(`<div class="adaptive-lr-progress" style="font:13px monospace">${parts.join(" · ")}</div>${svg}`);
  };

  return {
    live: display !== undefined,
    update(step: number, value?: number): boolean {
      t = step;
      if (value !== undefined) {
        loss = value;
        if (curve) {
          if (recorded === ts.length) {
            const grow = (a: Float64Array): Float64Array => {
              const b = new Float64Array(a.length * 2);
              b.set(a);
              return b;
            };
            ts = grow(ts);
            losses = grow(losses);
          }
          ts[recorded] = step;
          losses[recorded] = value;
          recorded++;
          if (!(value > 0)) allPositive = false;
        }
      }
      const now = Date.now();
      if (!display || now - last < everyMs) return false;
      last = now;
      draw(false);
      return true;
    },
    done(): void {
      draw(true);
    },
  };
}
