/**
 * Lines a reader can see: every line at least 3:1 against what it is drawn on (WCAG's
 * contrast for graphics), the white plot background or, on a contour map, the map's
 * darkest fill. A colour below that is darkened, keeping its hue, just enough; `show`
 * applies it to every figure, so colours chosen in a notebook are covered too.
 */
import type { Figure } from "./figure";

/** WCAG 2's least contrast for graphical objects. */
export const MIN_CONTRAST = 3;

type Rgb = [number, number, number];

function parseHex(color: string): Rgb | undefined {
  const m = /^#([0-9a-f]{6}|[0-9a-f]{3})$/i.exec(color.trim());
  if (!m) return undefined;
  const h = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as Rgb;
}

function toHex(rgb: Rgb): string {
  return "#" + rgb.map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("").toUpperCase();
}

/** WCAG relative luminance of "#rrggbb" (or "#rgb"); undefined for any other notation. */
export function luminance(color: string): number | undefined {
  const rgb = parseHex(color);
  if (!rgb) return undefined;
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two "#rrggbb" colours, from 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a), lb = luminance(b);
  if (la === undefined || lb === undefined) throw new RangeError(`contrastRatio: colours must be "#rrggbb", got ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** `color` drawn at `opacity` over `background`: what the eye sees. */
export function blend(color: string, background: string, opacity: number): string {
  const c = parseHex(color), b = parseHex(background);
  if (!c || !b) throw new RangeError(`blend: colours must be "#rrggbb", got ${JSON.stringify(color)} and ${JSON.stringify(background)}`);
  return toHex(c.map((v, i) => opacity * v + (1 - opacity) * b[i]) as Rgb);
}

/**
 * `color`, darkened towards black in steps of 2% until, drawn at `opacity` (a faint
 * path), it stands `min`:1 against `background`; other notations unchanged.
 */
export function legible(color: string, background: string, min = MIN_CONTRAST, opacity = 1): string {
  const rgb = parseHex(color);
  const seen = (c: string) => contrastRatio(opacity < 1 ? blend(c, background, opacity) : c, background);
  if (!rgb || luminance(background) === undefined || seen(color) >= min) return color;
  for (let k = 0.98; k > 0; k -= 0.02) {
    const darker = toHex(rgb.map((v) => v * k) as Rgb);
    if (seen(darker) >= min) return darker;
  }
  return "#000000";
}

type Loose = Record<string, unknown>;

/** The colour a contour map's darkest fill has, or undefined. */
function darkestFill(contour: Loose): string | undefined {
  const scale = contour.colorscale;
  if (!Array.isArray(scale)) return undefined;
  let darkest: string | undefined;
  for (const stop of scale) {
    const color = Array.isArray(stop) ? String(stop[1]) : "";
    const l = luminance(color);
    if (l !== undefined && (darkest === undefined || l < (luminance(darkest) as number))) darkest = color;
  }
  return darkest;
}

/**
 * Every line of `figure` made at least MIN_CONTRAST against its background, in place;
 * returns the figure. A 2-D line (a scatter trace drawn with lines) against its plot's
 * background or the contour map under it; a 3-D line (scatter3d), lifted onto the surface,
 * against the surface's darkest colour (or the scene's background when there is no surface).
 */
export function withContrast<F extends Figure>(figure: F): F {
  const traces = figure.data as unknown as Loose[];
  const layout = figure.layout as unknown as Loose;
  const plain = typeof layout.plot_bgcolor === "string" ? layout.plot_bgcolor : "#ffffff";
  // Axes drawn over others (overlaying) put their lines on the base axes' background.
  const base = (ref: string): string => {
    const axis = layout[ref.replace(/^([xy])/, "$1axis")] as Loose | undefined;
    return typeof axis?.overlaying === "string" ? axis.overlaying : ref;
  };
  const axes = (t: Loose) => `${base((t.xaxis as string | undefined) ?? "x")}${base((t.yaxis as string | undefined) ?? "y")}`;
  const under = new Map<string, string>();
  for (const t of traces) {
    if (t.type !== "contour") continue;
    const fill = darkestFill(t);
    if (fill) under.set(axes(t), fill);
  }
  // 3-D: the surface a line lies on, else the scene's background (white unless set).
  const scene = layout.scene as Loose | undefined;
  const sceneBackground = typeof scene?.bgcolor === "string" ? scene.bgcolor : "#ffffff";
  const surface = traces.find((t) => t.type === "surface");
  const under3d = (surface && darkestFill(surface)) ?? sceneBackground;
  for (const t of traces) {
    const flat = t.type === "scatter";
    if (!(flat || t.type === "scatter3d") || typeof t.mode !== "string" || !t.mode.includes("lines")) continue;
    const line = t.line as Loose | undefined;
    if (!line || typeof line.color !== "string") continue;
    const opacity = typeof t.opacity === "number" ? t.opacity : 1;
    line.color = legible(line.color, flat ? (under.get(axes(t)) ?? plain) : under3d, MIN_CONTRAST, opacity);
  }
  return figure;
}
