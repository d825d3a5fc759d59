/**
 * @module enrollment/token-secret
 * Enrollment token secrets: `et_<16 random bytes, hex>.<32 random bytes,
 * base64url>`. The part before the dot is the token's id (public: lists,
 * audit, lookups); only a SHA-256 hash of the whole secret is stored. With
 * 256 random bits a plain hash is enough (no password stretching needed),
 * and hashes are compared in constant time.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newTokenSecret(): { id: string; secret: string; secretHash: string } {
  const id = `et_${randomBytes(16).toString('hex')}`;
  const secret = `${id}.${randomBytes(32).toString('base64url')}`;
  return { id, secret, secretHash: hashSecret(secret) };
}

/** Whether `presented` hashes to `storedHash` (constant time). */
export function secretMatches(storedHash: string, presented: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(hashSecret(presented), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
