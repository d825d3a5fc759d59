/**
 * @module crypto/kdf
 * Labelled KDF on SHA-512: `SHA-512(lp(label) ‖ lp(f1) ‖ … )`,
 * `lp(x) = u32le(|x|) ‖ x`, so field lists never collide. tweetnacl has no HKDF;
 * every side uses this one (README.md "Cryptography"). The SHA-512 is a parameter:
 * `nacl.hash` by default, the backend's `sha512` in the stage functions
 * (node:crypto on `nodeBackend`); the bytes are identical (tested).
 *
 * Mask seeds: `seed_{u,v} = SHA-512(label ‖ runId ‖ round ‖ min(u,v) ‖
 * max(u,v) ‖ X25519(s_u^SK, s_v^PK))[0..32)`, min/max by canonical index.
 */
import nacl from 'tweetnacl';
import { Label } from '../constants';
import { lengthPrefixed } from '../util/bytes';

/** SHA-512 of a byte string: 64 bytes. */
export type Sha512 = (data: Uint8Array) => Uint8Array;

/** tweetnacl's SHA-512 (pure JS, any platform). */
export const naclSha512: Sha512 = (data) => nacl.hash(data);

type Field = Uint8Array | string | number;

/** Full 64-byte labelled hash. */
export function labelledHash(label: string, fields: readonly Field[], sha512: Sha512 = naclSha512): Uint8Array {
  const input = lengthPrefixed([label, ...fields]);
  try {
    return sha512(input);
  } finally {
    input.fill(0); // it may hold a raw X25519 output or b_u
  }
}

/** First 32 bytes of the labelled hash: a key (a fresh array; the other 32 bytes are wiped). */
export function deriveKey(label: string, fields: readonly Field[], sha512: Sha512 = naclSha512): Uint8Array {
  const h = labelledHash(label, fields, sha512);
  const key = new Uint8Array(32);
  key.set(h.subarray(0, 32));
  h.fill(0);
  return key;
}

/** Pairwise mask seed of (u, v); `lo`/`hi` are the two ids ordered by canonical index. */
export function pairMaskSeed(runId: string, round: number, lo: string, hi: string, rawSharedSecret: Uint8Array, sha512: Sha512 = naclSha512): Uint8Array {
  return deriveKey(Label.PairMask, [runId, round, lo, hi, rawSharedSecret], sha512);
}

/** Self-mask PRG key of u from its seed b_u. */
export function selfMaskKey(runId: string, round: number, id: string, b: Uint8Array, sha512: Sha512 = naclSha512): Uint8Array {
  return deriveKey(Label.SelfMask, [runId, round, id, b], sha512);
}

/** secretbox key for the share ciphertexts between lo and hi (symmetric in u, v). */
export function shareKey(runId: string, round: number, lo: string, hi: string, rawSharedSecret: Uint8Array, sha512: Sha512 = naclSha512): Uint8Array {
  return deriveKey(Label.ShareKey, [runId, round, lo, hi, rawSharedSecret], sha512);
}
