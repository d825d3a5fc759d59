/**
 * @module random-bits
 * Uniform integers for the exact samplers, drawn from a byte source: by
 * default the platform CSPRNG (WebCrypto `globalThis.crypto.getRandomValues`,
 * in Node ≥ 19 and every browser, through @fl/fl-core's one byte source;
 * NO_RANDOMNESS where it is missing, never a weaker fallback), or an injected source (a seeded ChaCha20 keystream in
 * tests, and for the per-round rotation signs). Bytes are read in 16 KiB
 * blocks; `below(n)` and `belowBig(n)` reject out-of-range draws, so every
 * value is exactly uniform (no modulo bias).
 */
import { chacha20 } from '@noble/ciphers/chacha';
import { platformByteSource, type ByteSource } from '@fl/fl-core';
import { PrivacyError, PrivacyErrorCode, check } from './errors';

/**
 * `n` fresh random bytes, optionally with `fill` (overwrite a caller's array): @fl/fl-core's
 * `ByteSource`, the same type as the `RandomSource` of @fl/secagg, so one source can serve masking and noise.
 */
export type RandomSource = ByteSource;

/** The platform CSPRNG (@fl/fl-core's byte source), failing with `NO_RANDOMNESS` where it is missing. */
export const platformRandom: RandomSource = platformByteSource({
  missing: () => new PrivacyError(PrivacyErrorCode.NoRandomness, 'globalThis.crypto.getRandomValues is not available'),
});

const BLOCK_WORDS = 4096;
const TWO32 = 2 ** 32;

export class RandomBits {
  private readonly bytes: Uint8Array;
  private readonly words: Uint32Array;
  private pos: number;
  private bitWord = 0;
  private bitsLeft = 0;

  constructor(private readonly source: RandomSource = platformRandom) {
    this.words = new Uint32Array(BLOCK_WORDS);
    this.bytes = new Uint8Array(this.words.buffer);
    this.pos = BLOCK_WORDS;
  }

  private refill(): void {
    if (this.source.fill) this.source.fill(this.bytes);
    else this.bytes.set(this.source(this.bytes.length));
    this.pos = 0;
  }

  /** A uniform 32-bit unsigned integer (platform byte order; every word is uniform either way). */
  u32(): number {
    if (this.pos === BLOCK_WORDS) this.refill();
    return this.words[this.pos++];
  }

  /** One uniform bit. */
  bit(): number {
    if (this.bitsLeft === 0) {
      this.bitWord = this.u32();
      this.bitsLeft = 32;
    }
    const b = this.bitWord & 1;
    this.bitWord >>>= 1;
    this.bitsLeft--;
    return b;
  }

  /** Uniform integer in [0, n) for an integer 1 ≤ n ≤ 2^32. */
  below(n: number): number {
    if (!(Number.isInteger(n) && n >= 1 && n <= TWO32)) throw new RangeError(`below(${n}): n must be an integer in [1, 2^32]`);
    if (n === TWO32) return this.u32();
    // Accept r < limit, the largest multiple of n not above 2^32.
    const limit = TWO32 - (TWO32 % n);
    for (;;) {
      const r = this.u32();
      if (r < limit) return r % n;
    }
  }

  /** Uniform bigint in [0, n) for n ≥ 1. */
  belowBig(n: bigint): bigint {
    if (n < 1n) throw new RangeError(`belowBig(${n}): n must be ≥ 1`);
    if (n <= BigInt(TWO32)) return BigInt(this.below(Number(n)));
    const bits = n.toString(2).length;
    const words = Math.ceil(bits / 32);
    const topMask = bits % 32 === 0 ? 0xffffffff : 2 ** (bits % 32) - 1;
    for (;;) {
      let r = BigInt((this.u32() & topMask) >>> 0);
      for (let i = 1; i < words; i++) r = (r << 32n) | BigInt(this.u32());
      if (r < n) return r;
    }
  }

  /** Uniform float in [0, 1) with 53 random bits (for randomised rounding of real values). */
  unit(): number {
    const hi = this.u32() >>> 5; // 27 bits
    const lo = this.u32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }
}

/**
 * A deterministic byte source: the ChaCha20 keystream (RFC 8439, @noble/ciphers)
 * under a 32-byte key, zero nonce, from block 0. Each call consumes whole
 * 64-byte blocks. Use it for seeded rotations and reproducible tests, never
 * for privacy noise in production.
 */
export function seededRandom(key: Uint8Array): RandomSource {
  check(key instanceof Uint8Array && key.length === 32, 'a seeded source needs a 32-byte key');
  const k = new Uint8Array(key);
  const nonce = new Uint8Array(12);
  let counter = 0;
  const fill = (into: Uint8Array): Uint8Array => {
    const blocks = Math.ceil(into.length / 64);
    const stream = chacha20(k, nonce, new Uint8Array(blocks * 64), undefined, counter);
    into.set(stream.subarray(0, into.length));
    counter += blocks;
    return into;
  };
  return Object.assign((n: number) => fill(new Uint8Array(n)), { fill });
}
