/**
 * @module model-store
 * Global-model blobs addressed by content hash (never by task or round name).
 * A blob is assembled from `model:fetch` chunks; chunks already held survive a
 * cancelled or failed fetch, so a retry asks only for the missing ones. The
 * assembled bytes must hash (protocol MODEL_HASH_ALGORITHM) to the announced hash before anyone
 * uses them. Only the most recent complete blobs are kept.
 */
import { modelHash } from '@fl/fl-core/node';
import type { ModelRef } from '@fl/protocol';
import { ClientError } from './errors';

/** Fetches chunk `index` of blob `hash`; resolves with its bytes. */
export type ChunkFetcher = (hash: string, index: number) => Promise<Uint8Array>;

interface Partial {
  ref: ModelRef;
  chunks: (Uint8Array | undefined)[];
}

export class ModelStore {
  private complete = new Map<string, Uint8Array>();
  private partial = new Map<string, Partial>();

  constructor(private readonly keep = 2) {}

  has(hash: string): boolean {
    return this.complete.has(hash);
  }

  /** The blob for `ref`, fetching whatever chunks are missing. */
  async get(ref: ModelRef, fetch: ChunkFetcher, cancelled: () => boolean = () => false): Promise<Uint8Array> {
    const hit = this.complete.get(ref.hash);
    if (hit) {
      this.touch(ref.hash, hit);
      return hit;
    }
    const p = this.partialFor(ref);
    for (let i = 0; i < ref.chunks; i++) {
      if (p.chunks[i]) continue;
      if (cancelled()) throw new ClientError('CANCELLED', 'task cancelled while fetching the model');
      const data = await fetch(ref.hash, i);
      const want = i < ref.chunks - 1 ? ref.chunkBytes : ref.bytes - ref.chunkBytes * (ref.chunks - 1);
      if (!(data instanceof Uint8Array) || data.byteLength !== want) {
        throw new ClientError('BAD_MODEL', `chunk ${i} of ${ref.hash.slice(0, 12)} has ${data?.byteLength ?? 'no'} bytes, expected ${want}`);
      }
      p.chunks[i] = data;
    }
    const bytes = concat(p.chunks as Uint8Array[], ref.bytes);
    this.partial.delete(ref.hash);
    const actual = modelHash(bytes);
    if (actual !== ref.hash.toLowerCase()) {
      throw new ClientError('HASH_MISMATCH', `model ${ref.hash.slice(0, 12)}… hashes to ${actual.slice(0, 12)}…; discarded`);
    }
    this.touch(ref.hash, bytes);
    return bytes;
  }

  private partialFor(ref: ModelRef): Partial {
    const p = this.partial.get(ref.hash);
    if (p && p.ref.bytes === ref.bytes && p.ref.chunkBytes === ref.chunkBytes) return p;
    // A new blob in progress replaces older partial ones: keep memory bounded.
    this.partial.clear();
    const fresh: Partial = { ref, chunks: new Array(ref.chunks) };
    this.partial.set(ref.hash, fresh);
    return fresh;
  }

  private touch(hash: string, bytes: Uint8Array): void {
    this.complete.delete(hash);
    this.complete.set(hash, bytes);
    while (this.complete.size > this.keep) this.complete.delete(this.complete.keys().next().value as string);
  }
}


function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0].byteLength === total && parts[0].byteOffset % 4 === 0) return parts[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}
