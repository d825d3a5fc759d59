/**
 * @module @fl/fl-core/node
 * Node-only helpers built on node:crypto. Everything platform-free stays in
 * the main entry.
 */
import { createHash } from 'node:crypto';
import { MODEL_HASH_ALGORITHM } from '@fl/protocol';
export * from './index';
export { WorkerRequests } from './threads/worker-requests';

/** `MODEL_HASH_ALGORITHM` (SHA-256) of `bytes`, lower-case hex. */
export function modelHash(bytes: Uint8Array): string {
  return createHash(MODEL_HASH_ALGORITHM).update(bytes).digest('hex');
}
