/**
 * Results as a table in a notebook: a sweep's η, final loss, distance left, and
 * "diverged at update 35" where a run blew up. Numbers use the prose format of
 * `fmt`, so a table and the claims beside it print a figure the same way, except
 * integers below 10⁷, which are counts and are shown exactly (fmt would round 84832).
 */
import { fmt } from "../check/format";
import { escapeHtml } from "./text";

/** One cell: numbers are formatted and right-aligned; text is shown as written. */
export type TableCell = string | number;

export interface TableOptions {
  /** Shown above the table. */
  readonly caption?: string;
  /** Significant digits of numbers (default 4, as `fmt`). */
  readonly digits?: number;
}

function checkShape(headers: readonly string[], rows: readonly (readonly TableCell[])[], digits: number): void {
  if (headers.length === 0) throw new RangeError("table: headers must name at least one column");
  rows.forEach((row, r) => {
    if (row.length !== headers.length) {
      throw new RangeError(`table: row ${r} has ${row.length} cells but there are ${headers.length} headers (${headers.join(", ")})`);
    }
  });
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new RangeError(`table: Invalid digits: ${digits} (digits must be an integer with 1 ≤ digits ≤ 17)`);
  }
}

/** Counts (an update number, a number of runs) stay exact; other numbers get `digits` significant digits. */
function text(cell: TableCell, digits: number): string {
  if (typeof cell !== "number") return cell;
  return Number.isInteger(cell) && Math.abs(cell) < 1e7 ? String(cell) : fmt(cell, digits);
}

/** An HTML table (for `tslab.display.html`); every header, caption and cell is escaped. */
export function tableHtml(headers: readonly string[], rows: readonly (readonly TableCell[])[], options: TableOptions = {}): string {
  const digits = options.digits ?? 4;
  checkShape(headers, rows, digits);
  const align = (cell: TableCell): string => (typeof cell === "number" ? "right" : "left");
  const head = headers.map((h) => `<th style="text-align:center">${escapeHtml(h)}</th>`).join("");
  const body = rows
    .map((row) => `<tr>${row.map((c) => `<td style="text-align:${align(c)}">${escapeHtml(text(c, digits))}</td>`).join("")}</tr>`)
    .join("\n");
  const caption = options.caption === undefined ? "" : `<caption style="caption-side:top">${escapeHtml(options.caption)}</caption>\n`;
  return (
    `<table class="adaptive-lr-table" style="font-variant-numeric:tabular-nums">\n${caption}` +
    `<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`
  );
}

/** The same table as aligned plain text (for `console.log`, logs and tests). */
export function tableText(headers: readonly string[], rows: readonly (readonly TableCell[])[], options: TableOptions = {}): string {
  const digits = options.digits ?? 4;
  checkShape(headers, rows, digits);
  const cells = rows.map((row) => row.map((c) => text(c, digits)));
  const width = headers.map((h, j) => Math.max(h.length, ...cells.map((row) => row[j].length)));
  const line = (row: readonly string[], numeric: (j: number) => boolean): string =>
    row.map((c, j) => (numeric(j) ? c.padStart(width[j]) : c.padEnd(width[j]))).join("  ").trimEnd();
  const lines = [
    line(headers, () => false),
    width.map((w) => "-".repeat(w)).join("  "),
    ...cells.map((row, r) => line(row, (j) => typeof rows[r][j] === "number")),
  ];
  return (options.caption === undefined ? "" : `${options.caption}\n`) + lines.join("\n");
}
