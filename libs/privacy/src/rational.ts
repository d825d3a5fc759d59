/**
 * @module rational
 * Exact non-negative rationals as bigint pairs, for the discrete Gaussian's
 * σ² (Canonne, Kamath, Steinke, NeurIPS 2020, work with rational parameters
 * so sampling needs no floating point). A JavaScript number is a dyadic
 * rational, so `rational(x)` converts it exactly.
 */
import { check } from './errors';

export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** num/den in lowest terms; den > 0, num ≥ 0. */
export function ratio(num: bigint, den: bigint): Rational {
  check(den > 0n && num >= 0n, `rational ${num}/${den} must have num ≥ 0 and den > 0`);
  const g = gcd(num, den) || 1n;
  return { num: num / g, den: den / g };
}

/** The exact value of a finite number x ≥ 0 (or a Rational passed through). */
export function rational(x: number | Rational): Rational {
  if (typeof x !== 'number') return ratio(x.num, x.den);
  check(Number.isFinite(x) && x >= 0, `${x} must be a finite number ≥ 0`);
  let den = 1n;
  let v = x;
  // Doubling is exact in binary floating point; at most 1074 steps reach an integer.
  while (!Number.isInteger(v)) {
    v *= 2;
    den *= 2n;
  }
  return ratio(BigInt(v), den);
}

/** ⌊√x⌋ for a bigint x ≥ 0: Newton's iteration on integers, started above the root. */
export function isqrt(x: bigint): bigint {
  check(x >= 0n, `isqrt of negative ${x}`);
  if (x < 2n) return x;
  const est = Math.sqrt(Number(x));
  let r = Number.isFinite(est) ? BigInt(Math.ceil(est)) + 1n : x;
  for (;;) {
    const next = (r + x / r) >> 1n;
    if (next >= r) return r;
    r = next;
  }
}
