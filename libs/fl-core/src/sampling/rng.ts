/**
 * @module sampling/rng
 * Deterministic, seedable PRNG for cohort sampling, shuffling and data
 * partitioning: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator,
 * PractRand-tested, 128-bit state) seeded through splitmix32.
 *
 * **Not cryptographic.** Never use it for keys, masks, nonces or DP noise
 * (libs/secagg/README.md "Cryptography"); those need a CSPRNG or a keyed stream cipher.
 */
import { assertNoProblems, InvalidArgumentError } from '../errors/invalid-argument-error';

export interface Rng {
  /** Uniform float in [0, 1) with 53 random bits. */
  next(): number;
  /** Uniform integer in [0, n), unbiased; n an integer in [1, 2^32]. */
  int(n: number): number;
  /** Uniform unsigned 32-bit integer. */
  uint32(): number;
}

/** splitmix32 step: returns [output, next state]. */
function splitmix32(state: number): [number, number] {
  const s = (state + 0x9e3779b9) | 0;
  let t = s ^ (s >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  t ^= t >>> 15;
  return [t >>> 0, s];
}

const TWO_32 = 2 ** 32;

/**
 * A generator for `seed`, any safe integer (negative allowed). Both 32-bit
 * halves of the seed feed the state, so distinct seeds give distinct streams.
 */
export function createRng(seed: number): Rng {
  assertNoProblems('createRng', Number.isSafeInteger(seed) ? [] : [`seed must be a safe integer (got ${seed})`]);
  const lo = seed >>> 0;
  const hi = Math.floor(seed / TWO_32) >>> 0;
  let s1 = lo;
  let s2 = hi ^ 0x6a09e667;
  let a: number, b: number, c: number, d: number;
  [a, s1] = splitmix32(s1);
  [b, s1] = splitmix32(s1);
  [c, s2] = splitmix32(s2);
  [d, s2] = splitmix32(s2);

  const uint32 = (): number => {
    // sfc32
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 16; i++) uint32(); // warm-up: decorrelate nearby seeds

  return {
    uint32,
    next: () => ((uint32() >>> 5) * 67108864 + (uint32() >>> 6)) / 9007199254740992, // (27 bits·2^26 + 26 bits) / 2^53
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1 || n > TWO_32) throw new InvalidArgumentError('rng.int', [`n must be an integer in [1, 2^32] (got ${n})`]);
      const limit = TWO_32 - (TWO_32 % n); // reject the biased tail
      let x = uint32();
      while (x >= limit) x = uint32();
      return x % n;
    },
  };
}
