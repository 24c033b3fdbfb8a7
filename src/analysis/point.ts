import { fmt } from "../check/format";
import { checkKnownOptions, checkNumber } from "../check/options";
import { asymmetry, DEFAULT_DIFFERENCE_STEP, hessianByDifferences, symmetrize } from "./differences";
import { symmetricEigen } from "./eigen";
import { checkPoint, normalizeModel, type AnalysisModel, type FunctionModel, type HessianFunction, type HessianModel } from "./model";

/** The shape of the loss around a point, from the signs of the Hessian's eigenvalues. */
export type CurvatureKind = "local minimum" | "local maximum" | "saddle point" | "flat";

/**
 * What a point is: a critical point of some curvature, or no critical point at all (‖g‖ at
 * or above the gradient threshold), where the eigenvalues' signs name no kind of point.
 */
export type PointKind = CurvatureKind | "not a critical point";

/** The course homework's (HW2-2) three possible answers. */
export type HomeworkAnswer = "local minima like" | "saddle point" | "none of the above";

/** The homework's thresholds (LECTURE.md §1). */
export const HOMEWORK_GRADIENT_THRESHOLD = 1e-3;
export const HOMEWORK_RATIO_THRESHOLD = 0.5;

export interface AnalyzeOptions {
  /**
   * Where H comes from: "model" (its exact `hessian`), "differences" (central differences
   * of the exact gradient, error estimated), or a function writing another matrix (e.g. a
   * Gauss–Newton approximation) into a row-major buffer. Default: "model" when the model has
   * a Hessian, else "differences".
   */
  readonly hessian?: "model" | "differences" | HessianFunction;
  /** Relative step of the differences (default 1e-5). */
  readonly step?: number;
  /**
   * |λ| ≤ zeroTolerance · max|λ| (or ≤ the Hessian's estimated error, if larger) counts as
   * zero, neither positive nor negative. Default 1e-6. At a critical point of a network
   * every rescaling symmetry gives an exact zero eigenvalue whose computed sign is round-off.
   */
  readonly zeroTolerance?: number;
  /** The homework's ‖g‖ threshold (default 1e-3). */
  readonly gradientThreshold?: number;
  /** The homework's minimum-ratio threshold (default 0.5): above it, "local minima like". */
  readonly ratioThreshold?: number;
}

export interface PointAnalysis {
  readonly theta: Float64Array;
  readonly loss: number;
  readonly gradient: Float64Array;
  /** ‖g‖ = ‖∇L(θ)‖. */
  readonly gradNorm: number;
  readonly dimension: number;
  /** The symmetrised matrix that was analysed, row-major. */
  readonly hessian: Float64Array;
  readonly hessianSource: "exact" | "differences" | "given";
  /**
   * Estimated error of the matrix as a bound on how far any eigenvalue may be off
   * (Frobenius norm of the estimated error, or the asymmetry if larger); 0 for an exact Hessian.
   */
  readonly hessianError: number;
  /** Largest |Hᵢⱼ − Hⱼᵢ| before symmetrising. */
  readonly asymmetry: number;
  /** asymmetry within round-off (exact) or within the estimated error (differences). */
  readonly symmetric: boolean;
  /** Ascending. */
  readonly eigenvalues: Float64Array;
  /** Unit eigenvectors, eigenvectors[k] for eigenvalues[k]. */
  readonly eigenvectors: Float64Array[];
  /** Eigenvalues with |λ| ≤ zeroThreshold count as zero. */
  readonly zeroThreshold: number;
  readonly counts: { readonly positive: number; readonly negative: number; readonly zero: number };
  /** Share of positive eigenvalues (the lecture's "minimum ratio"). */
  readonly minimumRatio: number;
  /** "not a critical point" when ‖g‖ ≥ gradientThreshold; else the curvature's verdict. */
  readonly kind: PointKind;
  /** The verdict of the eigenvalues' signs alone, whatever ‖g‖ is. */
  readonly curvature: CurvatureKind;
  /** Some eigenvalues are zero: the second-order test alone cannot settle the kind. */
  readonly degenerate: boolean;
  /** The homework's answer from ‖g‖ and the minimum ratio. */
  readonly homework: HomeworkAnswer;
  /** One line for printing. */
  readonly summary: string;
}

/** The homework's rule: ‖g‖ < 1e-3 and ratio > 0.5 → minima like; ‖g‖ < 1e-3 → saddle; else neither. */
export function homeworkAnswer(
  gradNorm: number,
  minimumRatio: number,
  gradientThreshold = HOMEWORK_GRADIENT_THRESHOLD,
  ratioThreshold = HOMEWORK_RATIO_THRESHOLD,
): HomeworkAnswer {
  checkNumber("gradNorm", "gradient norm", gradNorm, { min: 0 });
  checkNumber("minimumRatio", "minimum ratio", minimumRatio, { min: 0, max: 1 });
  if (!(gradNorm < gradientThreshold)) return "none of the above";
  return minimumRatio > ratioThreshold ? "local minima like" : "saddle point";
}

export function pointKind(counts: PointAnalysis["counts"]): CurvatureKind {
  if (counts.negative > 0 && counts.positive > 0) return "saddle point";
  if (counts.negative > 0) return "local maximum";
  if (counts.positive > 0) return "local minimum";
  return "flat";
}

/**
 * Everything the lecture asks about a point θ in one call: ‖g‖, the Hessian (exact or by
 * differences of exact gradients, symmetry checked), its eigenvalues (mathjs), the
 * minimum ratio, the kind of point and the homework's answer.
 *
 *   analyzePoint({ f: ([x, y]) => x*x - y*y, gradient: ([x, y]) => [2*x, -2*y] }, [0, 0])
 *   // → kind "saddle point", minimumRatio 0.5, homework "saddle point"
 */
export function analyzePoint(model: FunctionModel, theta: ArrayLike<number>, options?: AnalyzeOptions): PointAnalysis;
export function analyzePoint(model: HessianModel, theta: ArrayLike<number>, options?: AnalyzeOptions): PointAnalysis;
export function analyzePoint(model: AnalysisModel, theta: ArrayLike<number>, options: AnalyzeOptions = {}): PointAnalysis {
  const owner = "analyzePoint";
  checkKnownOptions(owner, options, ["hessian", "step", "zeroTolerance", "gradientThreshold", "ratioThreshold"]);
  const p = checkPoint(owner, "theta", theta);
  const n = p.length;
  const m = normalizeModel(owner, model, n);
  const step = checkNumber("step", "difference step", options.step ?? DEFAULT_DIFFERENCE_STEP, { min: 0, minOpen: true, max: 1, maxOpen: true });
  const zeroTolerance = checkNumber("zeroTolerance", "zero tolerance", options.zeroTolerance ?? 1e-6, { min: 0, max: 1, maxOpen: true });
  const gradientThreshold = checkNumber("gradientThreshold", "gradient threshold", options.gradientThreshold ?? HOMEWORK_GRADIENT_THRESHOLD, { min: 0, minOpen: true });
  const ratioThreshold = checkNumber("ratioThreshold", "ratio threshold", options.ratioThreshold ?? HOMEWORK_RATIO_THRESHOLD, { min: 0, max: 1 });

  const loss = m.loss(p);
  const gradient = m.gradient(p, new Float64Array(n)).slice();
  let gradNorm = 0;
  for (const gi of gradient) gradNorm += gi * gi;
  gradNorm = Math.sqrt(gradNorm);
  if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) throw new RangeError(`${owner}: the loss (${loss}) or the gradient is not finite at theta`);

  const choice = options.hessian ?? (m.hessian ? "model" : "differences");
  let hessian: Float64Array;
  let hessianSource: PointAnalysis["hessianSource"];
  let hessianError = 0;
  if (choice === "model") {
    if (!m.hessian) throw new TypeError(`${owner}: hessian "model" asked for, but the model has no hessian; use "differences"`);
    hessian = m.hessian(p, new Float64Array(n * n)).slice();
    hessianSource = "exact";
  } else if (choice === "differences") {
    const d = hessianByDifferences(m.gradient, p, step);
    hessian = d.hessian;
    hessianError = d.frobeniusError;
    hessianSource = "differences";
  } else if (typeof choice === "function") {
    hessian = choice(p, new Float64Array(n * n)).slice();
    hessianSource = "given";
  } else {
    throw new TypeError(`${owner}: Invalid hessian: ${String(choice)} (hessian must be "model", "differences" or a function)`);
  }
  if (hessian.length !== n * n || hessian.some((v) => !Number.isFinite(v))) {
    throw new RangeError(`${owner}: the Hessian must hold ${n * n} finite numbers`);
  }
  let maxAbs = 0;
  for (const v of hessian) maxAbs = Math.max(maxAbs, Math.abs(v));
  const skew = asymmetry(hessian, n);
  // Exact formulas add the same terms in different orders: allow a few ulps per entry.
  const symmetric = skew <= Math.max(1e-12 * maxAbs, 2 * hessianError, Number.MIN_VALUE);
  // An asymmetric estimate is at least that far from the true (symmetric) Hessian.
  if (hessianSource === "differences") hessianError = Math.max(hessianError, skew);
  symmetrize(hessian, n);

  const { values, vectors } = symmetricEigen(hessian, n);
  const largest = Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
  const zeroThreshold = Math.max(zeroTolerance * largest, hessianError);
  const counts = { positive: 0, negative: 0, zero: 0 };
  for (const v of values) {
    if (v > zeroThreshold) counts.positive++;
    else if (v < -zeroThreshold) counts.negative++;
    else counts.zero++;
  }
  const minimumRatio = counts.positive / n;
  const curvature = pointKind(counts);
  const kind: PointKind = gradNorm < gradientThreshold ? curvature : "not a critical point";
  const homework = homeworkAnswer(gradNorm, minimumRatio, gradientThreshold, ratioThreshold);
  const summary =
    `‖g‖ = ${fmt(gradNorm)}, L = ${fmt(loss)}; ${n} eigenvalues of the ${hessianSource} Hessian: ` +
    `${counts.positive} > 0, ${counts.negative} < 0, ${counts.zero} ≈ 0 (|λ| ≤ ${fmt(zeroThreshold)}); ` +
    `minimum ratio ${fmt(minimumRatio)} → ${kind}` +
    `${kind === curvature ? (counts.zero > 0 && kind !== "flat" ? " (degenerate)" : "") : ` (curvature: ${curvature})`}; homework: ${homework}`;
  return {
    theta: p, loss, gradient, gradNorm, dimension: n,
    hessian, hessianSource, hessianError, asymmetry: skew, symmetric,
    eigenvalues: values, eigenvectors: vectors, zeroThreshold, counts, minimumRatio, kind, curvature,
    degenerate: counts.zero > 0, homework, summary,
  };
}
