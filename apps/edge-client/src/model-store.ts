/**
 * @module model-store
 * Global-model blobs addressed by content hash (never by task or round name).
 * A blob is fetched chunk by chunk with `model:fetch`: a single-chunk blob is
 * kept as received (no copy); a larger one is assembled in order by fl-core's
 * `ChunkAssembler`, which survives a cancelled or failed fetch so a retry asks
 * only for the missing chunks. The assembled bytes must hash (protocol
 * MODEL_HASH_ALGORITHM) to the announced hash before anyone uses them. Only
 * the most recent complete blobs are kept.
 */
import { modelHash } from '@fl/fl-core/node';
import { ChunkAssembler, WeightsError } from '@fl/fl-core';
import type { ModelRef } from '@fl/protocol';
import { ClientError } from './errors';

/** Fetches chunk `index` of blob `hash`; resolves with its bytes. */
export type ChunkFetcher = (hash: string, index: number) => Promise<Uint8Array>;

interface Partial {
  ref: ModelRef;
  assembler: ChunkAssembler;
}

export class ModelStore {
  private complete = new Map<string, Uint8Array>();
  private partial: Partial | null = null;

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
    const bytes = ref.chunks === 1 ? await this.fetchSingle(ref, fetch, cancelled) : await this.fetchChunked(ref, fetch, cancelled);
    const actual = modelHash(bytes);
    if (actual !== ref.hash.toLowerCase()) {
      throw new ClientError('HASH_MISMATCH', `model ${ref.hash.slice(0, 12)}… hashes to ${actual.slice(0, 12)}…; discarded`);
    }
    this.touch(ref.hash, bytes);
    return bytes;
  }

  private async fetchSingle(ref: ModelRef, fetch: ChunkFetcher, cancelled: () => boolean): Promise<Uint8Array> {
    if (cancelled()) throw cancelledError();
    const data = await fetch(ref.hash, 0);
    if (!(data instanceof Uint8Array) || data.byteLength !== ref.bytes) throw badChunk(ref, 0, data, ref.bytes);
    return data;
  }

  private async fetchChunked(ref: ModelRef, fetch: ChunkFetcher, cancelled: () => boolean): Promise<Uint8Array> {
    const asm = this.assemblerFor(ref);
    while (!asm.complete) {
      if (cancelled()) throw cancelledError();
      const i = asm.received;
      const data = await fetch(ref.hash, i);
      try {
        asm.add(i, ref.chunks, data);
      } catch (e) {
        if (e instanceof WeightsError) throw new ClientError('BAD_MODEL', `model ${ref.hash.slice(0, 12)}…: ${e.message}`);
        throw e;
      }
    }
    this.partial = null;
    return asm.bytes();
  }

  /** The in-progress assembly of `ref` (kept across a failed fetch), or a fresh one. */
  private assemblerFor(ref: ModelRef): ChunkAssembler {
    const p = this.partial;
    if (p && p.ref.hash === ref.hash && p.ref.bytes === ref.bytes && p.ref.chunkBytes === ref.chunkBytes) return p.assembler;
    let assembler: ChunkAssembler;
    try {
      assembler = new ChunkAssembler(ref.bytes, ref.chunkBytes);
    } catch (e) {
      throw new ClientError('BAD_MODEL', `model ${ref.hash.slice(0, 12)}…: ${(e as Error).message}`);
    }
    this.partial = { ref, assembler };
    return assembler;
  }

  private touch(hash: string, bytes: Uint8Array): void {
    this.complete.delete(hash);
    this.complete.set(hash, bytes);
    while (this.complete.size > this.keep) this.complete.delete(this.complete.keys().next().value as string);
  }
}

function cancelledError(): ClientError {
  return new ClientError('CANCELLED', 'task cancelled while fetching the model');
}

function badChunk(ref: ModelRef, i: number, data: unknown, want: number): ClientError {
  const got = data instanceof Uint8Array ? data.byteLength : 'no';
  return new ClientError('BAD_MODEL', `chunk ${i} of ${ref.hash.slice(0, 12)} has ${got} bytes, expected ${want}`);
}
