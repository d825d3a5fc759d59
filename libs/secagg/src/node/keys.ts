/**
 * @module node/keys
 * Raw 32-byte keys ⇄ node:crypto KeyObjects, imported as JWK (`kty: 'OKP'`).
 * node:crypto (OpenSSL `EVP_PKEY_new_raw_private_key`) builds a private key
 * from `d` alone and derives the public half itself; the JWK schema still
 * requires `x`, so when the public key is not known yet a placeholder is
 * passed and the real public key is then read back (tested against
 * tweetnacl). A PKCS#8 import would do the same ~10× slower.
 *
 * KeyObjects are cached per Uint8Array instance (WeakMap): the server
 * recovering a dropped client imports its key once for all k neighbours, and a
 * client imports its own key once. Never mutate a cached key array in place
 * and reuse it as a different key. Ed25519 public keys (long-term) are also
 * cached by content, so a new round config's fresh arrays do not re-import them.
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';

export type OkpCurve = 'X25519' | 'Ed25519';

const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64url');
const fromB64u = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64url'));
const PLACEHOLDER_X = b64u(new Uint8Array(32));

const privCache: Record<OkpCurve, WeakMap<Uint8Array, KeyObject>> = { X25519: new WeakMap(), Ed25519: new WeakMap() };
const pubCache: Record<OkpCurve, WeakMap<Uint8Array, KeyObject>> = { X25519: new WeakMap(), Ed25519: new WeakMap() };

/** `cacheKey` (default: `secret`) is the array instance the KeyObject is cached under. */
export function privateKeyObject(crv: OkpCurve, secret: Uint8Array, cacheKey: Uint8Array = secret): KeyObject {
  let k = privCache[crv].get(cacheKey);
  if (!k) {
    k = createPrivateKey({ key: { kty: 'OKP', crv, d: b64u(secret), x: PLACEHOLDER_X }, format: 'jwk' });
    privCache[crv].set(cacheKey, k);
  }
  return k;
}

/** The raw public key of a raw 32-byte private key (the seed, for Ed25519). */
export function publicKeyOf(crv: OkpCurve, secret: Uint8Array): Uint8Array {
  const jwk = createPublicKey(privateKeyObject(crv, secret)).export({ format: 'jwk' }) as { x: string };
  return fromB64u(jwk.x);
}

/**
 * Long-term Ed25519 public keys also by content (bounded, least recently used
 * first out): they arrive in a fresh array with every round config, and an
 * import costs about a third of a verify. X25519 public keys are per round,
 * so only the per-instance cache applies to them. Public data only.
 */
const ED25519_BY_CONTENT_MAX = 4096;
const ed25519ByContent = new Map<string, KeyObject>();

export function publicKeyObject(crv: OkpCurve, publicKey: Uint8Array): KeyObject {
  let k = pubCache[crv].get(publicKey);
  if (k) return k;
  const x = b64u(publicKey);
  if (crv === 'Ed25519') {
    k = ed25519ByContent.get(x);
    if (k) {
      ed25519ByContent.delete(x); // refresh its place in the LRU order
      ed25519ByContent.set(x, k);
    }
  }
  if (!k) {
    k = createPublicKey({ key: { kty: 'OKP', crv, x }, format: 'jwk' });
    if (crv === 'Ed25519') {
      if (ed25519ByContent.size >= ED25519_BY_CONTENT_MAX) ed25519ByContent.delete(ed25519ByContent.keys().next().value!);
      ed25519ByContent.set(x, k);
    }
  }
  pubCache[crv].set(publicKey, k);
  return k;
}
