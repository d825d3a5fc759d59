/**
 * @module test/privacy/support/seed-of
 * Distinct 32-byte seeds for the seeded DP e2e specs: filling every byte with
 * one value gives at most 256 streams, so rounds and clients would share them.
 */

/** A 32-byte seed from two integers (distinct pairs give distinct seeds). */
export function seedOf(a: number, b: number): Uint8Array {
  const seed = new Uint8Array(32);
  const v = new DataView(seed.buffer);
  v.setUint32(0, a);
  v.setUint32(4, b);
  return seed;
}
