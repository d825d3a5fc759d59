/**
 * @module uploader
 * Sends a trained update. When the coordinator accepts it
 * (`Connection.commitWithData`) and the serialized update fits in one chunk,
 * it travels inside `update:commit` itself: one message and one ack. Otherwise
 * `serializeWeights` → `splitChunks` (the coordinator's `maxChunkBytes`, at
 * most `MAX_CHUNK_BYTES`) → one `update:chunk` per piece in index order, each
 * awaited → `update:commit`. Binary data is emitted as `Buffer` views so
 * socket.io sends it as binary attachments, never as JSON.
 */
import { MAX_CHUNK_BYTES, type RoundTask, type UpdateCommit } from '@fl/protocol';
import { serializeWeights, splitChunks } from '@fl/fl-core';
import type { Connection } from './connection';
import type { TrainOutcome } from './trainers/local-trainer';

export function asBuffer(u8: Uint8Array): Buffer {
  return Buffer.isBuffer(u8) ? u8 : Buffer.from(u8.buffer, u8.byteOffset, u8.byteLength);
}

/** Uploads `out` for `task`; `timeoutMs` bounds each request. Returns the bytes sent. */
export async function uploadUpdate(conn: Connection, task: RoundTask, out: TrainOutcome, timeoutMs: () => number): Promise<number> {
  const bytes = out.serialized ?? serializeWeights(out.weights);
  const chunkBytes = Math.min(MAX_CHUNK_BYTES, conn.maxChunkBytes);
  const commit: UpdateCommit = {
    taskId: task.taskId,
    jobId: task.jobId,
    round: task.round,
    attempt: task.attempt,
    numExamples: out.numExamples,
    metrics: out.metrics,
    proximalMu: out.proximalMu,
  };
  if (conn.commitWithData && bytes.byteLength <= chunkBytes) {
    await conn.request('update:commit', { ...commit, data: asBuffer(bytes) }, timeoutMs());
    return bytes.byteLength;
  }
  const parts = splitChunks(bytes, chunkBytes);
  for (let index = 0; index < parts.length; index++) {
    await conn.request(
      'update:chunk',
      { taskId: task.taskId, index, total: parts.length, totalBytes: bytes.byteLength, data: asBuffer(parts[index]) },
      timeoutMs(),
    );
  }
  await conn.request('update:commit', commit, timeoutMs());
  return bytes.byteLength;
}
