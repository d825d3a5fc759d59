/**
 * @module crypto/x25519
 * X25519 key agreement (RFC 7748) on tweetnacl, with the guards tweetnacl
 * leaves to the caller: 32-byte keys only, and an all-zero shared secret (a
 * low-order peer key) is refused. The output is the *raw* X25519 value
 * (`nacl.scalarMult`), never `nacl.box.before` (which is HSalsa20 of it); callers
 * hash it with a label (crypto/kdf) so every side derives identically.
 */
import nacl from 'tweetnacl';
import { KEY_BYTES } from '../constants';
import { SecAggError, SecAggErrorCode } from '../errors';
import { isAllZero, isBytes } from '../util/bytes';
import type { KeyPair } from './backend';
import { secureRandom, type RandomSource } from './random';

export function checkKey(k: unknown, what: string): asserts k is Uint8Array {
  if (!isBytes(k, KEY_BYTES)) throw new SecAggError(SecAggErrorCode.BadKey, `${what} must be ${KEY_BYTES} bytes`);
}

export function naclX25519PublicKey(secretKey: Uint8Array): Uint8Array {
  checkKey(secretKey, 'X25519 secret key');
  return nacl.scalarMult.base(secretKey);
}

export function naclX25519(secretKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  checkKey(secretKey, 'X25519 secret key');
  checkKey(publicKey, 'X25519 public key');
  return checkSharedSecret(nacl.scalarMult(secretKey, publicKey));
}

/** Refuses the all-zero output of a low-order point. */
export function checkSharedSecret(raw: Uint8Array): Uint8Array {
  if (raw.length !== KEY_BYTES || isAllZero(raw)) {
    throw new SecAggError(SecAggErrorCode.BadKey, 'X25519 shared secret is all-zero (low-order public key)');
  }
  return raw;
}

/** A fresh X25519 key pair: 32 CSPRNG bytes and their public key. */
export function generateX25519KeyPair(publicKeyOf: (sk: Uint8Array) => Uint8Array, random: RandomSource = secureRandom): KeyPair {
  const secretKey = random(KEY_BYTES);
  return { secretKey, publicKey: publicKeyOf(secretKey) };
}
