/**
 * @module adaptive-clipping
 * Adaptive clipping by private quantile estimation (Andrew, Thakkar, McMahan,
 * Ramaswamy, "Differentially Private Learning with Adaptive Clipping",
 * NeurIPS 2021): each client reports b_k = 1 if its update norm is
 * ≤ C (UNclipped); the server forms the noisy fraction
 * b̃ = clamp((Σb_k + N(0, σ_b²))/m, 0, 1) and moves the clip norm
 * geometrically toward the target quantile γ:
 *
 *   C ← C · exp(−η_C · (b̃ − γ)).
 *
 * Most updates clipped (b̃ < γ) ⇒ C grows; few clipped (b̃ > γ) ⇒ C shrinks.
 * Spending part of the budget on the count leaves the update noise at
 * z_Δ = (z⁻² − (2σ_b)⁻²)^(−1/2) for the same total privacy.
 *
 * As in their §3 and the reference implementation (TFF
 * `DifferentiallyPrivateFactory.gaussian_adaptive`, tensorflow_privacy
 * `QuantileEstimatorQuery`), each client contributes b_k − ½ (sensitivity ½
 * under add/remove), the noisy sum gets N(0, σ_b²), and the fraction is
 * normalised by the expected cohort m: b̃ = clamp((Σ(b_k − ½) + noise)/m + ½).
 * The count query and the update query share the sampling, so together they
 * are one Gaussian with 1/z² = 1/z_Δ² + 1/(2σ_b)². Defaults (TFF): initial
 * C = 0.1, γ = 0.5, η = 0.2, σ_b = 0.05·m.
 */
import { check } from './errors';

export interface AdaptiveClipping {
  /** Target unclipped fraction γ ∈ (0, 1) (default 0.5: the median norm). */
  targetUnclipped: number;
  /** Geometric learning rate η_C > 0 (default 0.2). */
  learningRate: number;
}

export const DEFAULT_ADAPTIVE_CLIPPING: AdaptiveClipping = Object.freeze({ targetUnclipped: 0.5, learningRate: 0.2 });
/** TFF's default count noise: σ_b = 0.05 · the expected cohort. */
export const DEFAULT_COUNT_STDDEV_PER_CLIENT = 0.05;

/** b̃ = clamp(X̃/m + ½, 0, 1) for X̃ = Σ(b_k − ½) + noise over the expected cohort m (TFF's estimator). */
export function unclippedFractionFromCentered(noisyCentered: number, expectedCohort: number): number {
  check(Number.isFinite(noisyCentered), `noisy centred count ${noisyCentered} must be finite`);
  check(Number.isFinite(expectedCohort) && expectedCohort > 0, `expected cohort ${expectedCohort} must be > 0`);
  return Math.min(1, Math.max(0, noisyCentered / expectedCohort + 0.5));
}

/**
 * Distributed mode: the integer amplitude a of the count coordinate. A client
 * sends a·(2b − 1) = 2a·(b − ½) plus its N_Z(0, σ²); the sum of n clients'
 * count coordinate, divided by 2a, is Σ(b − ½) with noise stddev √n·σ/(2a),
 * which is ≥ σ_b for n ≥ `clients` when a = ⌊√n·σ/(2σ_b)⌋. 0 when σ is too
 * small for a ≥ 1 (the caller refuses it).
 */
export function countAmplitude(localStddev: number, clients: number, countStddev: number): number {
  check(Number.isFinite(localStddev) && localStddev > 0, `local stddev ${localStddev} must be > 0`);
  check(Number.isInteger(clients) && clients >= 1, `clients = ${clients} must be an integer ≥ 1`);
  check(Number.isFinite(countStddev) && countStddev > 0, `count noise σ_b = ${countStddev} must be > 0`);
  return Math.floor((Math.sqrt(clients) * localStddev) / (2 * countStddev));
}

/** The next clip norm C·exp(−η(b̃ − γ)). */
export function nextClipNorm(clip: number, unclippedFraction: number, p: AdaptiveClipping = DEFAULT_ADAPTIVE_CLIPPING): number {
  check(Number.isFinite(clip) && clip > 0, `clip norm ${clip} must be > 0`);
  check(unclippedFraction >= 0 && unclippedFraction <= 1, `unclipped fraction ${unclippedFraction} must be in [0, 1]`);
  check(p.targetUnclipped > 0 && p.targetUnclipped < 1, `target unclipped fraction ${p.targetUnclipped} must be in (0, 1)`);
  check(Number.isFinite(p.learningRate) && p.learningRate > 0, `learning rate ${p.learningRate} must be > 0`);
  return clip * Math.exp(-p.learningRate * (unclippedFraction - p.targetUnclipped));
}

/** Noise multiplier left for the update when the count gets noise σ_b: (z⁻² − (2σ_b)⁻²)^(−1/2); needs 2σ_b > z (TFF refuses z ≥ 2σ_b). */
export function updateNoiseMultiplier(total: number, countStddev: number): number {
  check(Number.isFinite(total) && total > 0, `noise multiplier ${total} must be > 0`);
  check(Number.isFinite(countStddev) && 2 * countStddev > total, `count noise σ_b = ${countStddev} must exceed z/2 = ${total / 2}`);
  return (total ** -2 - (2 * countStddev) ** -2) ** -0.5;
}
