/**
 * @module crypto/share-key
 * The one derivation of the key that encrypts Shamir shares between u and v
 * (Bonawitz et al. round 1, `AE_{KA(c_u^SK, c_v^PK)}`), used both when u seals
 * its shares for v (share-keys) and when u opens v's shares (masked-input):
 *   key = shareKey(runId, round, lo, hi, X25519(c_u^SK, c_v^PK)),
 * lo/hi being u and v ordered by canonical index, so u→v and v→u agree. The
 * raw X25519 output is wiped as soon as the KDF has read it.
 */
import type { CryptoBackend } from './backend';
import { shareKey } from './kdf';
import type { PairSide } from './masks';

export function deriveShareKey(
  backend: CryptoBackend,
  runId: string,
  round: number,
  self: PairSide,
  peer: PairSide,
  cSecretKey: Uint8Array,
  peerCPublicKey: Uint8Array,
): Uint8Array {
  const raw = backend.x25519(cSecretKey, peerCPublicKey);
  try {
    const [lo, hi] = self.index < peer.index ? [self.id, peer.id] : [peer.id, self.id];
    return shareKey(runId, round, lo, hi, raw, (d) => backend.sha512(d));
  } finally {
    raw.fill(0);
  }
}
