/**
 * @module crypto/nacl-backend
 * The platform-free `CryptoBackend`: tweetnacl for X25519, Ed25519 and SHA-512,
 * @noble/ciphers for the ChaCha20 PRG, tweetnacl for the opt-in XSalsa20 PRG.
 * Fine for clients with up to ~100 neighbours (tweetnacl scalarMult ≈ 1.5 k/s);
 * the coordinator should use `nodeBackend` from `@fl/secagg/node`.
 */
import { PrgId } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import type { CryptoBackend } from './backend';
import { nobleChaCha20Prg } from './chacha20-noble';
import { naclSha512 } from './kdf';
import { naclSign, naclSigningPublicKey, naclVerify } from './ed25519';
import type { MaskPrg } from './prg';
import { naclX25519, naclX25519PublicKey } from './x25519';
import { naclXSalsa20Prg } from './xsalsa20-nacl';

/** Resolves a protocol PRG id among the given implementations. */
export function selectPrg(id: string, chacha20: MaskPrg): MaskPrg {
  if (id === PrgId.ChaCha20) return chacha20;
  if (id === PrgId.XSalsa20) return naclXSalsa20Prg;
  throw new SecAggError(SecAggErrorCode.InvalidParams, `unknown PRG id ${JSON.stringify(id)}`);
}

export const naclBackend: CryptoBackend = {
  name: 'tweetnacl+noble',
  x25519PublicKey: naclX25519PublicKey,
  x25519: naclX25519,
  ed25519Sign: naclSign,
  ed25519Verify: naclVerify,
  ed25519PublicKey: naclSigningPublicKey,
  sha512: naclSha512,
  prg: (id) => selectPrg(id, nobleChaCha20Prg),
};
