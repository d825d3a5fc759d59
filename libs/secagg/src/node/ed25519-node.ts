/**
 * @module node/ed25519-node
 * Ed25519 through `crypto.sign` / `crypto.verify` (null digest), keys imported
 * as JWK from tweetnacl's layout (64-byte secret = seed ‖ public key).
 * Signatures are deterministic (RFC 8032) and identical to tweetnacl's.
 */
import { sign, verify } from 'node:crypto';
import { SIGNATURE_BYTES, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SECRET_KEY_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes } from '../util/bytes';
import { privateKeyObject, publicKeyObject, publicKeyOf } from './keys';

export function nodeSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (!isBytes(secretKey, SIGNING_SECRET_KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, 'Ed25519 secret key must be 64 bytes');
  const key = privateKeyObject('Ed25519', secretKey.subarray(0, 32), secretKey);
  return new Uint8Array(sign(null, message, key));
}

/** The public key of a 32-byte Ed25519 seed (OpenSSL derives it). */
export function nodeSigningPublicKey(seed: Uint8Array): Uint8Array {
  if (!isBytes(seed, 32)) throw new SecAggError(SecAggErrorCode.BadKey, 'Ed25519 seed must be 32 bytes');
  return publicKeyOf('Ed25519', seed);
}

export function nodeVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature, SIGNATURE_BYTES) || !isBytes(publicKey, SIGNING_PUBLIC_KEY_BYTES)) return false;
  try {
    return verify(null, message, publicKeyObject('Ed25519', publicKey), signature);
  } catch {
    return false;
  }
}
