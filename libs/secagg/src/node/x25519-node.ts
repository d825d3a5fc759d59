/**
 * @module node/x25519-node
 * X25519 through `crypto.diffieHellman` on KeyObjects (≈ 15× tweetnacl's
 * scalarMult). Output is the raw RFC 7748 value, byte-identical to
 * `nacl.scalarMult` (tested on the RFC 7748 §6.1 vector), with the same guards:
 * 32-byte keys only, all-zero shared secrets refused.
 */
import { diffieHellman } from 'node:crypto';
import { checkKey, checkSharedSecret } from '../crypto/x25519';
import { SecAggError, SecAggErrorCode } from '../errors';
import { privateKeyObject, publicKeyObject, publicKeyOf } from './keys';

export function nodeX25519PublicKey(secretKey: Uint8Array): Uint8Array {
  checkKey(secretKey, 'X25519 secret key');
  return publicKeyOf('X25519', secretKey);
}

export function nodeX25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  checkKey(secretKey, 'X25519 secret key');
  checkKey(publicKey, 'X25519 public key');
  let raw: Buffer;
  try {
    raw = diffieHellman({ privateKey: privateKeyObject('X25519', secretKey), publicKey: publicKeyObject('X25519', publicKey) });
  } catch (e) {
    // OpenSSL refuses low-order points itself ("failed during derivation").
    throw new SecAggError(SecAggErrorCode.BadKey, `X25519 failed: ${(e as Error).message}`);
  }
  const out = new Uint8Array(raw);
  raw.fill(0);
  return checkSharedSecret(out);
}
