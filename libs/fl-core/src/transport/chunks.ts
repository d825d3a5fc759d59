/**
 * @module transport/chunks
 * Splitting a binary blob into fixed-size chunks and reassembling it strictly.
 * Every chunk but the last is exactly `chunkBytes` long; there are
 * `ceil(totalBytes / chunkBytes)` of them and they arrive in index order.
 * The assembler writes into its own buffer or into a caller's `ByteTarget`
 * (e.g. `WeightedDeltaSum.updateBuffer`, so an upload lands in wasm memory).
 */
import { MAX_MODEL_BYTES } from '@fl/protocol';
import { WeightsError } from '../errors/weights-error';
import { InvalidArgumentError } from '../errors/invalid-argument-error';
import { isUint8Array } from '../weights/format';
import type { ByteTarget } from './byte-target';

function positiveInt(v: number): boolean {
  return Number.isSafeInteger(v) && v > 0;
}

/** Number of chunks for a blob: `ceil(totalBytes / chunkBytes)`. */
export function chunkCount(totalBytes: number, chunkBytes: number): number {
  return Math.ceil(totalBytes / chunkBytes);
}

/** Views (subarrays, no copies) of `bytes` of at most `chunkBytes` each; [] for an empty input. */
export function splitChunks(bytes: Uint8Array, chunkBytes: number): Uint8Array[] {
  if (!positiveInt(chunkBytes)) throw new InvalidArgumentError('splitChunks', [`chunkBytes must be a positive integer (got ${chunkBytes})`]);
  const out: Uint8Array[] = [];
  for (let start = 0; start < bytes.byteLength; start += chunkBytes) out.push(bytes.subarray(start, start + chunkBytes));
  return out;
}

/**
 * Reassembles chunks into one buffer preallocated at construction. Refuses,
 * with a `WeightsError`, anything that does not follow the chunking rule:
 * OVERSIZED when the announced size exceeds the cap or a chunk is longer than
 * its slot; BAD_PAYLOAD for out-of-order, duplicate, short or extra chunks and
 * a wrong or changing `total`.
 */
export class ChunkAssembler {
  private readonly target: ByteTarget;
  private readonly expectedChunks: number;
  private next = 0;

  /**
   * @param totalBytes size of the whole blob (announced by the sender).
   * @param chunkBytes size of every chunk but the last.
   * @param maxBytes cap on `totalBytes` (e.g. the expected update size); never above MAX_MODEL_BYTES.
   * @param target where to assemble, exactly `totalBytes` long; by default a new Uint8Array.
   */
  constructor(
    readonly totalBytes: number,
    readonly chunkBytes: number,
    maxBytes: number = MAX_MODEL_BYTES,
    target?: ByteTarget,
  ) {
    if (!positiveInt(maxBytes)) throw new InvalidArgumentError('ChunkAssembler', [`maxBytes must be a positive integer (got ${maxBytes})`]);
    const cap = Math.min(maxBytes, MAX_MODEL_BYTES);
    if (!positiveInt(totalBytes)) throw new WeightsError('BAD_PAYLOAD', `totalBytes must be a positive integer (got ${totalBytes})`);
    if (totalBytes > cap) throw new WeightsError('OVERSIZED', `totalBytes ${totalBytes} exceeds the limit of ${cap}`);
    if (!positiveInt(chunkBytes)) throw new WeightsError('BAD_PAYLOAD', `chunkBytes must be a positive integer (got ${chunkBytes})`);
    this.expectedChunks = chunkCount(totalBytes, chunkBytes);
    if (target === undefined) {
      const buffer = new Uint8Array(totalBytes);
      this.target = { byteLength: totalBytes, bytes: () => buffer };
    } else {
      if (target.byteLength !== totalBytes)
        throw new InvalidArgumentError('ChunkAssembler', [`target is ${target.byteLength} bytes, totalBytes is ${totalBytes}`]);
      this.target = target;
    }
  }

  /** Number of chunks the blob is made of. */
  get total(): number {
    return this.expectedChunks;
  }

  /** Index of the next chunk expected (= number of chunks received). */
  get received(): number {
    return this.next;
  }

  get complete(): boolean {
    return this.next === this.expectedChunks;
  }

  /** Adds chunk `index` of `total`. @throws WeightsError OVERSIZED / BAD_PAYLOAD. */
  add(index: number, total: number, data: Uint8Array): void {
    if (total !== this.expectedChunks)
      throw new WeightsError('BAD_PAYLOAD', `total must be ${this.expectedChunks} for ${this.totalBytes} bytes in ${this.chunkBytes}-byte chunks (got ${total})`);
    if (!Number.isSafeInteger(index) || index < 0 || index >= total) throw new WeightsError('BAD_PAYLOAD', `chunk index ${index} out of range [0, ${total})`);
    if (index < this.next) throw new WeightsError('BAD_PAYLOAD', `duplicate chunk ${index}`);
    if (index > this.next) throw new WeightsError('BAD_PAYLOAD', `chunk ${index} out of order, expected ${this.next}`);
    if (!isUint8Array(data)) throw new WeightsError('BAD_PAYLOAD', 'chunk data must be binary (Uint8Array / Buffer)');
    const start = index * this.chunkBytes;
    const expected = Math.min(this.chunkBytes, this.totalBytes - start);
    if (data.byteLength > expected) throw new WeightsError('OVERSIZED', `chunk ${index} is ${data.byteLength} bytes, expected ${expected}`);
    if (data.byteLength < expected) throw new WeightsError('BAD_PAYLOAD', `chunk ${index} is ${data.byteLength} bytes, expected ${expected}`);
    this.target.bytes().set(data, start);
    this.next++;
  }

  /** The assembled blob (the buffer or target itself, no copy). @throws WeightsError BAD_PAYLOAD before completion. */
  bytes(): Uint8Array {
    if (!this.complete) throw new WeightsError('BAD_PAYLOAD', `only ${this.next} of ${this.expectedChunks} chunks received`);
    return this.target.bytes();
  }
}
