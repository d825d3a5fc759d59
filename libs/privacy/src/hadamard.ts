/**
 * @module hadamard
 * The randomised Hadamard rotation of the distributed DP chain (Kairouz, Liu,
 * Steinke, ICML 2021, §4.2; Suresh et al., "Distributed Mean Estimation with
 * Limited Communication", ICML 2017): pad to d = 2^k, flip signs with a
 * ±1 diagonal D drawn from a per-round seed, then apply the normalised
 * Walsh–Hadamard matrix H/√d. The map is orthogonal (norms are preserved)
 * and spreads the signal evenly, so every coordinate of a vector of norm c is
 * c²/d-subgaussian over the signs. Every client of a round uses the same seed
 * so the server can invert the rotation on the sum: x = D·(H/√d)·y.
 */
import { check } from './errors';
import { RandomBits, seededRandom } from './random-bits';

/** Smallest power of two ≥ max(n, 1). */
export function paddedDim(n: number): number {
  check(Number.isInteger(n) && n >= 0 && n <= 2 ** 30, `vector length ${n} must be an integer in [0, 2^30]`);
  let d = 1;
  while (d < n) d *= 2;
  return d;
}

/** In-place unnormalised fast Walsh–Hadamard transform (length a power of two). */
export function fwht(x: Float64Array): Float64Array {
  const n = x.length;
  check(n > 0 && (n & (n - 1)) === 0, `Hadamard length ${n} must be a power of two`);
  for (let h = 1; h < n; h *= 2) {
    for (let i = 0; i < n; i += 2 * h) {
      for (let j = i; j < i + h; j++) {
        const a = x[j];
        const b = x[j + h];
        x[j] = a + b;
        x[j + h] = a - b;
      }
    }
  }
  return x;
}

/** The ±1 diagonal for `dim` coordinates from a 32-byte round seed (ChaCha20 keystream bits). */
export function rotationSigns(seed: Uint8Array, dim: number): Int8Array {
  const bits = new RandomBits(seededRandom(seed));
  const signs = new Int8Array(dim);
  for (let i = 0; i < dim; i++) signs[i] = bits.bit() === 1 ? -1 : 1;
  return signs;
}

/** y = (H/√d)·D·pad(x), with d = paddedDim(x.length). */
export function rotate(x: ArrayLike<number>, seed: Uint8Array): Float64Array {
  const d = paddedDim(x.length);
  const signs = rotationSigns(seed, d);
  const y = new Float64Array(d);
  for (let i = 0; i < x.length; i++) y[i] = x[i] * signs[i];
  fwht(y);
  const norm = 1 / Math.sqrt(d);
  for (let i = 0; i < d; i++) y[i] *= norm;
  return y;
}

/** The inverse of `rotate`: the first `length` coordinates of D·(H/√d)·y. */
export function unrotate(y: ArrayLike<number>, seed: Uint8Array, length: number): Float64Array {
  const d = y.length;
  check(d === paddedDim(length), `rotated length ${d} does not match the original length ${length}`);
  const signs = rotationSigns(seed, d);
  const x = Float64Array.from(y);
  fwht(x);
  const norm = 1 / Math.sqrt(d);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = x[i] * norm * signs[i];
  return out;
}
