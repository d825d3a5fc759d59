/**
 * @module calibrate
 * Noise calibration: the smallest noise for which a mechanism run for
 * `steps` rounds stays within a target (ε, δ) — the noise multiplier z of the
 * Poisson-subsampled Gaussian (Mironov, Talwar, Zhang 2019), or each client's
 * stddev σ of the distributed discrete Gaussian (Kairouz, Liu, Steinke 2021).
 * ε is non-increasing in the noise, so bisection applies: starting from 1,
 * the bracket is doubled or halved until ε(lo) > target ≥ ε(hi), then
 * bisected until hi − lo ≤ tolerance·hi (relative, default 1e-6). The answer
 * is `hi`, so it never overshoots the budget.
 */
import { countAmplitude } from './adaptive-clipping';
import { RdpAccountant, gaussianEpsilon } from './accountant';
import { PrivacyError, PrivacyErrorCode, check } from './errors';
import type { OrderGridName } from './orders';
import type { EpsilonAt } from './rdp-conversion';
import type { DistributedDiscreteGaussian } from './rdp-ddgauss';

export const DEFAULT_CALIBRATION_TOLERANCE = 1e-6;
/** Search ceiling: noise this large means the target is out of reach for practical purposes. */
export const MAX_NOISE_MULTIPLIER = 1e6;

export interface Target {
  epsilon: number;
  delta: number;
  steps: number;
  orders?: OrderGridName | readonly number[];
  /** Relative width of the final bracket (default 1e-6). */
  tolerance?: number;
}

export interface Calibration {
  /** The calibrated noise: z for the Gaussian, the per-client σ for the distributed discrete Gaussian. */
  noise: number;
  /** ε actually reached with `noise` (≤ the target). */
  epsilon: number;
  order: number;
}

function checkTarget(t: Target): number {
  const tol = t.tolerance ?? DEFAULT_CALIBRATION_TOLERANCE;
  check(Number.isFinite(t.epsilon) && t.epsilon > 0, `target ε = ${t.epsilon} must be > 0`);
  check(t.delta > 0 && t.delta < 1, `δ = ${t.delta} must be in (0, 1)`);
  check(Number.isInteger(t.steps) && t.steps >= 1, `steps = ${t.steps} must be an integer ≥ 1`);
  check(tol > 0 && tol < 1, `tolerance ${tol} must be in (0, 1)`);
  return tol;
}

/** Smallest x (to `tol`, relative) with spent(x).epsilon ≤ target, for spent non-increasing in x. */
function smallestWithin(spent: (x: number) => EpsilonAt, target: number, tol: number, what: string): Calibration {
  let lo = 1;
  let hi = 1;
  if (spent(1).epsilon > target) {
    while (spent(hi).epsilon > target) {
      lo = hi;
      hi *= 2;
      if (hi > MAX_NOISE_MULTIPLIER) throw new PrivacyError(PrivacyErrorCode.Unreachable, `no ${what} up to ${MAX_NOISE_MULTIPLIER} reaches ε ≤ ${target}`);
    }
  } else {
    // Halve down to noise that is too small (no noise means ε → ∞, so this ends).
    do {
      hi = lo;
      lo /= 2;
    } while (spent(lo).epsilon <= target && lo > 1e-12);
  }
  while (hi - lo > tol * hi) {
    const mid = (lo + hi) / 2;
    if (spent(mid).epsilon > target) lo = mid;
    else hi = mid;
  }
  const at = spent(hi);
  return { noise: hi, epsilon: at.epsilon, order: at.order };
}

export interface CalibrateGaussian extends Target {
  /** Poisson sampling rate q ∈ (0, 1]. */
  q: number;
}

/** Smallest noise multiplier z of the Poisson-subsampled Gaussian: what `npm run privacy -- calibrate` prints. */
export function calibrateNoise(p: CalibrateGaussian): Calibration {
  const tol = checkTarget(p);
  check(Number.isFinite(p.q) && p.q > 0 && p.q <= 1, `sampling rate q = ${p.q} must be in (0, 1]`);
  return smallestWithin((z) => gaussianEpsilon({ q: p.q, noiseMultiplier: z, steps: p.steps, delta: p.delta, orders: p.orders }), p.epsilon, tol, 'noise multiplier');
}

/**
 * Smallest per-client discrete Gaussian stddev σ (scaled integer domain) for the distributed
 * discrete Gaussian. Calibrate with `clients` = the fewest clients whose noise can reach the sum
 * (the secure-aggregation threshold): dropouts take their noise with them.
 */
export function calibrateDdgNoise(p: Target & Omit<DistributedDiscreteGaussian, 'localStddev' | 'countAmplitude'> & { countStddev?: number }): Calibration {
  const tol = checkTarget(p);
  const { epsilon, delta, steps, orders, tolerance: _t, countStddev, ...mechanism } = p;
  // Adaptive clipping: the count coordinate's amplitude follows σ so that its noise stays σ_b (adaptive-clipping).
  const amplitude = (sigma: number) => (countStddev === undefined ? {} : { countAmplitude: countAmplitude(sigma, p.clients, countStddev) });
  const spent = (sigma: number) =>
    new RdpAccountant(orders).compose({ mechanism: 'distributed-discrete-gaussian', sampling: 'poisson', ...mechanism, localStddev: sigma, ...amplitude(sigma) }, steps).epsilon(delta);
  return smallestWithin(spent, epsilon, tol, 'local stddev');
}
