/**
 * @module crypto/random
 * The CSPRNG: `globalThis.crypto.getRandomValues` (WebCrypto, present in Node ≥ 19
 * and every browser), like tweetnacl, through @fl/fl-core's one platform byte
 * source. Throws `NO_RANDOMNESS` where it is missing instead of falling back to
 * anything weaker. Callers may inject their own `RandomSource` (deterministic
 * tests), never `Math.random`.
 */
import { platformByteSource, type ByteSource } from '@fl/fl-core';
import { SecAggError, SecAggErrorCode } from '../errors';

/**
 * Returns `n` fresh random bytes, optionally with `fill` (overwrite a caller's
 * array, e.g. the quantiser's one reused buffer): @fl/fl-core's `ByteSource`.
 */
export type RandomSource = ByteSource;

export const secureRandom: RandomSource = platformByteSource({
  missing: () => new SecAggError(SecAggErrorCode.NoRandomness, 'globalThis.crypto.getRandomValues is not available'),
  badLength: (n) => new SecAggError(SecAggErrorCode.BadPayload, `bad random length ${n}`),
});
