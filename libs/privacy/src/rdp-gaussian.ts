/**
 * @module rdp-gaussian
 * Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar,
 * Zhang, "Rényi Differential Privacy of the Sampled Gaussian Mechanism",
 * arXiv 1908.10530, 2019), add/remove adjacency, for integer and fractional
 * orders, evaluated in log space.
 *
 * For sampling rate q and noise multiplier z (noise σ = z·sensitivity):
 * RDP(α) = log A_α / (α − 1), where for integer α
 *   A_α = Σ_{k=0..α} C(α,k) (1−q)^{α−k} q^k exp((k² − k)/(2z²)),
 * and for fractional α the two-sided series of MTZ with
 * z₀ = z²·log(1/q − 1) + ½ and erfc tails. q = 1 is the plain Gaussian,
 * α/(2z²) (Mironov, CSF 2017); q = 0 releases nothing (0).
 */
import { check } from './errors';
import { logAdd, logErfc, logSub } from './special';

/** Stop the fractional series once both new terms fall below e^−30 of unity (as the reference libraries do). */
const FRAC_CUTOFF = -30;
const MAX_FRAC_TERMS = 1_000_000;

/** log A_α for integer α ≥ 2 and 0 < q < 1. */
export function logAInt(q: number, z: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  let logA = -Infinity;
  let logBinom = 0; // log C(α, 0)
  for (let k = 0; k <= alpha; k++) {
    if (k > 0) logBinom += Math.log(alpha - k + 1) - Math.log(k);
    logA = logAdd(logA, logBinom + k * logQ + (alpha - k) * log1mQ + (k * k - k) / (2 * z * z));
  }
  return logA;
}

/** log A_α for fractional α > 1 and 0 < q < 1 (MTZ's series, the two tails summed separately). */
export function logAFrac(q: number, z: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const z0 = z * z * (Math.log(1 / q - 1)) + 0.5;
  const sqrt2z = Math.SQRT2 * z;
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  // C(α, i) by its recurrence: magnitude in log space, sign separately.
  let logAbsCoef = 0;
  let coefSign = 1;
  for (let i = 0; i < MAX_FRAC_TERMS; i++) {
    if (i > 0) {
      const f = alpha - i + 1;
      logAbsCoef += Math.log(Math.abs(f)) - Math.log(i);
      if (f < 0) coefSign = -coefSign;
    }
    const j = alpha - i;
    const logT0 = logAbsCoef + i * logQ + j * log1mQ;
    const logT1 = logAbsCoef + j * logQ + i * log1mQ;
    const logE0 = Math.log(0.5) + logErfc((i - z0) / sqrt2z);
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / sqrt2z);
    const logS0 = logT0 + (i * i - i) / (2 * z * z) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * z * z) + logE1;
    if (coefSign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < FRAC_CUTOFF) return logAdd(logA0, logA1);
  }
  throw new RangeError(`fractional-order series did not converge (q=${q}, z=${z}, α=${alpha})`);
}

/** RDP at one order for one step of the Poisson-subsampled Gaussian. */
export function poissonGaussianRdpAt(q: number, z: number, alpha: number): number {
  if (q === 0) return 0;
  if (z === 0 || alpha === Infinity) return Infinity;
  if (q === 1) return alpha / (2 * z * z);
  const logA = Number.isInteger(alpha) ? logAInt(q, z, alpha) : logAFrac(q, z, alpha);
  return logA / (alpha - 1);
}

export interface PoissonGaussian {
  /** Poisson sampling rate q ∈ [0, 1]: each client takes part independently with probability q. */
  q: number;
  /** Noise multiplier z ≥ 0: noise stddev divided by the L2 sensitivity. */
  noiseMultiplier: number;
}

export function checkPoissonGaussian(p: PoissonGaussian): void {
  check(Number.isFinite(p.q) && p.q >= 0 && p.q <= 1, `sampling rate q = ${p.q} must be in [0, 1]`);
  check(Number.isFinite(p.noiseMultiplier) && p.noiseMultiplier >= 0, `noise multiplier ${p.noiseMultiplier} must be a finite number ≥ 0`);
}

/** RDP curve of ONE step at each order (compose by adding; T identical steps multiply by T). */
export function poissonGaussianRdp(p: PoissonGaussian, orders: readonly number[]): number[] {
  checkPoissonGaussian(p);
  return orders.map((a) => poissonGaussianRdpAt(p.q, p.noiseMultiplier, a));
}
