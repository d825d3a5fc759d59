/**
 * @module node/ed25519-node
 * Ed25519 through `crypto.sign` / `crypto.verify` (null digest), keys imported
 * as JWK from tweetnacl's layout (64-byte secret = seed ‖ public key).
 * Signatures are deterministic (RFC 8032) and identical to tweetnacl's.
 */
import { randomBytes, sign, verify } from 'node:crypto';
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

/**
 * A fresh Ed25519 key pair in tweetnacl's layout (secret = seed ‖ public key):
 * the seed is 32 bytes from the CSPRNG (RFC 8032 §5.1.5: the private key is
 * 32 random octets) and OpenSSL derives the public key. Not through
 * `generateKeyPairSync`: on Node 20 its key-generation job keeps the key
 * and locks the key's mutex in its destructor, which a garbage collection can
 * run inside an immediate `export({ format: 'jwk' })` of that key, which holds
 * the same mutex: the thread deadlocks (seen in CI as a jest process stuck at
 * start-up, in `ExportJWKEdKey` → GC → `~KeyGenJob` → `uv_mutex_lock`).
 */
export function nodeSigningKeyPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const seed = new Uint8Array(randomBytes(32));
  const publicKey = nodeSigningPublicKey(seed);
  const secretKey = new Uint8Array(SIGNING_SECRET_KEY_BYTES);
  secretKey.set(seed);
  secretKey.set(publicKey, 32);
  seed.fill(0);
  return { publicKey, secretKey };
}

export function nodeVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature, SIGNATURE_BYTES) || !isBytes(publicKey, SIGNING_PUBLIC_KEY_BYTES)) return false;
  try {
    return verify(null, message, publicKeyObject('Ed25519', publicKey), signature);
  } catch {
    return false;
  }
}
