/**
 * @module auth/token-secret
 * API token and session secrets. A token reads `flt_<id>_<secret>`: the id
 * (16 hex digits) finds the stored row in one lookup, the secret is 32 random
 * bytes (node:crypto CSPRNG) in base64url. Only SHA-256 of the whole string is
 * stored, and hashes are compared with `timingSafeEqual` (constant time).
 * Dashboard session ids are 32 random bytes too, stored the same way.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const TOKEN_PREFIX = 'flt_';
/** `flt_<id>_<secret>`: id of 1–32 lowercase letters/digits, secret of at least 43 base64url characters (32 bytes). */
export const TOKEN_PATTERN = /^flt_([a-z0-9]{1,32})_([A-Za-z0-9_-]{43,256})$/;
/** Sessions: 43 base64url characters (32 bytes). */
export const SESSION_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export interface NewTokenSecret {
  id: string;
  /** The whole `flt_…` string: shown once, never stored. */
  secret: string;
  hash: string;
}

/** SHA-256 (hex) of a secret. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when `secret` hashes to `hash`, compared in constant time. */
export function secretMatches(secret: string, hash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(hash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newTokenSecret(): NewTokenSecret {
  const id = randomBytes(8).toString('hex');
  const secret = `${TOKEN_PREFIX}${id}_${randomBytes(32).toString('base64url')}`;
  return { id, secret, hash: hashSecret(secret) };
}

/** The token id inside a well-formed secret, else null (nothing else is looked up). */
export function tokenIdOf(secret: string): string | null {
  return TOKEN_PATTERN.exec(secret)?.[1] ?? null;
}

export function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}
