/**
 * @module crypto/kdf
 * Labelled KDF on SHA-512 (`nacl.hash`): `SHA-512(lp(label) ‖ lp(f1) ‖ … )`,
 * `lp(x) = u32le(|x|) ‖ x`, so field lists never collide. tweetnacl has no HKDF;
 * every side uses this one (ALGORITHMS.md §8.2).
 *
 * Mask seeds (§8.1): `seed_{u,v} = SHA-512(label ‖ runId ‖ round ‖ min(u,v) ‖
 * max(u,v) ‖ X25519(s_u^SK, s_v^PK))[0..32)`, min/max by canonical index.
 */
import nacl from 'tweetnacl';
import { Label } from '../constants';
import { lengthPrefixed } from '../util/bytes';

/** Full 64-byte labelled hash. */
export function labelledHash(label: string, fields: readonly (Uint8Array | string | number)[]): Uint8Array {
  return nacl.hash(lengthPrefixed([label, ...fields]));
}

/** First 32 bytes of the labelled hash: a key. */
export function deriveKey(label: string, fields: readonly (Uint8Array | string | number)[]): Uint8Array {
  return labelledHash(label, fields).slice(0, 32);
}

/** Pairwise mask seed of (u, v); `lo`/`hi` are the two ids ordered by canonical index. */
export function pairMaskSeed(runId: string, round: number, lo: string, hi: string, rawSharedSecret: Uint8Array): Uint8Array {
  return deriveKey(Label.PairMask, [runId, round, lo, hi, rawSharedSecret]);
}

/** Self-mask PRG key of u from its seed b_u. */
export function selfMaskKey(runId: string, round: number, id: string, b: Uint8Array): Uint8Array {
  return deriveKey(Label.SelfMask, [runId, round, id, b]);
}

/** secretbox key for the share ciphertexts between lo and hi (symmetric in u, v). */
export function shareKey(runId: string, round: number, lo: string, hi: string, rawSharedSecret: Uint8Array): Uint8Array {
  return deriveKey(Label.ShareKey, [runId, round, lo, hi, rawSharedSecret]);
}
