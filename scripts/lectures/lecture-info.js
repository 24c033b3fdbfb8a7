"use strict";
// What the site says about a lecture, read from its notebook: the title (the first "# "
// heading), the lecture section (the "**Lecture points.**" paragraph) and a one-line
// summary (`metadata.lecture.summary`, else the first sentence of "**What you will see.**").

/**
 * @typedef {{ title: string, titleHtml: string, section: string, summary: string }} LectureInfo
 * @typedef {{ cells: { cell_type: string, source: string | string[] }[], metadata?: { lecture?: { summary?: string, section?: string } } }} NotebookJson
 */

const GREEK = {
  alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", eta: "η", theta: "θ", lambda: "λ", mu: "μ",
  pi: "π", rho: "ρ", sigma: "σ", tau: "τ", phi: "φ", nabla: "∇", Delta: "Δ", Sigma: "Σ", cdot: "·", pm: "±",
  times: "×", infty: "∞", le: "≤", ge: "≥", neq: "≠", approx: "≈", to: "→", sqrt: "√", lVert: "‖", rVert: "‖",
};
const SUPERSCRIPT = { 0: "⁰", 1: "¹", 2: "²", 3: "³", 4: "⁴", 5: "⁵", 6: "⁶", 7: "⁷", 8: "⁸", 9: "⁹", "+": "⁺", "-": "⁻", t: "ᵗ", i: "ⁱ", n: "ⁿ", T: "ᵀ" };
const SUBSCRIPT = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", "+": "₊", "-": "₋", i: "ᵢ", t: "ₜ" };

const text = (source) => (Array.isArray(source) ? source.join("") : String(source ?? ""));

/** `$\theta^{t+1} = \frac{\eta^t}{\sigma^t}$` as plain text, θᵗ⁺¹ = ηᵗ/σᵗ, for a <title> or a link. */
function plainTex(tex) {
  const scripts = (body, map, mark) =>
    [...body].every((c) => map[c] !== undefined) ? [...body].map((c) => map[c]).join("") : `${mark}${body}`;
  return tex
    .replace(/\\frac\{([^{}]*)\}\{([^{}]*)\}/g, "$1/$2")
    .replace(/\\[,;!]|\\(?:left|right|mathrm|text|operatorname)\b/g, "")
    .replace(/\\([A-Za-z]+)/g, (m, name) => GREEK[name] ?? name)
    .replace(/\^\{([^{}]*)\}|\^(.)/g, (m, a, b) => scripts(a ?? b, SUPERSCRIPT, "^"))
    .replace(/_\{([^{}]*)\}|_(.)/g, (m, a, b) => scripts(a ?? b, SUBSCRIPT, "_"))
    .replace(/[{}]/g, "")
    .replace(/-/g, "−")
    .replace(/\s+/g, " ")
    .trim();
}

/** Markdown text with its formulas made plain and its emphasis dropped. */
function plainMarkdown(md) {
  return md
    .replace(/\$\$?([^$]+)\$\$?/g, (m, tex) => plainTex(tex))
    .replace(/\*\*|__|`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\s+/g, " ")
    .trim();
}

/** The paragraph that starts with the bold label `**label**`, without the label, or "". */
function labelled(markdown, label) {
  const at = markdown.indexOf(`**${label}**`);
  if (at < 0) return "";
  const rest = markdown.slice(at + label.length + 4);
  return rest.split(/\n\s*\n|\n\*\*/)[0].trim();
}

/** @param {NotebookJson} nb @param {string} name @returns {LectureInfo} */
function lectureInfo(nb, name) {
  const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map((c) => text(c.source)).join("\n\n");
  const heading = /^#[ \t]+(.+)$/m.exec(markdown)?.[1].trim() ?? name;
  const points = labelled(markdown, "Lecture points.");
  const section = nb.metadata?.lecture?.section ?? /^Section \d+(?:, points? [\d–-]+)?/.exec(points)?.[0] ?? "";
  const seen = plainMarkdown(labelled(markdown, "What you will see."));
  const summary = nb.metadata?.lecture?.summary ?? (/^.+?[.!?](?=\s|$)/.exec(seen)?.[0] ?? seen);
  return { title: plainMarkdown(heading), titleHtml: heading, section, summary };
}

/** "12 seconds", "1 minute 5 seconds", "under a second". */
function durationInWords(seconds) {
  if (!(seconds >= 1)) return "under a second";
  const s = Math.round(seconds);
  const minutes = Math.floor(s / 60), rest = s % 60;
  const part = (n, unit) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  if (minutes === 0) return part(rest, "second");
  return rest === 0 ? part(minutes, "minute") : `${part(minutes, "minute")} ${part(rest, "second")}`;
}

module.exports = { lectureInfo, plainTex, plainMarkdown, durationInWords };
