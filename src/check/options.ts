/**
 * Option checking shared by optimizers and schedules: torch-style messages
 * ("Invalid learning rate: -1") that also name the option and its valid range,
 * because a student reading the error should not need the docs to fix it.
 */

/** An interval with open or closed ends, as written in messages: "0 ≤ lr", "0 ≤ beta < 1". */
export interface Interval {
  readonly min?: number;
  readonly max?: number;
  /** true when min itself is not allowed. */
  readonly minOpen?: boolean;
  /** true when max itself is not allowed. */
  readonly maxOpen?: boolean;
  /** Must be a whole number. */
  readonly integer?: boolean;
}

export function describeInterval(option: string, range: Interval): string {
  const lo = range.min === undefined ? "" : `${range.min} ${range.minOpen ? "<" : "≤"} `;
  const hi = range.max === undefined ? "" : ` ${range.maxOpen ? "<" : "≤"} ${range.max}`;
  const kind = range.integer ? "an integer" : "a finite number";
  if (range.min === undefined && range.max === undefined) return `${option} must be ${kind}`;
  return `${option} must be ${kind} with ${lo}${option}${hi}`;
}

function inInterval(value: number, r: Interval): boolean {
  if (!Number.isFinite(value)) return false;
  if (r.integer && !Number.isInteger(value)) return false;
  if (r.min !== undefined && (r.minOpen ? !(value > r.min) : !(value >= r.min))) return false;
  if (r.max !== undefined && (r.maxOpen ? !(value < r.max) : !(value <= r.max))) return false;
  return true;
}

function show(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(", ")}]`;
  return String(value);
}

/**
 * Throws `RangeError("Invalid <label>: <value> (<option> must be … )")` unless value is a
 * number in the interval. `label` is torch's wording ("learning rate", "epsilon value").
 */
export function checkNumber(option: string, label: string, value: unknown, range: Interval): number {
  if (typeof value !== "number" || !inInterval(value, range)) {
    throw new RangeError(`Invalid ${label}: ${show(value)} (${describeInterval(option, range)})`);
  }
  return value;
}

export function checkBoolean(option: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Invalid ${option}: ${show(value)} (${option} must be true or false)`);
  }
  return value;
}

/**
 * For factories whose options have required fields: `stepDecay()` says what it needs
 * instead of "Cannot read properties of undefined".
 */
export function requireOptions<T extends object>(owner: string, options: T | undefined, required: readonly string[], known: readonly string[]): T {
  if (options === undefined || options === null) {
    throw new TypeError(`${owner} needs options { ${required.join(", ")} }; valid options are ${known.join(", ")}`);
  }
  checkKnownOptions(owner, options, known);
  const missing = required.filter((key) => (options as Record<string, unknown>)[key] === undefined);
  if (missing.length > 0) {
    throw new TypeError(`${owner}: missing option${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (required: ${required.join(", ")})`);
  }
  return options;
}

/** Rejects misspelt options (`learningRate` for `lr`), which TypeScript alone misses in plain JS or `any`. */
export function checkKnownOptions(owner: string, options: object | undefined, known: readonly string[]): void {
  if (options === undefined) return;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(`${owner}: options must be an object like { ${known[0]}: … }, got ${show(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      throw new TypeError(`${owner}: unknown option '${key}'; valid options are ${known.join(", ")}`);
    }
  }
}
