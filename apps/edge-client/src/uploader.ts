/**
 * @module uploader
 * Sends a trained update. Over the coordinator's bulk channel when the
 * connection has a usable one (one HTTP `PUT`, then `update:commit` without
 * data; see `Connection.uploadBulk`). Otherwise, when the coordinator accepts it
 * (`Connection.commitWithData`) and the serialized update fits in one chunk,
 * it travels inside `update:commit` itself: one message and one ack. Otherwise
 * `serializeWeights` → `splitChunks` (the coordinator's `maxChunkBytes`, at
 * most `MAX_CHUNK_BYTES`) → one `update:chunk` per piece in index order, each
 * awaited → `update:commit`. Binary data is emitted as `Buffer` views so
 * socket.io sends it as binary attachments, never as JSON.
 *
 * `uploadChunks` is the chunk path on its own: secure rounds send their masked
 * vector through it too (secagg/stage-driver), then a `secagg:message` instead
 * of the commit.
 */
import { MAX_CHUNK_BYTES, type RoundTask, type UpdateCommit } from '@fl/protocol';
import { serializeWeights, splitChunks } from '@fl/fl-core';
import type { Connection } from './connection';
import { ClientError } from './errors';
import type { TrainOutcome } from './trainers/local-trainer';

/** What the chunk path needs from a connection (a `Connection`, or a test double). */
export type ChunkSink = Pick<Connection, 'request' | 'maxChunkBytes'> & Partial<Pick<Connection, 'uploadBulk'>>;

export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/**
 * Sends `bytes` for `taskId` as `update:chunk` requests in index order, each
 * acknowledged before the next; `timeoutMs` bounds each request. Stops with
 * `CANCELLED` before a chunk once `cancelled()` is true. Returns the number of
 * chunks.
 */
export async function uploadChunks(
  conn: ChunkSink,
  taskId: string,
  bytes: Uint8Array,
  timeoutMs: () => number,
  cancelled: () => boolean = () => false,
): Promise<number> {
  if (cancelled()) throw new ClientError('CANCELLED', `upload for task ${taskId} cancelled`);
  if (await conn.uploadBulk?.(taskId, bytes, timeoutMs())) return 1;
  const chunkBytes = Math.min(MAX_CHUNK_BYTES, conn.maxChunkBytes);
  const parts = splitChunks(bytes, chunkBytes);
  for (let index = 0; index < parts.length; index++) {
    if (cancelled()) throw new ClientError('CANCELLED', `upload for task ${taskId} cancelled`);
    await conn.request('update:chunk', { taskId, index, total: parts.length, totalBytes: bytes.byteLength, data: asBuffer(parts[index]) }, timeoutMs());
  }
  return parts.length;
}

/** Uploads `out` for `task`; `timeoutMs` bounds each request. Returns the bytes sent. */
export async function uploadUpdate(conn: ChunkSink & Partial<Pick<Connection, 'commitWithData'>>, task: RoundTask, out: TrainOutcome, timeoutMs: () => number): Promise<number> {
  const bytes = out.serialized ?? serializeWeights(out.weights);
  const commit: UpdateCommit = {
    taskId: task.taskId,
    jobId: task.jobId,
    round: task.round,
    attempt: task.attempt,
    numExamples: out.numExamples,
    metrics: out.metrics,
    proximalMu: out.proximalMu,
  };
  if (await conn.uploadBulk?.(task.taskId, bytes, timeoutMs())) {
    await conn.request('update:commit', commit, timeoutMs());
    return bytes.byteLength;
  }
  if (conn.commitWithData && bytes.byteLength <= Math.min(MAX_CHUNK_BYTES, conn.maxChunkBytes)) {
    await conn.request('update:commit', { ...commit, data: asBuffer(bytes) }, timeoutMs());
    return bytes.byteLength;
  }
  await uploadChunks(conn, task.taskId, bytes, timeoutMs);
  await conn.request('update:commit', commit, timeoutMs());
  return bytes.byteLength;
}
