/**
 * @module rounds/task-slot
 * One task given to one client in one round attempt, and its upload.
 *
 * States: offered → accepted → delivered, or → failed / cancelled from
 * offered or accepted. Only offered and accepted are pending; a closed slot
 * answers every later message with STALE_ROUND (or DUPLICATE once delivered).
 *
 * Uploads: a single-chunk upload, or one carried in the commit itself
 * (`UpdateCommit.data`, instead of any chunk), is kept as received (no copy);
 * a multi-chunk one goes through fl-core's `ChunkAssembler`, whose chunk size
 * is the first chunk's length (the client picks any size ≤ MAX_CHUNK_BYTES).
 */
import { ErrorCode, type TaskKind, type UpdateChunk } from '@fl/protocol';
import { ChunkAssembler, WeightsError } from '@fl/fl-core';

export type SlotState = 'offered' | 'accepted' | 'delivered' | 'failed' | 'cancelled';

export class TaskSlot {
  state: SlotState = 'offered';
  /** The example count the client declared when it accepted (secure train tasks), if it did. */
  declaredExamples: number | null = null;
  private assembler: ChunkAssembler | null = null;
  private single: Uint8Array | null = null;

  constructor(
    readonly taskId: string,
    readonly clientId: string,
    readonly kind: TaskKind,
  ) {}

  get pending(): boolean {
    return this.state === 'offered' || this.state === 'accepted';
  }

  /**
   * Adds one upload chunk. `expectedBytes` is the exact serialized size of the
   * round's layout. @throws WeightsError OVERSIZED / BAD_PAYLOAD
   * @returns chunks received so far
   */
  addChunk(msg: UpdateChunk, expectedBytes: number): number {
    if (msg.totalBytes !== expectedBytes)
      throw new WeightsError(ErrorCode.Oversized, `update announces ${msg.totalBytes} bytes; the model serializes to exactly ${expectedBytes}`);
    if (this.single || this.assembler?.complete) throw new WeightsError(ErrorCode.BadPayload, `chunk ${msg.index} after the upload was complete`);
    if (!this.assembler) {
      if (msg.index !== 0) throw new WeightsError(ErrorCode.BadPayload, `chunk ${msg.index} out of order, expected 0`);
      if (msg.total === 1) {
        this.single = whole(msg.data, expectedBytes, 'chunk 0');
        return 1;
      }
      if (msg.data.byteLength === 0) throw new WeightsError(ErrorCode.BadPayload, 'chunk 0 is empty');
      this.assembler = new ChunkAssembler(expectedBytes, msg.data.byteLength, expectedBytes);
    }
    this.assembler.add(msg.index, msg.total, msg.data);
    return this.assembler.received;
  }

  /**
   * Checks, before a byte is read, that an upload of `length` bytes sent
   * whole (one chunk, the bulk channel) would be accepted.
   * @throws WeightsError OVERSIZED / BAD_PAYLOAD as {@link addChunk}
   */
  expectWhole(length: number, expectedBytes: number): void {
    if (this.single || this.assembler) throw new WeightsError(ErrorCode.BadPayload, 'an upload for this task was already received');
    whole({ byteLength: length }, expectedBytes, 'the upload');
  }

  /**
   * The complete upload; clears it from the slot. `carried` is an update sent
   * inside the commit (`UpdateCommit.data`): it must be exactly
   * `expectedBytes` and come without any chunk before it.
   * @throws WeightsError BAD_PAYLOAD when incomplete, or chunks and carried
   *   data both; OVERSIZED when `carried` is larger than `expectedBytes`.
   */
  /** Whether any update chunk has been received (and not yet taken). */
  get hasUpload(): boolean {
    return this.single !== null || this.assembler !== null;
  }

  takeUpload(carried?: Uint8Array, expectedBytes?: number): Uint8Array {
    if (carried !== undefined) {
      if (this.single || this.assembler) throw new WeightsError(ErrorCode.BadPayload, 'commit carries the update, but update chunks were sent too');
      return whole(carried, expectedBytes ?? carried.byteLength, 'the update carried in the commit');
    }
    const bytes = this.single ?? this.assembler?.bytes();
    if (!bytes) throw new WeightsError(ErrorCode.BadPayload, 'commit before any update chunk');
    this.single = null;
    this.assembler = null;
    return bytes;
  }

  /** Closes the slot and drops any partial upload. */
  close(state: 'delivered' | 'failed' | 'cancelled'): void {
    this.state = state;
    this.single = null;
    this.assembler = null;
  }
}

/** `data` when it is exactly `expectedBytes` long. @throws WeightsError OVERSIZED / BAD_PAYLOAD */
function whole<T extends { byteLength: number }>(data: T, expectedBytes: number, what: string): T {
  if (data.byteLength > expectedBytes) throw new WeightsError(ErrorCode.Oversized, `${what} is ${data.byteLength} bytes, expected ${expectedBytes}`);
  if (data.byteLength < expectedBytes) throw new WeightsError(ErrorCode.BadPayload, `${what} is ${data.byteLength} bytes, expected ${expectedBytes}`);
  return data;
}
