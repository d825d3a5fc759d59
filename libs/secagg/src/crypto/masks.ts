/**
 * @module crypto/masks
 * The two masks of Bonawitz et al. §4 round 2, shared by client and server so
 * both derive bit-identical streams:
 * - self mask PRG(b_u), keyed with `selfMaskKey(runId, round, u, b_u)`;
 * - pairwise mask p_{u,v} = ±PRG(seed_{u,v}), `seed = pairMaskSeed(runId, round,
 *   lo, hi, X25519(s_u^SK, s_v^PK))`, with + when u's canonical index is below
 *   v's, so p_{u,v} + p_{v,u} ≡ 0 (mod 2^32).
 * The server removes a dropped v's masks with v's rebuilt s_v^SK: X25519 is
 * symmetric, so the seed is the same.
 */
import type { CryptoBackend } from './backend';
import { naclSha512, pairMaskSeed, selfMaskKey, type Sha512 } from './kdf';
import type { Mask, MaskPrg } from './prg';

export interface PairSide {
  id: string;
  index: number;
}

/** `sign`·PRG(b_u) as a mask to stream (`sha512`: e.g. the backend's; default tweetnacl, same bytes). */
export function selfMask(runId: string, round: number, id: string, b: Uint8Array, sign: 1 | -1, sha512: Sha512 = naclSha512): Mask {
  return { key: selfMaskKey(runId, round, id, b, sha512), sign };
}

/** `sign`·p_{u,v} as a mask to stream; u owns `secretKey` (s_u^SK), v advertised `peerPublicKey` (s_v^PK). */
export function pairMask(
  backend: CryptoBackend,
  runId: string,
  round: number,
  u: PairSide,
  v: PairSide,
  secretKey: Uint8Array,
  peerPublicKey: Uint8Array,
  sign: 1 | -1,
): Mask {
  const raw = backend.x25519(secretKey, peerPublicKey);
  const up = u.index < v.index;
  const [lo, hi] = up ? [u.id, v.id] : [v.id, u.id];
  let key: Uint8Array;
  try {
    key = pairMaskSeed(runId, round, lo, hi, raw, (d) => backend.sha512(d));
  } finally {
    raw.fill(0);
  }
  const direction: 1 | -1 = up ? 1 : -1;
  return { key, sign: (direction * sign) as 1 | -1 };
}

/** Streams every mask into `acc`, then wipes the seeds. */
export function applyMasks(prg: MaskPrg, acc: Uint32Array, masks: Mask[]): void {
  try {
    prg.addMasks(acc, masks);
  } finally {
    for (const m of masks) m.key.fill(0);
  }
}
