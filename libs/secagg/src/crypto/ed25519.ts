/**
 * @module crypto/ed25519
 * Ed25519 signatures (RFC 8032) via tweetnacl `nacl.sign.detached`, with length
 * guards. Long-term signing keys are registered at enrolment (Bonawitz et al.,
 * active model); a key pair is tweetnacl's (64-byte secret = seed ‖ public key).
 */
import nacl from 'tweetnacl';
import { SIGNATURE_BYTES, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SECRET_KEY_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isBytes } from '../util/bytes';
import type { KeyPair } from './backend';
import { secureRandom, type RandomSource } from './random';

export function naclSign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (!isBytes(secretKey, SIGNING_SECRET_KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, 'Ed25519 secret key must be 64 bytes');
  return nacl.sign.detached(message, secretKey);
}

/** False (never throws) for a bad signature, including wrong lengths. */
export function naclVerify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!isBytes(signature, SIGNATURE_BYTES) || !isBytes(publicKey, SIGNING_PUBLIC_KEY_BYTES)) return false;
  return nacl.sign.detached.verify(message, signature, publicKey);
}

/** The public key of a 32-byte Ed25519 seed, derived (not read from a 64-byte key's second half). */
export function naclSigningPublicKey(seed: Uint8Array): Uint8Array {
  if (!isBytes(seed, 32)) throw new SecAggError(SecAggErrorCode.BadKey, 'Ed25519 seed must be 32 bytes');
  return nacl.sign.keyPair.fromSeed(seed).publicKey;
}

/** A long-term Ed25519 identity key pair (enrolment). */
export function generateSigningKeyPair(random: RandomSource = secureRandom): KeyPair {
  return nacl.sign.keyPair.fromSeed(random(32));
}
