/**
 * Text is text. Titles, names and labels come from notebooks (a surface's name, a
 * run's label) and must appear exactly as written: plotly reads a small HTML subset
 * in its strings (<b>, <br>, <a href>), and our HTML output is parsed by the page.
 */

/** For plotly text attributes: plotly turns these entities back into the characters. */
export function plotlyText(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** For HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/**
 * JSON that is safe inside an HTML <script> element: no "</script>", "<!--" or "-->"
 * can close or confuse the element, because <, > and & are written as \u escapes
 * (JSON and JavaScript read them back as the same characters).
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
