/**
 * @module @fl/fl-core/node
 * Node-only helpers built on node:crypto. Everything platform-free stays in
 * the main entry.
 */
import { createHash } from 'node:crypto';
export * from './index';

/** `MODEL_HASH_ALGORITHM` of `bytes`: BLAKE2b-512, first 32 bytes, lower-case hex. */
export function modelHash(bytes: Uint8Array): string {
  return createHash('blake2b512').update(bytes).digest('hex').slice(0, 64);
}
