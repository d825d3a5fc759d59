/**
 * @module random/platform-random
 * The platform CSPRNG as a byte source, written once: WebCrypto
 * `globalThis.crypto.getRandomValues` (Node ≥ 19 and every browser), called in
 * slices of at most 64 KiB. Where it is missing the source throws the caller's
 * error (`NO_RANDOMNESS` in @fl/secagg and @fl/privacy), never falls back to
 * anything weaker. Secure aggregation's masks and quantisation
 * (docs/secure-aggregation.md) and the exact noise samplers (docs/privacy.md)
 * draw from it.
 *
 * It lives here because fl-core is the lowest platform-free lib both
 * @fl/secagg and @fl/privacy may depend on: it depends on @fl/protocol only,
 * and on neither of them.
 */

/**
 * Returns `n` fresh random bytes. A source may also offer `fill`, which
 * overwrites a caller's array with fresh bytes from the same generator (and
 * returns it): bulk consumers draw into one reused buffer instead of
 * allocating per call. Injected sources (seeded, for tests) have this shape too.
 */
export type ByteSource = ((n: number) => Uint8Array) & { readonly fill?: (into: Uint8Array) => Uint8Array };

/** How a platform byte source reports what it cannot do, in its lib's own errors. */
export interface PlatformByteSourceErrors {
  /** `globalThis.crypto.getRandomValues` is missing. */
  missing(): Error;
  /** `n` is not a length (without it, `new Uint8Array(n)` decides). */
  badLength?(n: number): Error;
}

/** getRandomValues refuses more than 65,536 bytes per call. */
const MAX_CALL = 65536;

type GetRandomValues = <T extends ArrayBufferView>(a: T) => T;

/** The platform CSPRNG, throwing `errors`. */
export function platformByteSource(errors: PlatformByteSourceErrors): ByteSource & { readonly fill: (into: Uint8Array) => Uint8Array } {
  const fill = (out: Uint8Array): Uint8Array => {
    const c = (globalThis as { crypto?: { getRandomValues?: GetRandomValues } }).crypto;
    if (!c || typeof c.getRandomValues !== 'function') throw errors.missing();
    const n = out.length;
    for (let off = 0; off < n; off += MAX_CALL) c.getRandomValues(out.subarray(off, Math.min(n, off + MAX_CALL)));
    return out;
  };
  const { badLength } = errors;
  const bytes = (n: number): Uint8Array => {
    if (badLength && (!Number.isInteger(n) || n < 0)) throw badLength(n);
    return fill(new Uint8Array(n));
  };
  return Object.assign(bytes, { fill });
}
