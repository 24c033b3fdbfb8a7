"use strict";
// Turns nbconvert's page of an executed notebook into a page of the lectures site:
// - plotly.js and the CSS come from one file each next to the pages (SITE_PLOTLY,
//   SITE_CSS) instead of being inlined in every page (1.8 MB and 0.56 MB each time);
// - formulas first: plotly.js is loaded once MathJax has typeset the page, and each
//   figure is drawn when it comes near the view (page-script.js);
// - a <title> from the notebook's heading, lang="en", previous / index / next links and
//   a table of contents;
// - figure ids derived from the notebook and the cell, so two runs give the same bytes;
// - each figure's still picture (still_figures.py puts it inline, in the .ipynb) is a file
//   of its own in SITE_PICTURES, fetched only if the figure is not drawn (no JavaScript)
//   or printed, so the page stays light.
// Rendering is idempotent: a page rendered before (whose neighbours changed since) is
// rendered again from itself.
const fs = require("fs");
const path = require("path");

const SITE_CSS = "notebook.css";
const SITE_PLOTLY = "plotly.min.js";
const SITE_PICTURES = "figures";
/** A figure's still picture inline (still_figures.py): the div's id, the img's other attributes, the data URL's type and data. */
const INLINE_PICTURE = /(<div id="([\w-]+)" class="adaptive-lr-plot"[^>]*>)<img class="adaptive-lr-still"([^>]*?) src="data:(image\/(?:png|jpeg);base64|image\/svg\+xml;charset=utf-8),([^"]*)"/g;
const PICTURE_FILE = new RegExp(`<img class="adaptive-lr-still"[^>]*? src="${SITE_PICTURES}/([\\w.-]+)"`, "g");
const NAV_START = "<!-- lecture navigation -->";
const NAV_END = "<!-- /lecture navigation -->";
const TOC_START = "<!-- contents -->";
const TOC_END = "<!-- /contents -->";
const FOOT_START = "<!-- lecture footer -->";
const FOOT_END = "<!-- /lecture footer -->";
const MATHJAX_CONFIG =
  '<script type="text/x-mathjax-config" data-site>\n' +
  'MathJax.Hub.Config({ "fast-preview": { disabled: true }, menuSettings: { CHTMLpreview: false }, CommonHTML: { linebreaks: { automatic: false } } });\n' +
  "</script>\n";
const RANDOM_FIGURE_ID = /adaptive-lr-plot-[0-9a-f]{16}/g;
const PAGE_SCRIPT = fs.readFileSync(path.join(__dirname, "page-script.js"), "utf8");
const PAGE_CSS = fs.readFileSync(path.join(__dirname, "page.css"), "utf8");

/**
 * @typedef {import("./lecture-info").LectureInfo} LectureInfo
 * @typedef {{ html: string, title: string }} Link
 * @typedef {{ name: string, info: LectureInfo, prev: Link | null, next: Link | null,
 *   figureIds: Map<string, string> }} PageContext
 */

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
}

/**
 * Ids for the figures of an executed notebook: each random id its outputs hold becomes
 * `fig-<notebook>-c<cell>-<n>` (cell numbered from 1 in the executed notebook, n from 1
 * within the cell).
 * @param {{ cells: { outputs?: { data?: Record<string, unknown> }[] }[] }} nb
 * @param {string} name
 */
function figureIds(nb, name) {
  /** @type {Map<string, string>} */
  const ids = new Map();
  const stem = name.replace(/[^\w-]/g, "-");
  nb.cells.forEach((cell, i) => {
    let n = 0;
    for (const output of cell.outputs ?? []) {
      const html = output.data?.["text/html"];
      const text = Array.isArray(html) ? html.join("") : typeof html === "string" ? html : "";
      for (const id of text.match(RANDOM_FIGURE_ID) ?? []) {
        if (!ids.has(id)) ids.set(id, `fig-${stem}-c${i + 1}-${++n}`);
      }
    }
  });
  return ids;
}

/** The CSS nbconvert put in the page's head (the same for every page of one nbconvert). */
function inlineStyles(html) {
  const head = html.slice(0, Math.max(0, html.indexOf("<body")));
  return [...head.matchAll(/<style type="text\/css">\n?([\s\S]*?)<\/style>\n*/g)].map((m) => m[1]).join("\n");
}

/** The site's stylesheet: nbconvert's CSS, then the site's own (page.css). */
function siteCss(nbconvertCss) {
  return `${nbconvertCss}\n/* ---- the lectures site (scripts/lectures/page.css) ---- */\n${PAGE_CSS}`;
}

/** plotly.js inlined by loadPlotly() (html.ts's plotlyScriptHtml), and the line that says so. */
const INLINE_PLOTLY = /<script type="text\/javascript" data-adaptive-lr="plotly\.js">\n[\s\S]*?<\/script>\n?/g;
const PLOTLY_NOTE = /<div class="adaptive-lr-plotly"[^>]*>[^<]*<\/div>\n?/g;

/** The page's h2 headings (sections), as table-of-contents entries. */
function sections(body) {
  return [...body.matchAll(/<h2 id="([^"]+)">([\s\S]*?)<a class="anchor-link"[^>]*>[^<]*<\/a><\/h2>/g)].map((m) => ({ id: m[1], html: m[2] }));
}

/** @param {PageContext} ctx */
function navigation(ctx) {
  const link = (l, rel, arrow) =>
    l
      ? `<a class="${rel}" rel="${rel}" href="${escapeHtml(encodeURI(l.html))}"><span aria-hidden="true">${arrow}</span> ${escapeHtml(l.title)}</a>`
      : `<span class="${rel}"></span>`;
  return `<nav class="lecture-nav" aria-label="Lectures">${link(ctx.prev, "prev", "←")}<a class="index" href="index.html">All lectures</a>${link(ctx.next, "next", "→")}</nav>`;
}

/** The table of contents: one entry per section (h2). */
function contents(body) {
  const entries = sections(body);
  if (entries.length === 0) return "";
  const items = entries.map((e) => `<li><a href="#${escapeHtml(e.id)}">${e.html}</a></li>`).join("\n");
  return `${TOC_START}\n<nav class="toc" aria-label="Contents"><details open><summary>Contents</summary><ol>\n${items}\n</ol></details></nav>\n${TOC_END}\n`;
}

/** `page` without the block from `start` to `end` (and the line break after it). */
function cut(page, start, end) {
  const from = page.indexOf(start), to = page.indexOf(end);
  return from >= 0 && to > from ? page.slice(0, from) + page.slice(to + end.length).replace(/^\n/, "") : page;
}

/**
 * @param {string} html nbconvert's page, or a page rendered before
 * @param {PageContext} ctx
 * @returns {{ html: string, css: string, pictures: Map<string, Buffer> }} the page, the CSS it
 *   had inline ("" if none), and the still pictures it had inline, by file name in SITE_PICTURES
 */
function renderPage(html, ctx) {
  const css = inlineStyles(html);
  /** @type {Map<string, Buffer>} */
  const pictures = new Map();
  let page = html
    .replace(/<style type="text\/css">\n?[\s\S]*?<\/style>\n*/g, (m, offset) => (offset < html.indexOf("<body") ? "" : m))
    .replace(INLINE_PLOTLY, "")
    .replace(PLOTLY_NOTE, "")
    .replace(RANDOM_FIGURE_ID, (id) => ctx.figureIds.get(id) ?? id)
    .replace(INLINE_PICTURE, (_, div, id, attributes, type, data) => {
      const svg = type.startsWith("image/svg");
      const file = `${id}.${svg ? "svg" : type.startsWith("image/png") ? "png" : "jpg"}`;
      pictures.set(file, svg ? Buffer.from(decodeURIComponent(data), "utf8") : Buffer.from(data, "base64"));
      return `${div}<img class="adaptive-lr-still"${attributes} loading="lazy" decoding="async" src="${SITE_PICTURES}/${file}"`;
    })
    .replace(/<html[^>]*>/, '<html lang="en">')
    .replace(/<title>[\s\S]*?<\/title>/, `<title>${escapeHtml(ctx.info.title)}</title>`);
  // The stylesheet link and the page script, put in anew (a page rendered before gets this version's script).
  page = page.replace(/<link rel="stylesheet" href="[^"]*">\n<script data-plotly="[^"]*">\n[\s\S]*?<\/script>\n/, "");
  const assets = `<link rel="stylesheet" href="${SITE_CSS}">\n<script data-plotly="${SITE_PLOTLY}">\n${PAGE_SCRIPT}</script>\n`;
  page = page.replace(/<\/title>\n/, (m) => `${m}${assets}`);
  // MathJax's work halved: no quick preview pass before the real one, and no automatic line
  // breaking (slow on long pages); a display formula wider than a phone scrolls instead (page.css).
  page = page.replace(/<script type="text\/x-mathjax-config" data-site>[\s\S]*?<\/script>\n/, "");
  page = page.replace(/<\/head>/, `${MATHJAX_CONFIG}</head>`);
  // What a previous rendering added comes off first, so rendering again gives the same page.
  page = cut(page, NAV_START, NAV_END);
  page = cut(page, FOOT_START, FOOT_END);
  const bodyTag = /<body[^>]*>\n?/.exec(page);
  if (!bodyTag) throw new Error(`${ctx.name}: no <body> in nbconvert's page`);
  const bodyAt = bodyTag.index + bodyTag[0].length;
  const body = page.slice(bodyAt).replace(/^<main>\n/, "").replace(/\n<\/main>\n(?=<\/body>)/, "\n");
  // The contents go under the notebook's heading (its first h1), else at the top.
  let main = cut(body, TOC_START, TOC_END);
  const h1 = main.indexOf("</h1>");
  const toc = contents(main);
  main = h1 >= 0 ? main.slice(0, h1 + 5) + "\n" + toc + main.slice(h1 + 5).replace(/^\n/, "") : toc + main;
  page =
    page.slice(0, bodyAt) +
    `${NAV_START}\n<header class="lecture-header">${navigation(ctx)}</header>\n${NAV_END}\n` +
    "<main>\n" +
    main.replace(/\n?<\/body>/, `\n</main>\n${FOOT_START}\n<footer class="lecture-footer">${navigation(ctx)}</footer>\n${FOOT_END}\n</body>`);
  return { html: page, css, pictures };
}

module.exports = { renderPage, figureIds, siteCss, inlineStyles, sections, SITE_CSS, SITE_PLOTLY, SITE_PICTURES };

/**
 * Renders every page listed in `entries` (in site order) with its neighbours, writes
 * SITE_CSS and SITE_PLOTLY next to them, and adds each lecture's title, section and
 * summary to its entry. Pages that are not nbconvert's (an unreadable notebook's error
 * page) are left as they are.
 * @param {string} out
 * @param {import("./site").Entry[]} entries
 * @param {{ plotly: string, writeAtomically: (file: string, content: string | Buffer) => void }} assets
 */
function renderPages(out, entries, assets) {
  const { lectureInfo } = require("./lecture-info");
  const pages = [];
  for (const entry of entries) {
    const file = path.join(out, entry.html);
    const ipynb = path.join(out, entry.ipynb);
    if (!fs.existsSync(file) || !fs.existsSync(ipynb)) continue;
    const html = fs.readFileSync(file, "utf8");
    if (!/<body[^>]*>/.test(html)) continue;
    let nb;
    try {
      nb = JSON.parse(fs.readFileSync(ipynb, "utf8"));
    } catch {
      continue;
    }
    Object.assign(entry, lectureInfo(nb, entry.name));
    pages.push({ entry, file, html, ids: figureIds(nb, entry.name) });
  }
  let css = "";
  const write = (name, content) => {
    const file = path.join(out, name);
    if (!fs.existsSync(file) || !fs.readFileSync(file).equals(Buffer.from(content))) assets.writeAtomically(file, content);
  };
  /** Still pictures the pages show: the rest of SITE_PICTURES (a figure gone, a notebook deleted) goes. */
  const shown = new Set();
  pages.forEach((p, i) => {
    const link = (q) => (q ? { html: q.entry.html, title: q.entry.title ?? q.entry.name } : null);
    const info = { title: p.entry.title, titleHtml: p.entry.titleHtml, section: p.entry.section, summary: p.entry.summary };
    const ctx = { name: p.entry.name, info, prev: link(pages[i - 1]), next: link(pages[i + 1]), figureIds: p.ids };
    const rendered = renderPage(p.html, ctx);
    if (rendered.css) css = rendered.css;
    // The pictures first: a page is never there without the files it names.
    if (rendered.pictures.size) fs.mkdirSync(path.join(out, SITE_PICTURES), { recursive: true });
    for (const [name, bytes] of rendered.pictures) write(path.join(SITE_PICTURES, name), bytes);
    for (const m of rendered.html.matchAll(PICTURE_FILE)) shown.add(m[1]);
    if (rendered.html !== p.html) assets.writeAtomically(p.file, rendered.html);
  });
  const folder = path.join(out, SITE_PICTURES);
  if (fs.existsSync(folder)) {
    for (const name of fs.readdirSync(folder)) if (!shown.has(name) && !name.startsWith(".")) fs.rmSync(path.join(folder, name), { force: true });
  }
  if (css) write(SITE_CSS, siteCss(css));
  if (pages.length && fs.existsSync(assets.plotly)) write(SITE_PLOTLY, fs.readFileSync(assets.plotly));
}

module.exports.renderPages = renderPages;
