/**
 * @module bounds/adaptive-bound
 * Adaptive L2 bounds on client updates, computed between rounds from the
 * previous round's update norms (the bound of round t never depends on the
 * updates of round t, so it can be applied as each update arrives):
 *
 * - median multiple: C_{t+1} = m · median(‖Δ_k‖) over the round's updates;
 * - quantile rule (Andrew, Thakkar, McMahan, Ramaswamy, "Differentially
 *   Private Learning with Adaptive Clipping", NeurIPS 2021, Alg. 1): with
 *   b_k = 1 when ‖Δ_k‖ ≤ C_t (an *unclipped* update) and b̃ = Σ b_k / m,
 *   C_{t+1} = C_t · exp(−η_C · (b̃ − γ)), γ the target unclipped fraction.
 *   The paper adds Gaussian noise to Σ b_k for DP; without DP the noise is 0.
 *   Direction: if every update is clipped (b̃ = 0) C grows by e^{η_C·γ}; if
 *   none is, it shrinks by e^{−η_C·(1−γ)}.
 */
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { checkBound } from './l2-norm';

/** The median of `values` (the mean of the two middle values for an even count). @throws InvalidArgumentError when empty or not finite */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new InvalidArgumentError('median', ['no values']);
  if (values.some((v) => !Number.isFinite(v))) throw new InvalidArgumentError('median', ['values must be finite']);
  const s = [...values].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
}

/**
 * m · median(norms); a median of 0 (every update empty) keeps `fallback`.
 * @throws InvalidArgumentError for no norms, a non-finite norm or a multiple that is not positive and finite
 */
export function medianMultipleBound(norms: readonly number[], multiple: number, fallback: number): number {
  checkBound(multiple, 'multiple');
  checkBound(fallback, 'fallback');
  const m = median(norms) * multiple;
  return m > 0 && Number.isFinite(m) ? m : fallback;
}

export interface QuantileStep {
  /** C_t, the bound the round used. */
  bound: number;
  /** Updates with ‖Δ_k‖ ≤ C_t. */
  unclipped: number;
  /** Updates counted (m > 0). */
  count: number;
  /** γ ∈ (0, 1): the target fraction of unclipped updates. */
  targetQuantile: number;
  /** η_C > 0: the geometric learning rate. */
  learningRate: number;
}

/** C_{t+1} = C_t · exp(−η_C · (b̃ − γ)) with b̃ = unclipped / count (Andrew et al. 2021, noise-free). @throws InvalidArgumentError */
export function quantileBound(s: QuantileStep): number {
  const p: string[] = [];
  if (!(Number.isFinite(s.bound) && s.bound > 0)) p.push(`bound must be a positive finite number (got ${s.bound})`);
  if (!Number.isSafeInteger(s.count) || s.count < 1) p.push(`count must be a positive integer (got ${s.count})`);
  if (!Number.isSafeInteger(s.unclipped) || s.unclipped < 0 || s.unclipped > s.count) p.push(`unclipped must be an integer in [0, count] (got ${s.unclipped})`);
  if (!(s.targetQuantile > 0 && s.targetQuantile < 1)) p.push(`targetQuantile must be in (0, 1) (got ${s.targetQuantile})`);
  if (!(Number.isFinite(s.learningRate) && s.learningRate > 0)) p.push(`learningRate must be a positive finite number (got ${s.learningRate})`);
  if (p.length) throw new InvalidArgumentError('quantileBound', p);
  const b = s.unclipped / s.count;
  return s.bound * Math.exp(-s.learningRate * (b - s.targetQuantile));
}
