/**
 * @module calibrate
 * Noise calibration: the smallest noise multiplier z for which the
 * Poisson-subsampled Gaussian (Mironov, Talwar, Zhang 2019) run for `steps`
 * rounds at rate q stays within a target (ε, δ). ε(z) is non-increasing in z,
 * so bisection on z applies: starting from z = 1, the bracket is doubled or
 * halved until ε(lo) > target ≥ ε(hi), then bisected until
 * hi − lo ≤ tolerance·hi (relative, default 1e-6). The answer is `hi`, so it
 * never overshoots the budget.
 */
import { gaussianEpsilon } from './accountant';
import { PrivacyError, PrivacyErrorCode, check } from './errors';
import type { OrderGridName } from './orders';

export interface CalibrateParams {
  epsilon: number;
  delta: number;
  q: number;
  steps: number;
  orders?: OrderGridName | readonly number[];
  /** Relative width of the final bracket (default 1e-6). */
  tolerance?: number;
}

export const DEFAULT_CALIBRATION_TOLERANCE = 1e-6;
/** Search ceiling: a noise multiplier this large means the target is out of reach for practical purposes. */
export const MAX_NOISE_MULTIPLIER = 1e6;

export interface Calibration {
  noiseMultiplier: number;
  /** ε actually reached with `noiseMultiplier` (≤ the target). */
  epsilon: number;
  order: number;
}

export function calibrateNoise(p: CalibrateParams): Calibration {
  const tol = p.tolerance ?? DEFAULT_CALIBRATION_TOLERANCE;
  check(Number.isFinite(p.epsilon) && p.epsilon > 0, `target ε = ${p.epsilon} must be > 0`);
  check(p.delta > 0 && p.delta < 1, `δ = ${p.delta} must be in (0, 1)`);
  check(Number.isFinite(p.q) && p.q > 0 && p.q <= 1, `sampling rate q = ${p.q} must be in (0, 1]`);
  check(Number.isInteger(p.steps) && p.steps >= 1, `steps = ${p.steps} must be an integer ≥ 1`);
  check(tol > 0 && tol < 1, `tolerance ${tol} must be in (0, 1)`);
  const eps = (z: number) => gaussianEpsilon({ q: p.q, noiseMultiplier: z, steps: p.steps, delta: p.delta, orders: p.orders });
  let lo = 1;
  let hi = 1;
  if (eps(1).epsilon > p.epsilon) {
    while (eps(hi).epsilon > p.epsilon) {
      lo = hi;
      hi *= 2;
      if (hi > MAX_NOISE_MULTIPLIER) {
        throw new PrivacyError(PrivacyErrorCode.Unreachable, `no noise multiplier up to ${MAX_NOISE_MULTIPLIER} reaches ε ≤ ${p.epsilon} at δ = ${p.delta}`);
      }
    }
  } else {
    // Halve down to a multiplier that is too small (z → 0 makes ε → ∞, so this ends).
    do {
      hi = lo;
      lo /= 2;
    } while (eps(lo).epsilon <= p.epsilon && lo > 1e-12);
  }
  while (hi - lo > tol * hi) {
    const mid = (lo + hi) / 2;
    if (eps(mid).epsilon > p.epsilon) lo = mid;
    else hi = mid;
  }
  const at = eps(hi);
  return { noiseMultiplier: hi, epsilon: at.epsilon, order: at.order };
}
