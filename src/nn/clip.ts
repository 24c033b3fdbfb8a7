import { checkNumber } from "../check/options";

/*
 * Gradient clipping, torch.nn.utils's: applied to g between the loss's gradient and
 * optimizer.step(g), so that one huge gradient cannot throw θ far away (the spikes of
 * notebook 3 are what it guards against). The gradients may come as one array or several
 * (one per layer); the norm is over all of them together, as torch's.
 */

type Gradients = Float64Array | readonly Float64Array[];

function arraysOf(owner: string, grads: Gradients): readonly Float64Array[] {
  const list = grads instanceof Float64Array ? [grads] : grads;
  if (!Array.isArray(list) || !list.every((g) => g instanceof Float64Array)) {
    throw new TypeError(`${owner}: grads must be a Float64Array or an array of them`);
  }
  return list;
}

/** ‖g‖ₚ of all the gradients together (p = Infinity: the largest |gᵢ|), as torch's norm of the per-array norms. */
export function gradNorm(grads: Gradients, normType = 2): number {
  const list = arraysOf("gradNorm", grads);
  const p = normType === Infinity ? Infinity : checkNumber("normType", "norm type", normType, { min: 1 });
  if (p === Infinity) return Math.max(0, ...list.map((g) => g.reduce((m, x) => Math.max(m, Math.abs(x)), 0)));
  const norms = list.map((g) => g.reduce((s, x) => s + Math.abs(x) ** p, 0) ** (1 / p));
  return norms.reduce((s, x) => s + x ** p, 0) ** (1 / p);
}

/**
 * torch.nn.utils.clip_grad_norm_: scales every gradient in place by
 * min(1, maxNorm/(‖g‖ + 10⁻⁶)), so that ‖g‖ ≤ maxNorm, keeping its direction.
 * Returns ‖g‖ before clipping (plot it to see when clipping acts).
 */
export function clipGradNorm(grads: Gradients, maxNorm: number, normType = 2): number {
  const list = arraysOf("clipGradNorm", grads);
  checkNumber("maxNorm", "max_norm value", maxNorm, { min: 0 });
  const total = gradNorm(list, normType);
  const scale = Math.min(maxNorm / (total + 1e-6), 1);
  for (const g of list) for (let i = 0; i < g.length; i++) g[i] *= scale;
  return total;
}

/** torch.nn.utils.clip_grad_value_: clamps every gᵢ into [−clipValue, clipValue], in place (the direction may turn). */
export function clipGradValue(grads: Gradients, clipValue: number): void {
  const list = arraysOf("clipGradValue", grads);
  const c = checkNumber("clipValue", "clip_value", clipValue, { min: 0 });
  for (const g of list) for (let i = 0; i < g.length; i++) g[i] = Math.min(Math.max(g[i], -c), c);
}
