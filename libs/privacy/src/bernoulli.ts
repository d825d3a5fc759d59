/**
 * @module bernoulli
 * Exact Bernoulli samplers with integer arithmetic only (Canonne, Kamath,
 * Steinke, "The Discrete Gaussian for Differential Privacy", NeurIPS 2020,
 * Algorithm 1):
 * - Bernoulli(n/d): a uniform integer below d, compared with n;
 * - Bernoulli(exp(−γ)) for rational γ = n/d ∈ [0, 1]: K ← 1; while
 *   Bernoulli(γ/K) succeeds, K ← K + 1; output K odd;
 * - for γ > 1: ⌊γ⌋ independent Bernoulli(exp(−1)) must all succeed, then
 *   Bernoulli(exp(−(γ − ⌊γ⌋))).
 * Small parameters stay in exact 32-bit integer arithmetic; larger ones go
 * to bigint. No floating point is involved in any decision.
 */
import { check } from './errors';
import type { RandomBits } from './random-bits';

const TWO32 = 2 ** 32;

/** Bernoulli(n/d) for integers 0 ≤ n ≤ d, 1 ≤ d ≤ 2^32. */
export function bernoulliSmall(n: number, d: number, rng: RandomBits): boolean {
  return rng.below(d) < n;
}

/** Bernoulli(n/d) for bigints 0 ≤ n ≤ d, d ≥ 1. */
export function bernoulliBig(n: bigint, d: bigint, rng: RandomBits): boolean {
  return rng.belowBig(d) < n;
}

/** Bernoulli(exp(−n/d)) for 0 ≤ n ≤ d (Algorithm 1), bigint parameters. */
function expNegUnitBig(n: bigint, d: bigint, rng: RandomBits): boolean {
  let k = 1n;
  while (bernoulliBig(n, d * k, rng)) k++;
  return (k & 1n) === 1n;
}

/** Bernoulli(exp(−n/d)) for 0 ≤ n ≤ d, small integers (falls back to bigint if d·K outgrows 2^32). */
function expNegUnitSmall(n: number, d: number, rng: RandomBits): boolean {
  let k = 1;
  for (;;) {
    const dk = d * k;
    if (dk > TWO32) return (expNegFromK(BigInt(n), BigInt(d), BigInt(k), rng) & 1n) === 1n;
    if (!bernoulliSmall(n, dk, rng)) return (k & 1) === 1;
    k++;
  }
}

/** Continues Algorithm 1's loop from K = k in bigint, returning the final K. */
function expNegFromK(n: bigint, d: bigint, k: bigint, rng: RandomBits): bigint {
  while (bernoulliBig(n, d * k, rng)) k++;
  return k;
}

/** Bernoulli(exp(−1)). */
export const bernoulliExpNegOne = (rng: RandomBits): boolean => expNegUnitSmall(1, 1, rng);

/** Bernoulli(exp(−n/d)) for safe integers n ≥ 0, 1 ≤ d ≤ 2^32. */
export function bernoulliExpNegSmall(n: number, d: number, rng: RandomBits): boolean {
  while (n > d) {
    if (!bernoulliExpNegOne(rng)) return false;
    n -= d;
  }
  return expNegUnitSmall(n, d, rng);
}

/** Bernoulli(exp(−γ)) for a rational γ = n/d ≥ 0 given as bigints. */
export function bernoulliExpNeg(n: bigint, d: bigint, rng: RandomBits): boolean {
  check(n >= 0n && d > 0n, `Bernoulli(exp(−${n}/${d})) needs n ≥ 0 and d > 0`);
  if (n > d) {
    // ⌊γ⌋ trials of Bernoulli(exp(−1)); stop at the first failure.
    const whole = n / d;
    for (let i = 0n; i < whole; i++) if (!bernoulliExpNegOne(rng)) return false;
    n -= whole * d;
  }
  if (d <= BigInt(TWO32)) return expNegUnitSmall(Number(n), Number(d), rng);
  return expNegUnitBig(n, d, rng);
}
