/**
 * The notebooks' claim helper: every sentence that states a result is backed by
 * `claim(...)`. It prints ✓ with the figures when the claim holds and throws when it
 * does not, so a notebook whose story stopped being true fails its run and the tests.
 */

import { currentKernel } from "../plot/kernel";
import { fmt } from "./format";

/** MIME type of a claim's record in notebook outputs; `npm start` collects them into site/claims.json. */
export const CLAIM_MIME = "application/vnd.adaptive-lr.claim+json";

export type Figures = Readonly<Record<string, number | string | boolean | bigint>>;

export class ClaimError extends Error {
  override readonly name = "ClaimError";
  constructor(readonly statement: string, readonly figures: Figures) {
    super(`✗ claim does not hold: ${statement}${describeFigures(figures)}`);
  }
}

function describeFigures(figures: Figures): string {
  const parts = Object.entries(figures).map(([k, v]) => `${k} = ${typeof v === "number" ? fmt(v) : String(v)}`);
  return parts.length ? ` — ${parts.join(", ")}` : "";
}

/**
 * Checks a claim made in the notebook's prose. Prints `✓ statement — figures`; throws
 * {@link ClaimError} when `holds` is false. Returns nothing, so that a claim on a cell's
 * last line is not echoed a second time by the kernel.
 */
export function claim(statement: string, holds: boolean, figures: Figures = {}): void {
  if (typeof holds !== "boolean") {
    throw new TypeError(`claim: holds must be a boolean (true or false), got ${typeof holds} for "${statement}"`);
  }
  recordClaim(statement, holds, figures);
  if (!holds) throw new ClaimError(statement, figures);
}

/** What the ledger keeps of a claim: figures become JSON (bigints and non-finite numbers as text). */
export interface ClaimRecord {
  readonly statement: string;
  readonly holds: boolean;
  readonly figures: Readonly<Record<string, number | string | boolean>>;
}

export function claimRecord(statement: string, holds: boolean, figures: Figures): ClaimRecord {
  const json: Record<string, number | string | boolean> = {};
  for (const [k, v] of Object.entries(figures)) {
    json[k] = typeof v === "bigint" || (typeof v === "number" && !Number.isFinite(v)) ? String(v) : v;
  }
  return { statement, holds, figures: json };
}

/**
 * In a kernel, one display_data per claim: the ✓ line as text, and the claim as JSON for
 * the ledger (MIME type CLAIM_MIME; its value may also be a list of records). A failed
 * claim is recorded too, just before it throws. Outside a kernel (tests, scripts) the ✓
 * line goes to the console.
 */
export function recordClaim(statement: string, holds: boolean, figures: Figures): void {
  const line = `${holds ? "✓" : "✗"} ${statement}${describeFigures(figures)}`;
  const write = currentKernel()?.writeBundle;
  if (write) write({ "text/plain": line, [CLAIM_MIME]: claimRecord(statement, holds, figures) });
  else if (holds) console.log(line);
}
