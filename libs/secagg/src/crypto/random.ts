/**
 * @module crypto/random
 * The CSPRNG: `globalThis.crypto.getRandomValues` (WebCrypto, present in Node ≥ 19
 * and every browser), like tweetnacl. Throws `NO_RANDOMNESS` where it is missing
 * instead of falling back to anything weaker. Callers may inject their own
 * `RandomSource` (deterministic tests), never `Math.random`.
 */
import { SecAggError, SecAggErrorCode } from '../errors';

/**
 * Returns `n` fresh random bytes. A source may also offer `fill`, which
 * overwrites a caller's array with fresh random bytes from the same generator
 * (and returns it): bulk consumers such as the quantiser then draw into one
 * reused buffer instead of allocating per call.
 */
export type RandomSource = ((n: number) => Uint8Array) & { readonly fill?: (into: Uint8Array) => Uint8Array };

/** getRandomValues refuses more than 65,536 bytes per call. */
const MAX_CALL = 65536;

function fillRandom(out: Uint8Array): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: <T extends ArrayBufferView>(a: T) => T } }).crypto;
  if (!c || typeof c.getRandomValues !== 'function') {
    throw new SecAggError(SecAggErrorCode.NoRandomness, 'globalThis.crypto.getRandomValues is not available');
  }
  const n = out.length;
  for (let off = 0; off < n; off += MAX_CALL) c.getRandomValues(out.subarray(off, Math.min(n, off + MAX_CALL)));
  return out;
}

export const secureRandom: RandomSource = Object.assign(
  (n: number): Uint8Array => {
    if (!Number.isInteger(n) || n < 0) throw new SecAggError(SecAggErrorCode.BadPayload, `bad random length ${n}`);
    return fillRandom(new Uint8Array(n));
  },
  { fill: fillRandom },
);
