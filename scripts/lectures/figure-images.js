"use strict";
// A still picture of every figure of an executed notebook, so that it shows where no
// JavaScript runs (GitHub, nbviewer, an untrusted notebook, a PDF): each figure drawn
// once by the same plotly.js bundle the pages use, in one headless Chromium for the
// whole notebook. A 2-D figure is kept as SVG (sharp at any size, in print too) unless
// a bitmap is smaller (a contour map's fills and long paths make large SVG); a 3-D
// figure is WebGL, which only a bitmap keeps. The bitmap is PNG, or JPEG where that is
// less than half the bytes (smooth shading).
//
// Run by execute.py as `node figure-images.js`: a JSON job on stdin
// ({ plotly, figures: [{ data, layout }] }), a JSON answer on stdout
// ({ images: [{ mime, data, width, height } | { error }] } or { error }). Never throws
// past that answer: a figure without a picture keeps its interactive forms.
const fs = require("fs");
const os = require("os");
const path = require("path");

/** Width of the picture in CSS px: a notebook's output column, the printed A4 width (186 mm ≈ 703 px) inside it. */
const IMAGE_WIDTH = 720;
/** Device pixels per CSS px of a PNG: 1 keeps the site within its size goal (1.5 costs 1.6× the bytes). */
const IMAGE_SCALE = 1;
const JPEG_QUALITY = 0.8;
const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];
const CHROMIUM_CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** The Chromium to use: $ADAPTIVE_LR_CHROMIUM, else the first one installed at a usual place; undefined if none. */
function findChromium(env = process.env) {
  if (env.ADAPTIVE_LR_CHROMIUM) return env.ADAPTIVE_LR_CHROMIUM;
  return CHROMIUM_CANDIDATES.find((file) => fs.existsSync(file));
}

/**
 * The figure as its picture is taken: the animation's buttons and slider, which do
 * nothing on paper, left out; the size fixed.
 * @param {{ data: object[], layout: Record<string, any> }} figure
 */
function stillFigure(figure) {
  figure = JSON.parse(JSON.stringify(figure)); // as a notebook holds it (typed arrays as lists)
  const layout = { ...figure.layout, width: IMAGE_WIDTH, height: figure.layout.height ?? 450 };
  delete layout.updatemenus;
  delete layout.sliders;
  return { data: figure.data, layout };
}

/**
 * @typedef {{ mime: "image/png" | "image/jpeg" | "image/svg+xml", data: string, width: number, height: number }} Picture
 *   data: base64 for PNG and JPEG, the SVG's text for SVG; width and height in CSS px
 */

/**
 * Pictures of `figures`, in order: a Picture or `{ error }` for each.
 * @param {{ data: object[], layout: Record<string, any> }[]} figures
 * @param {{ plotly: string, chromium?: string }} options
 * @returns {Promise<(Picture | { error: string })[]>}
 */
async function figureImages(figures, options) {
  if (figures.length === 0) return [];
  const executablePath = options.chromium ?? findChromium();
  if (!executablePath) throw new Error(`no Chromium found (looked at ${CHROMIUM_CANDIDATES.join(", ")}; set ADAPTIVE_LR_CHROMIUM)`);
  if (!fs.existsSync(options.plotly)) throw new Error(`plotly.js bundle missing: ${options.plotly}`);
  const { chromium } = require("playwright-core");
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "adaptive-lr-figures-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await context.newPage();
    // Nothing but the bundle: no network, fonts as on every page of the machine.
    await page.route(/^(?!data:|about:)/, (route) => route.abort());
    await page.setContent('<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff"></body></html>');
    await page.addScriptTag({ path: options.plotly });
    const images = [];
    for (const figure of figures) {
      const still = stillFigure(figure);
      const picture = await page.evaluate(drawAndTake, { figure: still, scale: IMAGE_SCALE, quality: JPEG_QUALITY }).catch((err) => ({ error: String(err && err.message || err).split("\n")[0] }));
      images.push("error" in picture ? picture : { ...picture, width: still.layout.width, height: still.layout.height });
    }
    return images;
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * In the page: draws the figure off-screen as a still plot, takes its PNG, and refuses a
 * blank one (WebGL unavailable gives an empty canvas, not an error).
 * @param {{ figure: { data: object[], layout: Record<string, any> }, scale: number }} job
 */
async function drawAndTake({ figure, scale, quality: JPEG_QUALITY }) {
  const Plotly = /** @type {any} */ (window).Plotly;
  // plotly names the SVG's clip paths and gradients from Math.random: seeded, so that
  // two runs give the same bytes.
  let seed = 0x2545f491;
  Math.random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  const div = document.createElement("div");
  div.style.cssText = `width:${figure.layout.width}px;height:${figure.layout.height}px`;
  document.body.appendChild(div);
  try {
    await Plotly.newPlot(div, figure.data, figure.layout, { staticPlot: true, displayModeBar: false });
    const url = await Plotly.toImage(div, { format: "png", width: figure.layout.width, height: figure.layout.height, scale });
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const ctx = /** @type {CanvasRenderingContext2D} */ (canvas.getContext("2d"));
    ctx.drawImage(img, 0, 0);
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    const first = pixels[0] * 65536 + pixels[1] * 256 + pixels[2];
    let differing = 0;
    for (let i = 0; i < pixels.length; i += 4) if (pixels[i] * 65536 + pixels[i + 1] * 256 + pixels[i + 2] !== first) differing++;
    if (differing < pixels.length / 4 / 1000) throw new Error("the picture came out blank");
    const png = url.slice(url.indexOf(",") + 1);
    // A bitmap: PNG, unless the figure is mostly smooth shading (a contour map's fills, a
    // lit surface), where JPEG at quality 0.8 is less than half the bytes (the rule below), with no loss visible at the size shown.
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    const jpegUrl = canvas.toDataURL("image/jpeg", JPEG_QUALITY);
    const jpeg = jpegUrl.slice(jpegUrl.indexOf(",") + 1);
    const bitmap = jpeg.length * 2 < png.length ? { mime: "image/jpeg", data: jpeg } : { mime: "image/png", data: png };
    const webgl = figure.data.some((t) => /3d$|^surface$|^mesh3d$|^cone$|^streamtube$|^volume$|^isosurface$|gl$/.test(String(/** @type {any} */ (t).type)));
    if (webgl) return bitmap;
    const svgUrl = await Plotly.toImage(div, { format: "svg", width: figure.layout.width, height: figure.layout.height });
    const svg = decodeURIComponent(svgUrl.slice(svgUrl.indexOf(",") + 1));
    return new Blob([svg]).size < (bitmap.data.length * 3) / 4 ? { mime: "image/svg+xml", data: svg } : bitmap;
  } finally {
    Plotly.purge(div);
    div.remove();
  }
}

module.exports = { figureImages, findChromium, stillFigure, IMAGE_WIDTH, IMAGE_SCALE };

if (require.main === module) {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (chunk) => (input += chunk));
  process.stdin.on("end", async () => {
    let answer;
    try {
      const job = JSON.parse(input);
      answer = { images: await figureImages(job.figures, { plotly: job.plotly }) };
    } catch (err) {
      answer = { error: err instanceof Error ? err.message.split("\n")[0] : String(err) };
    }
    process.stdout.write(JSON.stringify(answer));
    process.exitCode = 0;
  });
  // Stopped (Ctrl-C reaches the runner): the browser closes with this process.
  process.on("SIGTERM", () => process.exit(143));
}
