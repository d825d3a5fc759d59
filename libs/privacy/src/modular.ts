/**
 * @module modular
 * Integer vectors in Z_{2^b}, the ring secure aggregation sums in (b ≤ 32,
 * so a sum modulo 2^32 reduces to 2^b by masking). Values are centred on
 * decoding: a residue r ≥ 2^(b−1) stands for r − 2^b, so any true sum in
 * [−2^(b−1), 2^(b−1)) decodes exactly (Kairouz, Liu, Steinke, ICML 2021,
 * "modular clipping"). `fit` bounds the chance that it is not.
 */
import { check } from './errors';

function checkBits(bits: number): void {
  check(Number.isInteger(bits) && bits >= 1 && bits <= 32, `modulus bits ${bits} must be an integer in [1, 32]`);
}

/** x mod 2^bits for integer-valued x (|x| < 2^53). */
export function toModular(x: ArrayLike<number>, bits: number): Uint32Array {
  checkBits(bits);
  const m = 2 ** bits;
  const out = new Uint32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    check(Number.isSafeInteger(v), `coordinate ${i} (${v}) is not a safe integer`);
    const r = v % m;
    out[i] = r < 0 ? r + m : r;
  }
  return out;
}

/** acc ← acc + v (mod 2^bits), in place. */
export function addModular(acc: Uint32Array, v: Uint32Array, bits: number): Uint32Array {
  checkBits(bits);
  check(acc.length === v.length, `modular vectors differ in length (${acc.length} vs ${v.length})`);
  const m = 2 ** bits;
  for (let i = 0; i < acc.length; i++) {
    acc[i] = (acc[i] + v[i]) % m;
  }
  return acc;
}

/** The centred representative in [−2^(bits−1), 2^(bits−1)) of each residue (a mod 2^32 sum is reduced first). */
export function fromModular(sum: Uint32Array, bits: number): Float64Array {
  checkBits(bits);
  const m = 2 ** bits;
  const half = m / 2;
  const out = new Float64Array(sum.length);
  for (let i = 0; i < sum.length; i++) {
    const r = sum[i] % m;
    out[i] = r >= half ? r - m : r;
  }
  return out;
}
