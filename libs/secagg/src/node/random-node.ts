/**
 * @module node/random-node
 * The CSPRNG on Node: `crypto.randomFillSync` (OpenSSL `RAND_bytes`, the same
 * generator behind Node's `getRandomValues`) straight into the output, without
 * `getRandomValues`' 64 KiB-per-call limit or its WebCrypto argument checks.
 * Same contract as `secureRandom`: fresh bytes on every call, never seeded by
 * the caller. Use it for the quantiser's stochastic rounding on Node clients
 * (4 bytes per coordinate), which draws through `fill` into one reused buffer.
 */
import { randomFillSync } from 'node:crypto';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { RandomSource } from '../crypto/random';

export const nodeSecureRandom: RandomSource = Object.assign(
  (n: number): Uint8Array => {
    if (!Number.isInteger(n) || n < 0) throw new SecAggError(SecAggErrorCode.BadPayload, `bad random length ${n}`);
    return randomFillSync(new Uint8Array(n));
  },
  { fill: (into: Uint8Array): Uint8Array => randomFillSync(into) },
);
