/**
 * @module fit
 * Does the noisy sum fit the modulus? In the scaled integer domain each
 * coordinate of the released sum is signal + rounding error + noise:
 * - signal: the rotated sum of n clipped updates, ‖Σx‖ ≤ n·c·s, so each
 *   coordinate is (n·c·s)²/d-subgaussian over the rotation signs (Hoeffding;
 *   Kairouz, Liu, Steinke, ICML 2021, §4.2 and Lemma 29 with ρ = 1);
 * - rounding: per client a mean-zero error in an interval of length 1,
 *   ¼-subgaussian (Hoeffding's lemma);
 * - noise: per client N_Z(0, σ²), which is σ²-subgaussian (Canonne, Kamath,
 *   Steinke, NeurIPS 2020).
 * Summed, a coordinate is v-subgaussian with v = (n·c·s)²/d + n·(¼ + σ²), so
 * P[|X| ≥ 2^(b−1)] ≤ 2·exp(−4^(b−1)/(2v)), and a union bound over the d
 * coordinates gives the round's overflow probability. `checkFit` refuses a
 * configuration above the allowed probability; `chooseBits` picks the
 * smallest b ≤ 32 that fits. (The conditional rounding check only discards
 * draws, which the analysis treats as independent; it changes the rounding
 * tails by at most a factor 1/(1 − β).)
 */
import { logAdd } from './special';
import { PrivacyError, PrivacyErrorCode, check } from './errors';

/** Default allowed chance that any coordinate of a round's sum wraps around. */
export const DEFAULT_MAX_OVERFLOW_PROBABILITY = 1e-9;

export interface FitParams {
  /** Most clients whose vectors are summed (the cohort cap, not the threshold). */
  clients: number;
  /** Dimension d after padding. */
  dim: number;
  /** L2 clip norm before scaling. */
  clip: number;
  /** Scale s applied before rounding. */
  scale: number;
  /** Each client's discrete Gaussian stddev in the scaled integer domain. */
  localStddev: number;
  /** Adaptive clipping's count coordinate: each client adds ±a (+ its noise) to one more coordinate. */
  countAmplitude?: number;
}

function checkFitParams(p: FitParams): void {
  check(Number.isInteger(p.clients) && p.clients >= 1, `clients = ${p.clients} must be an integer ≥ 1`);
  check(Number.isInteger(p.dim) && p.dim >= 1, `dim = ${p.dim} must be an integer ≥ 1`);
  check(Number.isFinite(p.clip) && p.clip > 0, `clip ${p.clip} must be > 0`);
  check(Number.isFinite(p.scale) && p.scale > 0, `scale ${p.scale} must be > 0`);
  check(Number.isFinite(p.localStddev) && p.localStddev >= 0, `local stddev ${p.localStddev} must be ≥ 0`);
}

/** The subgaussian variance proxy v of one coordinate of the sum. */
export function sumVarianceProxy(p: FitParams): number {
  checkFitParams(p);
  const signal = p.clients * p.clip * p.scale;
  return (signal * signal) / p.dim + p.clients * (0.25 + p.localStddev * p.localStddev);
}

/** log of the union-bound probability that some coordinate leaves [−2^(b−1), 2^(b−1)). */
export function logOverflowProbability(p: FitParams, bits: number): number {
  check(Number.isInteger(bits) && bits >= 1 && bits <= 32, `bits ${bits} must be an integer in [1, 32]`);
  const v = sumVarianceProxy(p);
  const half = 2 ** (bits - 1);
  let logP = Math.log(2 * p.dim) - (half * half) / (2 * v);
  if (p.countAmplitude) {
    // The count coordinate: |Σ ±a| ≤ n·a, plus n σ²-subgaussian noise terms (no rounding: it is an integer).
    const room = half - p.clients * p.countAmplitude;
    const vc = p.clients * p.localStddev * p.localStddev;
    logP = room <= 0 ? 0 : logAdd(logP, vc === 0 ? -Infinity : Math.LN2 - (room * room) / (2 * vc));
  }
  return Math.min(0, logP);
}

export const overflowProbability = (p: FitParams, bits: number): number => Math.exp(logOverflowProbability(p, bits));

/** Throws MODULUS_TOO_SMALL unless the overflow probability at `bits` is ≤ `maxProbability`. */
export function checkFit(p: FitParams, bits: number, maxProbability = DEFAULT_MAX_OVERFLOW_PROBABILITY): void {
  check(maxProbability > 0 && maxProbability < 1, `allowed overflow probability ${maxProbability} must be in (0, 1)`);
  const logP = logOverflowProbability(p, bits);
  if (logP > Math.log(maxProbability)) {
    const need = bitsNeeded(p, maxProbability);
    throw new PrivacyError(
      PrivacyErrorCode.ModulusTooSmall,
      `a ${bits}-bit modulus overflows with probability ${Math.exp(logP).toPrecision(3)} > ${maxProbability} ` +
        `(n = ${p.clients}, d = ${p.dim}, clip·scale = ${p.clip * p.scale}, σ = ${p.localStddev}); ` +
        (need === undefined ? 'no modulus up to 32 bits fits: lower the scale, the cohort or the noise' : `it needs at least ${need} bits`),
    );
  }
}

function bitsNeeded(p: FitParams, maxProbability: number): number | undefined {
  for (let b = 1; b <= 32; b++) if (logOverflowProbability(p, b) <= Math.log(maxProbability)) return b;
  return undefined;
}

/** Smallest b ≤ 32 whose overflow probability is ≤ `maxProbability`, or MODULUS_TOO_SMALL. */
export function chooseBits(p: FitParams, maxProbability = DEFAULT_MAX_OVERFLOW_PROBABILITY): number {
  check(maxProbability > 0 && maxProbability < 1, `allowed overflow probability ${maxProbability} must be in (0, 1)`);
  const b = bitsNeeded(p, maxProbability);
  if (b === undefined) checkFit(p, 32, maxProbability);
  return b as number;
}
