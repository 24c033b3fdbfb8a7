/**
 * Talking to the tslab kernel this module runs in. tslab exists only inside the kernel,
 * so it is looked up lazily. The copy that counts is the one running the kernel; a
 * second copy resolved from here (another node_modules) would have no cell to write to.
 */
import { dirname, join } from "node:path";

export interface TslabDisplay {
  html(s: string): void;
  text(s: string): void;
}

interface TslabPublic {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
}

/** tslab's internal hook that sends a display_data (or update_display_data) message. */
type WriteDisplayData = (
  content: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

interface TslabJupyter {
  lastWriteDisplayData: WriteDisplayData | null;
}

export interface Kernel {
  display: TslabDisplay;
  newDisplay(): TslabDisplay;
  /**
   * Sends one display_data with several MIME types, so each front-end picks what it
   * renders best; undefined if this tslab version hides the hook.
   */
  writeBundle?: (data: Record<string, unknown>) => void;
}

const NOT_IN_KERNEL =
  "show() draws figures in a notebook running the tslab kernel; outside one, " +
  "use figureHtml(figure) after plotlyScriptHtml(), or pageHtml([figure]) for a whole page";

/**
 * tslab's jupyter module as loaded by the running kernel, found in Node's module cache
 * (so nothing is loaded outside a kernel), with its hook set by the executing cell.
 */
function runningJupyterModule(): { file: string; jupyter: TslabJupyter } | undefined {
  for (const [file, mod] of Object.entries(require.cache)) {
    if (!mod || !/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(file)) continue;
    const jupyter = mod.exports as TslabJupyter;
    if (typeof jupyter.lastWriteDisplayData === "function") return { file, jupyter };
  }
  return undefined;
}

/** The running tslab kernel, or undefined when not inside one. */
export function currentKernel(): Kernel | undefined {
  const running = runningJupyterModule();
  if (!running) return undefined;
  // The public API of the same tslab copy: its display functions write to the same hook.
  const tslab = require(join(dirname(running.file), "public.js")) as TslabPublic;
  const write = running.jupyter.lastWriteDisplayData;
  return {
    display: tslab.display,
    newDisplay: () => tslab.newDisplay(),
    writeBundle: write ? (data) => write({ data, metadata: {}, transient: {} }, false) : undefined,
  };
}

export function requireKernel(): Kernel {
  const kernel = currentKernel();
  if (!kernel) throw new Error(NOT_IN_KERNEL);
  return kernel;
}
